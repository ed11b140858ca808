from __future__ import annotations

from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    path("", views.pledge_list, name="list"),
    path("new/<int:campaign_pk>/", views.pledge_create, name="create"),
    path("<int:pk>/", views.pledge_detail, name="detail"),
    path("<int:pk>/edit/", views.pledge_update, name="update"),
    path("<int:pk>/sections/new/", views.section_edit, name="section_create"),
    path("<int:pk>/sections/<int:section_pk>/edit/", views.section_edit, name="section_update"),
    path("<int:pk>/targets/new/", views.target_edit, name="target_create"),
    path("<int:pk>/targets/<int:target_pk>/edit/", views.target_edit, name="target_update"),
    path("targets/<int:target_pk>/review/", views.target_review, name="target_review"),
    path("targets/<int:target_pk>/delete/", views.target_delete, name="target_delete"),
    path("<int:pk>/registrations/<int:unit_pk>/", views.registration_edit, name="registration"),
    path("<int:pk>/open/", views.pledge_open, name="open"),
    path("<int:pk>/new-version/", views.pledge_new_version, name="new_version"),
    path("<int:pk>/sign/", views.pledge_sign, name="sign"),
    path("<int:pk>/verify/", views.pledge_verify, name="verify"),
    path("<int:pk>/document/", views.pledge_document, name="document"),
    path("<int:pk>/document/render/", views.pledge_document_render, name="document_render"),
    path("verify/<uuid:public_id>/", views.pledge_verify_public, name="verify_public"),
    path("<int:pk>/progress/", views.progress_dashboard, name="progress"),
    path("<int:pk>/progress/xlsx/", views.progress_export, name="progress_export"),
    path("targets/<int:target_pk>/progress/", views.target_progress, name="target_progress"),
    path("evidence/<int:evidence_pk>/", views.evidence_download, name="evidence"),
    path("<int:pk>/reviews/<str:kind>/", views.review_submit, name="review"),
    path("delegations/", views.delegation_list, name="delegations"),
    path(
        "delegations/<int:delegation_pk>/revoke/", views.delegation_revoke, name="delegation_revoke"
    ),
]

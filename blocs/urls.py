from __future__ import annotations

from django.urls import path

from . import export_views, import_views, views

app_name = "blocs"

urlpatterns = [
    path("blocs/", views.bloc_list, name="bloc_list"),
    path("blocs/new/", views.bloc_create, name="bloc_create"),
    path("blocs/<int:pk>/", views.bloc_detail, name="bloc_detail"),
    path("blocs/<int:pk>/years/<int:year>/", views.bloc_detail, name="bloc_year"),
    path("blocs/<int:pk>/edit/", views.bloc_update, name="bloc_update"),
    path(
        "blocs/<int:pk>/years/<int:year>/members/new/",
        views.membership_create,
        name="membership_create",
    ),
    path(
        "blocs/<int:pk>/years/<int:year>/exports/<slug:export_kind>/",
        export_views.bloc_export,
        name="bloc_export",
    ),
    path("blocs/<int:pk>/roster/", views.roster_request, name="roster_request"),
    path("memberships/<int:pk>/edit/", views.membership_update, name="membership_update"),
    path("memberships/<int:pk>/delete/", views.membership_delete, name="membership_delete"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/export/", export_views.unit_export, name="unit_export"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_update, name="unit_update"),
    path("units/<int:pk>/strength/", views.unit_strength, name="unit_strength"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_update, name="campaign_update"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/export/", export_views.person_export, name="person_export"),
    path("people/<int:pk>/edit/", views.person_update, name="person_update"),
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<uuid:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<uuid:pk>/download/", views.job_download, name="job_download"),
    path("jobs/<uuid:pk>/retry/", views.job_retry, name="job_retry"),
    path(
        "blocs/<int:bloc_pk>/years/<int:year>/imports/<slug:import_kind>/",
        import_views.import_upload,
        name="import_upload",
    ),
    path(
        "blocs/<int:bloc_pk>/years/<int:year>/imports/<slug:import_kind>/template/",
        import_views.import_template,
        name="import_template",
    ),
    path("imports/<uuid:pk>/", import_views.import_preview, name="import_preview"),
    path("imports/<uuid:pk>/apply/", import_views.import_apply, name="import_apply"),
]

from __future__ import annotations

from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/<int:bloc_pk>/<int:year>/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path(
        "proposal-documents/<int:document_pk>/", views.proposal_document, name="proposal_document"
    ),
    path("notices/<int:bloc_pk>/<int:year>/", views.notice_publish, name="notice_publish"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/correct/", views.decision_correct, name="decision_correct"),
    path("exemplary/", views.exemplary_list, name="exemplary"),
    path("dossier/<int:bloc_pk>/<int:year>/", views.dossier_request, name="dossier"),
    path("proposals/<int:pk>/report/", views.achievement_report_request, name="achievement_report"),
]

from __future__ import annotations

from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/xlsx/", views.proposal_export, name="proposal_export"),
    path("proposals/new/<int:bloc_pk>/<int:year>/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/attach/", views.proposal_attach, name="proposal_attach"),
    path("proposals/<int:pk>/override/", views.proposal_override, name="proposal_override"),
    path("proposals/<int:pk>/review/", views.proposal_review, name="proposal_review"),
    path("proposals/<int:pk>/revoke/", views.proposal_revoke, name="proposal_revoke"),
    path("proposals/<int:pk>/feedback/", views.feedback_send, name="feedback_send"),
    path(
        "proposals/<int:pk>/feedback/<int:feedback_pk>/resolve/",
        views.feedback_resolve,
        name="feedback_resolve",
    ),
    path(
        "proposal-documents/<int:document_pk>/", views.proposal_document, name="proposal_document"
    ),
    path("notices/<int:bloc_pk>/<int:year>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:bloc_pk>/<int:year>/publish/", views.notice_publish, name="notice_publish"),
    path(
        "notices/<int:bloc_pk>/<int:year>/feedback/<int:pk>/",
        views.notice_feedback,
        name="notice_feedback",
    ),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/correct/", views.decision_correct, name="decision_correct"),
    path("units/<int:unit_pk>/history/", views.unit_history, name="unit_history"),
    path(
        "units/<int:unit_pk>/history/xlsx/", views.unit_history_export, name="unit_history_export"
    ),
    path("units/<int:unit_pk>/history/new/", views.award_record_add, name="award_record_add"),
    path("records/<int:pk>/revoke/", views.award_record_revoke, name="award_record_revoke"),
    path("units/<int:unit_pk>/initiatives/new/", views.initiative_add, name="initiative_add"),
    path("people/<int:person_pk>/history/", views.person_history, name="person_history"),
    path(
        "people/<int:person_pk>/history/xlsx/",
        views.person_history_export,
        name="person_history_export",
    ),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("rules/new/<int:award_pk>/", views.rule_create, name="rule_create"),
    path("exemplary/", views.exemplary_list, name="exemplary"),
    path("exemplary/new/<int:bloc_pk>/<int:year>/", views.exemplary_mark, name="exemplary_mark"),
    path("exemplary/<int:pk>/adopt/", views.exemplary_adopt, name="exemplary_adopt"),
    path("dossier/<int:bloc_pk>/<int:year>/", views.dossier_request, name="dossier"),
    path("dossier/<int:bloc_pk>/<int:year>/letter.docx", views.letter_docx, name="letter_docx"),
    path(
        "dossier/<int:bloc_pk>/<int:year>/nominees.docx", views.nominees_docx, name="nominees_docx"
    ),
    path(
        "dossier/<int:bloc_pk>/<int:year>/decision.docx", views.decision_docx, name="decision_docx"
    ),
    path("proposals/<int:pk>/report/", views.achievement_report_request, name="achievement_report"),
]

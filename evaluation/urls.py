from __future__ import annotations

from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("ballots/", views.ballot_list, name="ballot_list"),
    path("ballots/new/<int:bloc_pk>/<int:year>/", views.ballot_open, name="ballot_open"),
    path("ballots/<int:pk>/", views.ballot_detail, name="ballot_detail"),
    path("ballots/<int:pk>/xlsx/", views.ballot_export, name="ballot_export"),
    path("ballots/<int:pk>/vote/", views.ballot_vote, name="ballot_vote"),
    path("ballots/<int:pk>/written/", views.ballot_vote, {"written": True}, name="ballot_written"),
    path("ballots/<int:pk>/close/", views.ballot_close, name="ballot_close"),
    path("ballots/<int:pk>/receipt/", views.ballot_receipt, name="ballot_receipt"),
    path("ballots/<int:pk>/absent/", views.ballot_mark_absent, name="ballot_absent"),
    path("ballots/<int:pk>/runoff/", views.ballot_runoff, name="ballot_runoff"),
    path("minutes/<int:bloc_pk>/<int:year>/", views.minutes_request, name="minutes"),
    path("scores/", views.score_table_list, name="score_tables"),
    path(
        "scores/new/<int:bloc_pk>/<int:year>/", views.score_table_create, name="score_table_create"
    ),
    path("scores/<int:pk>/", views.ranking, name="ranking"),
    path("scores/<int:pk>/xlsx/", views.ranking_export, name="ranking_export"),
    path("scores/<int:pk>/criteria/", views.criteria_edit, name="criteria"),
    path("scores/<int:pk>/units/<int:unit_pk>/", views.score_sheet, name="sheet"),
    path(
        "scores/<int:pk>/units/<int:unit_pk>/evidence/",
        views.score_evidence_upload,
        name="sheet_evidence",
    ),
    path("score-evidence/<int:evidence_pk>/", views.score_evidence_download, name="score_evidence"),
    path(
        "scores/<int:pk>/units/<int:unit_pk>/check/",
        views.score_sheet,
        {"checking": True},
        name="sheet_check",
    ),
]

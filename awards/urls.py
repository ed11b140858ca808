from __future__ import annotations

from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("ballots/", views.ballot_list, name="ballot_list"),
    path("ballots/new/<int:bloc_pk>/<int:year>/", views.ballot_open, name="ballot_open"),
    path("ballots/<int:pk>/", views.ballot_detail, name="ballot_detail"),
    path("ballots/<int:pk>/vote/", views.ballot_vote, name="ballot_vote"),
    path("ballots/<int:pk>/written/", views.ballot_vote, {"written": True}, name="ballot_written"),
    path("ballots/<int:pk>/close/", views.ballot_close, name="ballot_close"),
    path("ballots/<int:pk>/runoff/", views.ballot_runoff, name="ballot_runoff"),
]

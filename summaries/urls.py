from __future__ import annotations

from django.urls import path

from . import views

app_name = "summaries"

urlpatterns = [
    path("<int:bloc_pk>/<int:year>/", views.summary_detail, name="detail"),
    path("<int:bloc_pk>/<int:year>/v<int:version>/", views.summary_detail, name="version"),
    path("<int:bloc_pk>/<int:year>/v<int:version>/pdf/", views.summary_pdf, name="pdf"),
    path("<int:bloc_pk>/<int:year>/v<int:version>/xlsx/", views.summary_export, name="xlsx"),
    path("<int:bloc_pk>/<int:year>/generate/", views.summary_generate, name="generate"),
]

from __future__ import annotations

from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("", views.search, name="search"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("units/<int:pk>/export/", views.unit_export, name="unit_export"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/export/", views.person_export, name="person_export"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics/export/", views.statistics_export, name="statistics_export"),
]

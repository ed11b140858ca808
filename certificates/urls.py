from __future__ import annotations

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.decision_list, name="decisions"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/xlsx/", views.decision_export, name="decision_export"),
    path("decisions/<int:pk>/print/<int:bloc_pk>/", views.batch_request, name="batch"),
    path("<int:pk>/pdf/", views.certificate_print, name="print"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:award_pk>/", views.template_edit, name="template_edit"),
    path("printers/", views.printer_list, name="printers"),
    path("printers/new/<int:bloc_pk>/", views.printer_edit, name="printer_create"),
    path("printers/<int:pk>/", views.printer_edit, name="printer_edit"),
    path("printers/<int:pk>/calibration/", views.printer_calibration, name="calibration"),
]

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from blocs import views as bloc_views
from certificates import views as certificate_views
from ops import views as ops_views

urlpatterns = [
    path("", bloc_views.dashboard, name="dashboard"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("health/", ops_views.health, name="health"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("pledges/", include("pledges.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("awards/", include("awards.urls")),
    path("certificates/", include("certificates.urls")),
    path("summaries/", include("summaries.urls")),
    path("archive/", include("archive.urls")),
    # The public check behind each certificate's QR code: no login.
    path("verify/<str:code>/", certificate_views.verify, name="certificate_verify"),
    path("", include("blocs.urls")),
]

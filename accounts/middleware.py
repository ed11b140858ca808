from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from .services import LOGIN_AT, two_factor_required

# Reachable before the second factor is given.
OPEN_PREFIXES = ("/static/", "/i18n/", "/health/")


class SessionLifetimeMiddleware:
    """End a session once its absolute lifetime is over, however active it has been."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            if started is None or time.time() - started > settings.PORTAL_SESSION_MAX_AGE:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(f"{reverse('login')}?next={request.path}")
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Send a user who owes a one-time code to the code page (or to enrolment) first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
            and request.path not in self._open_paths()
            and two_factor_required(user=user)
        ):
            target = "accounts:otp_verify" if user_has_device(user) else "accounts:otp_enrol"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> set[str]:
        return {
            reverse("logout"),
            reverse("accounts:otp_verify"),
            reverse("accounts:otp_enrol"),
            reverse("accounts:otp_recovery"),
        }

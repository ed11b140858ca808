from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from .services import LOGIN_AT, REFRESHED_AT, two_factor_required, user_has_second_factor

# Reachable before the second factor is given. Nothing they answer depends on the user, so
# they read neither the session nor the user (the load balancer's probe costs no query).
OPEN_PREFIXES = ("/static/", "/i18n/", "/health/")


class SessionLifetimeMiddleware:
    """End a session once its absolute lifetime is over, however active it has been; keep an
    active one alive.

    The idle expiry is pushed forward by saving the session, at most once every
    PORTAL_SESSION_REFRESH_SECONDS (Django's SESSION_SAVE_EVERY_REQUEST wrote the row, and
    qsessions read it once more, on every request). So a session idle for SESSION_COOKIE_AGE
    minus up to that minute expires: never later than before, only a little earlier.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(OPEN_PREFIXES) and request.user.is_authenticated:
            now = time.time()
            started = request.session.get(LOGIN_AT)
            if started is None or now - started > settings.PORTAL_SESSION_MAX_AGE:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(f"{reverse('login')}?next={request.path}")
            refreshed = request.session.get(REFRESHED_AT, 0)
            if now - refreshed >= settings.PORTAL_SESSION_REFRESH_SECONDS:
                request.session[REFRESHED_AT] = int(now)  # saved, with a new expiry
        return self.get_response(request)


class SessionOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, reading the user's devices from the session's own query.

    ``accounts.sessions.SessionStore`` loads the ids of the user's confirmed devices with the
    session row, so the session is verified when the device it was verified by is still among
    them, and ``user.otp_device_ids`` tells whether the user has a second factor at all: no
    query of their own, and never older than this request. The device object itself is read
    only if something uses it. Any other session engine falls back to django-otp's queries.
    """

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        self._init_user_fields(user)
        if not user.is_authenticated:
            return user
        session = request.session
        persistent_id = session.get(DEVICE_ID_SESSION_KEY)  # loads the session first
        devices = getattr(session, "second_factors", None)
        if devices is None or getattr(session, "session_user_id", None) != str(user.pk):
            return super()._verify_user_sync(request, user)
        user.otp_device_ids = devices
        if persistent_id and self._normalize_persistent_id(persistent_id) in devices:
            load = functools.partial(Device.from_persistent_id, persistent_id)
            user.otp_device = SimpleLazyObject(load)
        elif persistent_id:
            del session[DEVICE_ID_SESSION_KEY]
        return user


class TwoFactorRequiredMiddleware:
    """Send a user who owes a one-time code to the code page (or to enrolment) first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and request.path not in self._open_paths()
            and two_factor_required(user=user)
        ):
            has_device = user_has_second_factor(user=user)
            target = "accounts:otp_verify" if has_device else "accounts:otp_enrol"
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

"""Accounts: sessions, two-factor devices and recovery codes."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from qsessions.models import Session

from audit.services import audit_record
from blocs.models import RoleKind
from blocs.scope import scope_for

AUTH_AT = "portal_auth_at"
ENROL_KEY = "portal_otp_enrol_key"
LOGIN_AT = "portal_login_at"
REFRESHED_AT = "portal_refreshed_at"
RECOVERY_CODES = 10
ROLES_NEEDING_2FA = {RoleKind.ADMIN, RoleKind.SECRETARIAT, RoleKind.REVIEWER, RoleKind.COMMANDER}


def session_stamp_authentication(*, request: HttpRequest, login: bool = False) -> None:
    """Remember when the user last proved who they are (and, at login, when it started)."""
    now = int(time.time())
    request.session[AUTH_AT] = now
    if login:
        request.session[LOGIN_AT] = request.session[REFRESHED_AT] = now


def session_is_recently_authenticated(*, request: HttpRequest) -> bool:
    last = request.session.get(AUTH_AT, 0)
    return time.time() - last <= settings.PORTAL_REAUTH_SECONDS


def sessions_end(*, user: AbstractBaseUser, keep: str | None = None, actor: Any = None) -> int:
    """End the user's sessions (all but ``keep``); returns how many were ended."""
    sessions = Session.objects.filter(user=user)
    if keep:
        sessions = sessions.exclude(session_key=keep)
    count = 0
    for session in sessions:
        session.delete()  # qsessions: also clears the cached copy
        count += 1
    if count:
        audit_record(action="session.end", actor=actor, target=user, data={"count": count})
    return count


def user_has_second_factor(*, user: AbstractBaseUser) -> bool:
    """Whether the user has a confirmed device: known from this request's session when
    ``SessionOTPMiddleware`` read it there, else asked of the database."""
    devices = getattr(user, "otp_device_ids", None)
    return bool(devices) if devices is not None else user_has_device(user)


def two_factor_required(*, user: AbstractBaseUser) -> bool:
    """A confirmed device is always asked for; the acting roles must have one when configured."""
    if user_has_second_factor(user=user):
        return True
    if not settings.PORTAL_REQUIRE_2FA:
        return False
    return bool(scope_for(user).kinds & ROLES_NEEDING_2FA)


def device_can_change(*, user: AbstractBaseUser) -> bool:
    """A user with a second factor changes it only in a session that this factor verified."""
    verified = getattr(user, "is_verified", None)  # set by django-otp's middleware
    return bool(verified and verified()) or not user_has_second_factor(user=user)


def totp_device_pending(*, request: HttpRequest) -> TOTPDevice:
    """The authenticator being enrolled, unsaved: its secret waits in the session until the user
    types the first code it shows, so reloading the page shows the same QR code and opening it
    writes nothing."""
    key = request.session.get(ENROL_KEY)
    if key is None:
        key = request.session[ENROL_KEY] = random_hex(20)
    return TOTPDevice(user=request.user, name="authenticator", key=key, confirmed=False)


@transaction.atomic
def totp_device_confirm(
    *, request: HttpRequest, device: TOTPDevice, token: str
) -> list[str] | None:
    """Save the device in place of the old one if ``token`` is its current code; returns the new
    recovery codes (shown once)."""
    user = request.user
    if device.pk is not None or device.user_id != user.pk or not device_can_change(user=user):
        raise PermissionDenied
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not token.isdigit() or not totp.verify(int(token), device.tolerance):
        return None
    device.last_t, device.drift, device.confirmed = totp.t(), totp.drift, True
    TOTPDevice.objects.filter(user=user).delete()
    device.save()
    request.session.pop(ENROL_KEY, None)
    audit_record(action="2fa.enrol", actor=user, target=user)
    return _recovery_codes_replace(user=user)


def recovery_codes_issue(*, user: AbstractBaseUser) -> list[str]:
    """Ten new codes in place of the old ones, for a session the second factor verified."""
    if not device_can_change(user=user):
        raise PermissionDenied
    return _recovery_codes_replace(user=user)


def _recovery_codes_replace(*, user: AbstractBaseUser) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(action="2fa.recovery_codes", actor=user, target=user)
    return codes


def otp_check(*, user: AbstractBaseUser, token: str) -> object | None:
    """The device that accepts ``token`` (an authenticator code or a recovery code)."""
    token = token.strip().replace(" ", "")
    # for_verify locks the devices (select_for_update), so a code cannot be used twice at once.
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None

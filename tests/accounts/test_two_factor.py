"""Two-factor login by role, enrolment by QR code, recovery codes."""

from __future__ import annotations

import base64
import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import World
from tests.factories import PASSWORD


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def log_in(username: str) -> tuple[Client, object]:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    return client, response


@pytest.fixture
def required(settings: object) -> None:
    settings.PORTAL_REQUIRE_2FA = True


def enrol(client: Client) -> list[str]:
    page = client.get(reverse("accounts:otp_enrol")).content.decode()
    assert 'id="otp-qr"' in page
    secret = re.search(r'id="otp-secret">(\w+)<', page).group(1)
    response = client.post(reverse("accounts:otp_enrol"), {"token": totp_for_secret(secret)})
    codes = re.findall(r"<li>(\w+)</li>", response.content.decode())
    assert len(codes) == 10
    return codes


@pytest.mark.parametrize("actor", ["admin", "secretariat", "commander", "reviewer"])
def test_acting_roles_must_enrol_before_anything_else(
    world: World, required: None, actor: str
) -> None:
    client, _ = log_in(actor)
    response = client.get(reverse("blocs:bloc_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:otp_enrol"))


def test_read_only_superior_is_not_forced(world: World, required: None) -> None:
    client, _ = log_in("superior")
    assert client.get(reverse("blocs:bloc_list")).status_code == 200


def test_enrolled_user_needs_a_code_at_every_login(world: World, required: None) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client, _ = log_in("secretariat")
        enrol(client)
        assert client.get(reverse("blocs:bloc_list")).status_code == 200

        clock.shift(datetime.timedelta(seconds=31))  # a code is good once: wait for the next
        client, _ = log_in("secretariat")
        blocked = client.get(reverse("blocs:bloc_list"))
        assert blocked.url.startswith(reverse("accounts:otp_verify"))
        wrong = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
        assert wrong.status_code == 200
        assert client.get(reverse("blocs:bloc_list")).status_code == 302
        clock.shift(datetime.timedelta(seconds=2))  # django-otp slows down guessing after a miss
        device = TOTPDevice.objects.get(user=world.users["secretariat"], confirmed=True)
        client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
        assert client.get(reverse("blocs:bloc_list")).status_code == 200


def test_recovery_code_works_once(world: World, required: None) -> None:
    client, _ = log_in("commander")
    codes = enrol(client)
    for expected in (302, 200):
        client, _ = log_in("commander")
        response = client.post(reverse("accounts:otp_verify"), {"token": codes[0], "next": "/"})
        assert response.status_code == expected  # redirect when accepted, form again when used


def test_a_user_who_enrolled_is_asked_even_when_not_required(world: World) -> None:
    client, _ = log_in("superior")
    enrol(client)
    client, _ = log_in("superior")
    assert client.get(reverse("blocs:bloc_list")).url.startswith(reverse("accounts:otp_verify"))


# --- An attacker who knows the password but not the device ------------------------------------


def totp_for_secret(secret: str) -> str:
    key = base64.b32decode(secret)
    return f"{TOTP(key, 30, 0, 6, 0).token():06d}"


def test_the_password_alone_cannot_replace_the_owners_authenticator(world: World) -> None:
    owner, _ = log_in("secretariat")
    enrol(owner)
    owners_device = TOTPDevice.objects.get(user=world.users["secretariat"], confirmed=True)

    attacker, _ = log_in("secretariat")  # the password step only
    page = attacker.get(reverse("accounts:otp_enrol"))
    secret = re.search(r'id="otp-secret">(\w+)<', page.content.decode())
    assert secret is None  # no fresh secret for the attacker's phone
    assert page.status_code == 302 and page.url.startswith(reverse("accounts:otp_verify"))
    # Even with a device of their own making, confirming it is refused.
    planted = TOTPDevice.objects.create(user=world.users["secretariat"], confirmed=False)
    attacker.post(reverse("accounts:otp_enrol"), {"token": current_code(planted)})

    assert TOTPDevice.objects.filter(pk=owners_device.pk, confirmed=True).exists()
    assert not TOTPDevice.objects.filter(pk=planted.pk, confirmed=True).exists()
    assert attacker.get(reverse("blocs:bloc_list")).url.startswith(reverse("accounts:otp_verify"))


def test_the_password_alone_cannot_mint_recovery_codes(world: World) -> None:
    owner, _ = log_in("commander")
    old_codes = enrol(owner)

    attacker, _ = log_in("commander")
    response = attacker.post(reverse("accounts:otp_recovery"))
    minted = re.findall(r"<li>(\w+)</li>", response.content.decode())
    assert minted == []
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_verify"))
    # The owner's codes still stand; nothing the attacker could have seen passes the check.
    again, _ = log_in("commander")
    accepted = again.post(reverse("accounts:otp_verify"), {"token": old_codes[1], "next": "/"})
    assert accepted.status_code == 302


def test_a_verified_user_may_replace_their_authenticator(world: World) -> None:
    client, _ = log_in("reviewer")
    enrol(client)  # verified by the first device
    old = TOTPDevice.objects.get(user=world.users["reviewer"], confirmed=True)
    page = client.get(reverse("accounts:otp_enrol"))
    secret = re.search(r'id="otp-secret">(\w+)<', page.content.decode()).group(1)
    client.post(reverse("accounts:otp_enrol"), {"token": totp_for_secret(secret)})
    new = TOTPDevice.objects.get(user=world.users["reviewer"], confirmed=True)
    assert new.pk != old.pk


def test_reloading_the_enrol_page_keeps_one_pending_authenticator(world: World) -> None:
    """The same secret on every reload, and nothing saved until its first code is typed."""
    client, _ = log_in("superior")
    first = client.get(reverse("accounts:otp_enrol")).content.decode()
    second = client.get(reverse("accounts:otp_enrol")).content.decode()
    secret = re.compile(r'id="otp-secret">(\w+)<')
    assert secret.search(first).group(1) == secret.search(second).group(1)
    assert not TOTPDevice.objects.filter(user=world.users["superior"]).exists()
    right = totp_for_secret(secret.search(first).group(1))
    wrong = client.post(reverse("accounts:otp_enrol"), {"token": f"{(int(right) + 1) % 10**6:06d}"})
    assert wrong.status_code == 400
    assert not TOTPDevice.objects.filter(user=world.users["superior"]).exists()
    client.post(reverse("accounts:otp_enrol"), {"token": right})
    assert TOTPDevice.objects.get(user=world.users["superior"]).confirmed

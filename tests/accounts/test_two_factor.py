"""Two-factor login by role, enrolment by QR code, recovery codes."""

from __future__ import annotations

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
    page = client.get(reverse("accounts:otp_enrol"))
    assert 'id="otp-qr"' in page.content.decode()
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(reverse("accounts:otp_enrol"), {"token": current_code(device)})
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

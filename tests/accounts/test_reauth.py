"""Sensitive actions ask for the password again when the last check is old."""

from __future__ import annotations

import datetime

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import PASSWORD


def test_password_change_asks_again_after_a_few_minutes(world: World, settings: object) -> None:
    settings.PORTAL_REAUTH_SECONDS = 300
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = Client()
        client.post(reverse("login"), {"username": "secretariat", "password": PASSWORD})
        assert client.get(reverse("accounts:password_change")).status_code == 200
        clock.shift(datetime.timedelta(minutes=6))
        response = client.get(reverse("accounts:password_change"))
        assert response.url.startswith(reverse("accounts:reauth"))

        wrong = client.post(response.url, {"password": "nope"})
        assert wrong.status_code == 400
        right = client.post(response.url, {"password": PASSWORD})
        assert right.url == reverse("accounts:password_change")
        assert client.get(reverse("accounts:password_change")).status_code == 200


def test_reauth_does_not_redirect_off_site(world: World) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "secretariat", "password": PASSWORD})
    response = client.post(
        reverse("accounts:reauth") + "?next=https://evil.example/", {"password": PASSWORD}
    )
    assert response.url == reverse("dashboard")

"""The second factor read from the session: an attacker holding a session cookie keeps no more
than the database allows at that moment (a removed or replaced device, an ended session)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_two_factor import current_code, enrol, log_in, totp_for_secret
from tests.conftest import World


@pytest.fixture
def required(settings: object) -> None:
    settings.PORTAL_REQUIRE_2FA = True


def stolen(victim: Client) -> Client:
    """Another browser presenting the victim's session cookie."""
    thief = Client(HTTP_USER_AGENT="curl/8.5")
    thief.cookies["sessionid"] = victim.cookies["sessionid"].value
    return thief


def sent_to_verify(response: object) -> bool:
    return response.status_code == 302 and response.url.startswith(
        (reverse("accounts:otp_verify"), reverse("accounts:otp_enrol"))
    )


def test_a_device_an_administrator_removes_no_longer_verifies_a_stolen_session(
    world: World, required: None
) -> None:
    victim, _ = log_in("secretariat")
    enrol(victim)
    thief = stolen(victim)
    assert thief.get(reverse("blocs:bloc_list")).status_code == 200  # the premise: it works

    admin, _ = log_in("admin")
    enrol(admin)
    device = TOTPDevice.objects.get(user=world.users["secretariat"])
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 302

    assert sent_to_verify(thief.get(reverse("blocs:bloc_list")))
    assert sent_to_verify(thief.post(reverse("accounts:otp_recovery")))


def test_a_replaced_authenticator_no_longer_verifies_the_sessions_it_verified(
    world: World, required: None
) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        phone, _ = log_in("reviewer")
        enrol(phone)
        thief = stolen(phone)
        old = TOTPDevice.objects.get(user=world.users["reviewer"])

        clock.shift(datetime.timedelta(seconds=31))  # the next code of the old authenticator
        laptop, _ = log_in("reviewer")
        laptop.post(reverse("accounts:otp_verify"), {"token": current_code(old)})
        page = laptop.get(reverse("accounts:otp_enrol")).content.decode()
        secret = re.search(r'id="otp-secret">(\w+)<', page).group(1)
        laptop.post(reverse("accounts:otp_enrol"), {"token": totp_for_secret(secret)})

        assert not TOTPDevice.objects.filter(pk=old.pk).exists()
        assert laptop.get(reverse("blocs:bloc_list")).status_code == 200
        assert sent_to_verify(thief.get(reverse("blocs:bloc_list")))


def test_a_verified_session_the_owner_ends_is_logged_out(world: World, required: None) -> None:
    phone, _ = log_in("commander")
    codes = enrol(phone)
    thief = stolen(phone)
    assert thief.get(reverse("blocs:unit_list")).status_code == 200

    laptop, _ = log_in("commander")  # verified with a recovery code
    laptop.post(reverse("accounts:otp_verify"), {"token": codes[0], "next": "/"})
    sessions = laptop.get(reverse("accounts:sessions")).content.decode()
    key = phone.cookies["sessionid"].value
    assert f'value="{key}"' in sessions
    laptop.post(reverse("accounts:session_end"), {"session_key": key})

    response = thief.get(reverse("blocs:unit_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_password_only_session_is_asked_for_the_device_enrolled_elsewhere(world: World) -> None:
    earlier, _ = log_in("superior")  # no device yet, none required: the password sufficed
    assert earlier.get(reverse("blocs:bloc_list")).status_code == 200

    other, _ = log_in("superior")
    enrol(other)

    response = earlier.get(reverse("blocs:bloc_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:otp_verify"))


def test_another_users_device_written_into_a_session_does_not_verify_it(
    world: World, required: None
) -> None:
    owner, _ = log_in("secretariat")
    enrol(owner)
    device = TOTPDevice.objects.get(user=world.users["secretariat"])

    attacker, _ = log_in("other_secretariat")  # the password of an account with no device
    session = attacker.session  # tampering: the session store itself is written
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    assert sent_to_verify(attacker.get(reverse("blocs:bloc_list")))
    assert DEVICE_ID_SESSION_KEY not in attacker.session  # the forged claim is dropped

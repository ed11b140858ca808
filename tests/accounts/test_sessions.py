"""Sessions: idle timeout, absolute lifetime, ended on disable or password change, self-service."""

from __future__ import annotations

import datetime

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from qsessions.models import Session

from tests.conftest import World
from tests.factories import PASSWORD


def log_in(username: str, agent: str = "Firefox") -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_idle_session_expires(world: World, settings: object) -> None:
    settings.SESSION_COOKIE_AGE = 30 * 60
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = log_in("secretariat")
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("blocs:bloc_list")).status_code == 200
        clock.shift(datetime.timedelta(minutes=29))  # activity pushed the expiry forward
        assert client.get(reverse("blocs:bloc_list")).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("blocs:bloc_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_session_ends_after_its_absolute_lifetime_even_if_active(
    world: World, settings: object
) -> None:
    settings.PORTAL_SESSION_MAX_AGE = 2 * 3600
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = log_in("secretariat")
        for _ in range(5):  # active every 20 minutes for 1 h 40
            clock.shift(datetime.timedelta(minutes=20))
            assert client.get(reverse("blocs:bloc_list")).status_code == 200
        clock.shift(datetime.timedelta(minutes=21))
        response = client.get(reverse("blocs:bloc_list"))
    assert response.url.startswith(reverse("login"))


def test_disabling_an_account_ends_its_sessions(world: World) -> None:
    client = log_in("commander")
    user = world.users["commander"]
    assert Session.objects.filter(user=user).exists()
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert not Session.objects.filter(user=user).exists()
    assert client.get(reverse("blocs:unit_list")).status_code == 302


def test_changing_the_password_ends_the_other_sessions(world: World) -> None:
    laptop, phone = log_in("reviewer", "Laptop"), log_in("reviewer", "Phone")
    response = laptop.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mật-khẩu-mới-2026!",
            "new_password2": "Mật-khẩu-mới-2026!",
        },
    )
    assert response.status_code == 302
    assert laptop.get(reverse("blocs:bloc_list")).status_code == 200
    assert phone.get(reverse("blocs:bloc_list")).status_code == 302


def test_user_sees_and_ends_own_sessions(world: World) -> None:
    laptop, phone = log_in("secretariat", "Laptop"), log_in("secretariat", "Phone")
    page = laptop.get(reverse("accounts:sessions")).content.decode()
    assert page.count("<tr>") == 3  # header and two sessions
    other = Session.objects.exclude(session_key=laptop.session.session_key).get(
        user=world.users["secretariat"]
    )
    laptop.post(reverse("accounts:session_end"), {"session_key": other.session_key})
    assert phone.get(reverse("blocs:bloc_list")).status_code == 302
    assert laptop.get(reverse("blocs:bloc_list")).status_code == 200


def test_nobody_ends_someone_elses_session(world: World) -> None:
    victim = log_in("commander")
    attacker = log_in("other_commander")
    attacker.post(reverse("accounts:session_end"), {"session_key": victim.session.session_key})
    assert victim.get(reverse("blocs:unit_list")).status_code == 200


def test_administrator_ends_anyones_session(world: World) -> None:
    victim = log_in("commander")
    admin = world.client("admin")
    session = Session.objects.get(user=world.users["commander"])
    response = admin.post(
        reverse("admin:qsessions_session_delete", args=[session.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert victim.get(reverse("blocs:unit_list")).status_code == 302


def test_tampered_session_cookie_is_just_logged_out(world: World) -> None:
    client = log_in("secretariat")
    client.cookies["sessionid"] = client.cookies["sessionid"].value[:-4] + "abcd"
    response = client.get(reverse("blocs:bloc_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

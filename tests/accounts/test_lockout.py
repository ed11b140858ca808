"""Brute-force protection: lockout per account and per address, with a clear message."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World
from tests.factories import PASSWORD


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> object:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.fixture
def limit(settings: object) -> int:
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_account_locks_after_repeated_failures(world: World, limit: int) -> None:
    client = Client()
    for _ in range(limit):
        response = _login(client, "secretariat", "wrong")
    assert response.status_code == 429
    assert 'id="locked-out"' in response.content.decode()
    # Even the right password is refused now, and from another address too.
    response = _login(Client(), "secretariat", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in Client().session


def test_address_locks_after_failures_on_many_accounts(world: World, limit: int) -> None:
    client = Client()
    for name in ["ghost1", "ghost2", "ghost3"]:
        _login(client, name, "wrong", ip="10.0.0.66")
    response = _login(client, "commander", PASSWORD, ip="10.0.0.66")
    assert response.status_code == 429
    # The same account from a clean address still logs in.
    response = _login(Client(), "commander", PASSWORD, ip="10.0.0.7")
    assert response.status_code == 302


def test_a_few_mistakes_do_not_lock(world: World, limit: int) -> None:
    client = Client()
    _login(client, "secretariat", "wrong")
    response = _login(client, "secretariat", PASSWORD)
    assert response.status_code == 302

"""The database queries of every page of the load benchmark, as its role.

Each role's first bench account logs in as a person does (password, then a real one-time
code) with Django's test client; each page is opened once to warm what it caches, then
counted on the second opening (Django's CaptureQueriesContext), so the figure is what every
later request pays.
"""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.load.data import PASSWORD, ROLES
from bench.load.pages import Page, pages


def client_for(role: str) -> Client:
    """A client logged in as the role's first bench account, second factor given."""
    device = TOTPDevice.objects.select_related("user").get(user__username=f"bench.{role}.0")
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": device.user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.status_code
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post("/accounts/2fa/verify/", {"token": code, "next": "/"})
    assert response.status_code == 302 and response.url == "/", response
    return client


def count(client: Client, page: Page, *, warm: bool = True) -> int:
    if warm:
        client.get(page.path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.path)
    if response.status_code != 200:
        raise AssertionError(f"{page.name} as {page.role}: {response.status_code}")
    return len(queries)


def query_counts(*, warm: bool = True) -> dict[str, int]:
    """``"page|role"`` → queries; the anchor and the ping as the secretariat. Without
    ``warm``, each page is opened once (the smoke test only needs its 200)."""
    clients = {role: client_for(role) for role in ROLES}
    clients["all"] = clients["secretariat"]
    return {
        f"{page.name}|{page.role}": count(clients[page.role], page, warm=warm) for page in pages()
    }

"""A commander signs the pledge in Chromium with a one-time code and sees the board update."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from blocs.demo import DEMO_PASSWORD
from pledges.models import Pledge, Signature
from pledges.services import pledge_open_for_signature
from tests.e2e.test_journey import chromium_page

pytestmark = pytest.mark.browser


def code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return (
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    )


@pytest.fixture
def page(live_server: object, transactional_db: None, settings: object) -> object:
    settings.PORTAL_SIGNING_REQUIRES_OTP = True
    yield from chromium_page()


def test_commander_signs_with_a_one_time_code(page: object, live_server: object) -> None:
    users = get_user_model().objects
    pledge = Pledge.objects.get(campaign__year=2026)
    pledge_open_for_signature(user=users.get(username="thuky.k4"), pledge=pledge)
    device = TOTPDevice.objects.create(user=users.get(username="chihuy.ld144"), name="app")

    with time_machine.travel(timezone.now(), tick=True) as clock:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "chihuy.ld144")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit].btn-success")
        page.fill("input[name=token]", code(device))  # the login asks for the code first
        page.click("input[type=submit]")
        page.wait_for_selector("[data-dashboard=commander]")

        clock.shift(datetime.timedelta(seconds=31))  # each code is good once: use the next
        page.goto(f"{live_server.url}/pledges/{pledge.pk}/")
        assert "Lữ đoàn 144" in page.locator("#signing-board").inner_text()
        page.click("#sign-link")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.fill("input[name=otp_code]", code(device))
        page.click("input[type=submit]")
        page.wait_for_selector("#signing-board")

    row = page.locator("#signing-board tr", has_text="Lữ đoàn 144")
    assert "Lê Quang Vinh" in row.inner_text()
    signature = Signature.objects.get()
    assert (signature.unit.name, signature.with_otp) == ("Lữ đoàn 144", True)

"""A secretariat's journey in Debian's Chromium: log in, create a campaign, switch language."""

from __future__ import annotations

import os
import shutil

import pytest
from django.core.management import call_command

from blocs.demo import DEMO_PASSWORD
from tests.conftest import require

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def browser_page(live_server: object, transactional_db: None) -> object:
    yield from chromium_page()


def chromium_page() -> object:
    """A page in Debian's Chromium, with the demo data loaded."""
    require(shutil.which(CHROMIUM) is not None, f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="en-US")
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def test_secretariat_creates_a_campaign_and_switches_language(
    browser_page: object, live_server: object
) -> None:
    page = browser_page
    page.goto(f"{live_server.url}/")
    # Vietnamese by default, although this browser asks for English.
    assert page.locator("html").get_attribute("lang") == "vi"
    page.fill("input[name=username]", "thuky.k4")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit].btn-success")
    page.wait_for_selector("[data-dashboard=secretariat]")

    page.goto(f"{live_server.url}/campaigns/new/")
    page.select_option("select[name=bloc]", label="Khối thi đua số 4")
    page.fill("input[name=year]", "2026")
    page.select_option("select[name=kind]", value="thematic")
    page.fill("input[name=name]", "Đợt thi đua cao điểm “Tháng Năm”")
    page.fill("input[name=theme]", "Kỷ cương, sáng tạo")
    page.fill("input[name=start_date]", "2026-05-01")
    page.fill("input[name=end_date]", "2026-05-31")
    page.click("input[type=submit]")
    page.wait_for_selector("h1:has-text('Đợt thi đua cao điểm')")

    page.goto(f"{live_server.url}/campaigns/")
    assert page.locator("table").get_by_text("Đợt thi đua cao điểm “Tháng Năm”").count() == 1

    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("h1").inner_text() == "Campaigns"
    page.goto(f"{live_server.url}/")  # the choice persists across pages
    assert page.locator("html").get_attribute("lang") == "en"

"""The pages fit the screen in Chromium: for every role, in Vietnamese and in English, at 390,
1024 and 1366 px, no page is wider than the window and the user menu with Log out is reachable.

One browser and one login per role; the language is the portal's cookie, the width the
window's, so the whole matrix runs in well under a minute.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command

from blocs.demo import DEMO_PASSWORD
from evaluation.models import CriteriaTable
from pledges.models import Pledge
from tests.conftest import require
from tests.e2e.test_journey import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser
# The demo's account of each role.
ROLES = {
    "admin": "admin",
    "secretariat": "thuky.k4",
    "commander": "chihuy.ld144",
    "reviewer": "chinhtri.bttm",
    "superior": "captren.bttm",
}
LANGUAGES = ("vi", "en")
WIDTHS = (390, 1024, 1366)
# Bootstrap's "lg" breakpoint: below it the menus fold into the toggler.
COLLAPSED_BELOW = 992


def _busy_pages() -> list[str]:
    """The home page and the pages with the widest tables."""
    pledge = Pledge.objects.get(campaign__year=2026)
    table = CriteriaTable.objects.get(year=2026)
    return ["/", f"/pledges/{pledge.pk}/", "/awards/proposals/", f"/evaluation/scores/{table.pk}/"]


def _log_in(page: object, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit].btn-success")
    page.wait_for_selector("[data-dashboard]")


def _too_wide(page: object) -> str | None:
    scroll, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return f"{scroll} px wide in a {window} px window" if scroll > window else None


def _log_out_unreachable(page: object, width: int) -> str | None:
    """Open the user menu as a user would (through the toggler on a narrow screen) and see
    Log out inside the window."""
    if width < COLLAPSED_BELOW:
        page.click(".navbar-toggler")
        page.wait_for_selector("#portal-nav.show")
    page.click("#user-menu-toggle")
    log_out = page.locator("#logout")
    log_out.wait_for(state="visible")
    box = log_out.bounding_box()
    if box is None or box["x"] < 0 or box["x"] + box["width"] > width:
        return f"Log out is outside the window: {box}"
    return None


def test_every_role_s_pages_fit_the_window_in_both_languages(
    live_server: object, transactional_db: None
) -> None:
    require(shutil.which(CHROMIUM) is not None, f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    base, pages, problems = live_server.url, _busy_pages(), []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for role, username in ROLES.items():
            context = browser.new_context(viewport={"width": WIDTHS[-1], "height": 900})
            page = context.new_page()
            page.set_default_timeout(15_000)
            _log_in(page, base, username)
            for language in LANGUAGES:
                cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}
                context.add_cookies([cookie])
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    for path in pages:
                        page.goto(f"{base}{path}")
                        assert page.locator("html").get_attribute("lang") == language
                        if problem := _too_wide(page):
                            problems.append(f"{role} {language} {width} {path}: {problem}")
                    # The menu is the same on every page: check it once, on the last one.
                    if problem := _log_out_unreachable(page, width):
                        problems.append(f"{role} {language} {width}: {problem}")
            context.close()
        browser.close()
    assert not problems, "\n".join(problems)

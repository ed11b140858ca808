"""From nomination to approval in Chromium: a commander nominates, a reviewer approves."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from awards.models import Proposal
from awards.rules import DOSSIER
from blocs.demo import DEMO_PASSWORD
from tests.awards.conftest import noticed
from tests.e2e.test_journey import chromium_page

pytestmark = pytest.mark.browser


@pytest.fixture
def page(live_server: object, transactional_db: None) -> object:
    yield from chromium_page()


def log_in(page: object, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit].btn-success")
    page.wait_for_selector("[data-dashboard]")


def test_nomination_to_approval(page: object, live_server: object, tmp_path: Path) -> None:
    base = live_server.url
    log_in(page, base, "chihuy.ld144")
    page.goto(f"{base}/awards/proposals/")
    page.click("text=Đề nghị khen thưởng · Khối thi đua số 4")
    page.select_option("select[name=award]", label="Đơn vị tiên tiến")
    page.select_option("select[name=unit]", label="Lữ đoàn 144")
    page.fill(
        "textarea[name=achievement]", "Lữ đoàn hoàn thành xuất sắc nhiệm vụ huấn luyện năm 2026."
    )
    page.check("input[name=no_discipline]")
    page.fill("input[name=members_total]", "120")
    page.fill("input[name=members_with_title]", "80")
    page.click("input[type=submit]")
    page.wait_for_selector("#eligibility")
    assert page.locator("#eligibility .table-danger").count() == 0
    pdf = tmp_path / "ho-so.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    for kind in DOSSIER:  # attach each required document of the dossier
        row = page.locator("#dossier tr", has_text=kind)
        row.locator("input[type=file]").set_input_files(str(pdf))
        row.locator("button").click()
        page.wait_for_selector(f"#dossier tr:has-text('{kind}') a")
    page.click("#submit-proposal")
    page.wait_for_selector("#proposal-status")
    assert page.locator("#proposal-status").inner_text() == "Đã trình thẩm định"

    proposal = Proposal.objects.get(decision__isnull=True)  # the demo's are decided already
    noticed(proposal, get_user_model().objects.get(username="thuky.k4"))  # the secretariat
    log_in(page, base, "chinhtri.bttm")
    page.goto(f"{base}/awards/proposals/{proposal.pk}/")
    page.click("#review-form button[value=approve]")
    page.wait_for_selector("#proposal-status")
    assert page.locator("#proposal-status").inner_text() == "Đã phê duyệt"

"""The demo year of Bloc No. 4 in Chromium, from the signing of the pledge to a certificate that
its holder checks through the QR code printed on it.

Every step is taken in the browser by the role that takes it in real life, on the pages and
forms the portal renders; the clock moves through the year as the demo calendar has it
(`blocs/demo.py`). Only the bulk of identical steps (the five other units' self-scores and
votes, once one unit has shown the page) go through the services those pages call.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
import time_machine
import zxingcpp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from awards.models import Proposal, ProposalStatus
from awards.rules import DOSSIER
from blocs.demo import COMMAND_DECISIONS, DEMO_PASSWORD, YEAR_END_MEETING
from blocs.models import Bloc, Unit
from certificates.models import Certificate
from evaluation import ballots, scoring
from evaluation.models import Ballot, CriteriaTable, Criterion, CriterionKind
from pledges.models import Pledge
from tests.e2e.test_journey import chromium_page
from tests.e2e.test_proposal import log_in

pytestmark = pytest.mark.browser
ACHIEVEMENT = "Lữ đoàn hoàn thành xuất sắc nhiệm vụ huấn luyện, sẵn sàng chiến đấu năm 2026."
DECISION = "1620/QĐ-TM-2026"
QUESTION = "Suy tôn đơn vị đề nghị tặng Cờ thi đua của Bộ Quốc phòng"
COMMANDERS = {
    "chihuy.ktmm": "Trường Cao đẳng Kỹ thuật Mật mã",
    "chihuy.ld144": "Lữ đoàn 144",
    "chihuy.dnl": "Đoàn Nghi lễ Quân đội",
    "chihuy.tct789": "Tổng công ty 789",
    "chihuy.ct59": "Công ty TNHH MTV 59",
    "chihuy.ql166": "Ban Quản lý dự án 166 Bộ Quốc phòng",
}


@pytest.fixture
def page(live_server: object, transactional_db: None) -> object:
    for opened in chromium_page():
        # The last signature seals and signs the pledge's PDF inside the request: give slow
        # machines time.
        opened.set_default_timeout(60_000)
        yield opened


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


class Walk:
    """The browser, its base address and the user logged in."""

    def __init__(self, page: object, base: str) -> None:
        self.page, self.base = page, base

    def log_in(self, username: str) -> None:
        log_in(self.page, self.base, username)

    def open(self, path: str) -> None:
        self.page.goto(f"{self.base}{path}")

    def text(self, selector: str) -> str:
        return self.page.locator(selector).inner_text()


def brigade_points(criterion: Criterion) -> Decimal:
    """What Lữ đoàn 144 gives itself: the maximum less a point, and no penalty."""
    if criterion.kind == CriterionKind.PENALTY:
        return Decimal(0)
    return max(criterion.max_points - 1, Decimal(0))


def self_score(table: CriteriaTable, username: str, unit_name: str) -> None:
    commander = get_user_model().objects.get(username=username)
    sheet = scoring.sheet_get_or_create(table=table, unit=Unit.objects.get(name=unit_name))
    values = {
        c.pk: (c.max_points / 2 if c.kind != CriterionKind.PENALTY else Decimal(0), "")
        for c in table.criteria.all()
    }
    scoring.score_self_save(user=commander, sheet=sheet, values=values, submit=True)


def cast(ballot: Ballot, username: str, unit_name: str, choice: str) -> None:
    ballots.ballot_cast(
        user=get_user_model().objects.get(username=username),
        ballot=ballot,
        voter=Unit.objects.get(name=unit_name),
        choices=[Unit.objects.get(name=choice)],
    )


def test_the_demo_year(page: object, live_server: object, tmp_path: Path) -> None:
    walk = Walk(page, live_server.url)
    pledge = Pledge.objects.get(campaign__year=2026)
    with time_machine.travel(at(datetime.date(2026, 3, 13)), tick=True) as clock:
        # The secretariat opens the pledge for signature the day after the launch conference.
        walk.log_in("thuky.k4")
        walk.open(f"/pledges/{pledge.pk}/")
        page.click("#open-for-signature")
        page.wait_for_selector("#sign-link, #signing-board")
        assert walk.text("#pledge-status") == "Đang lấy chữ ký"

        # Each commander signs for their unit; the last signature seals the pledge.
        for username, unit in COMMANDERS.items():
            walk.log_in(username)
            walk.open(f"/pledges/{pledge.pk}/")
            page.click("#sign-link")
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("#sign-form [type=submit]")
            page.wait_for_selector("#signing-board")
            assert unit in page.locator("#signing-board tr", has_text=unit).inner_text()
        assert walk.text("#pledge-status") == "Đã ký đủ"
        page.wait_for_selector("#document-download")

        # Mid-year: Lữ đoàn 144 reports progress on a target, with evidence, and hands in its
        # mid-year review.
        clock.move_to(at(datetime.date(2026, 7, 10)))
        walk.log_in("chihuy.ld144")
        walk.open(f"/pledges/{pledge.pk}/progress/")
        brigade = page.locator("h2", has_text="Lữ đoàn 144")
        section = page.locator(".progress-board").nth(
            [h.inner_text() for h in page.locator("h2.h6").all()].index("Lữ đoàn 144")
        )
        assert brigade.count() == 1
        section.locator("a", has_text="Báo cáo").first.click()
        evidence = tmp_path / "bao-cao-6-thang.pdf"
        evidence.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
        page.fill("input[name=achieved_value]", "60")
        page.fill("textarea[name=narrative]", "Hoàn thành 60% kế hoạch huấn luyện 6 tháng đầu năm.")
        page.set_input_files("input[name=files]", str(evidence))
        page.click("main form [type=submit]")
        page.wait_for_selector("#reports")
        assert "Hoàn thành 60% kế hoạch huấn luyện" in walk.text("#reports")
        assert "bao-cao-6-thang.pdf" in walk.text("#reports")
        walk.open(f"/pledges/{pledge.pk}/progress/")
        page.locator("#reviews tr", has_text="Lữ đoàn 144").locator("a").first.click()
        page.fill("textarea[name=summary]", "Sơ kết 6 tháng: các chỉ tiêu đúng tiến độ.")
        page.click("main form [type=submit]")
        page.wait_for_selector("#reviews")
        assert "Lữ đoàn 144" in walk.text("#reviews")
        assert "10/07/2026" in page.locator("#reviews tr", has_text="Lữ đoàn 144").inner_text()

        # Late November: the secretariat sets the self-score deadline on the score table.
        clock.move_to(at(datetime.date(2026, 11, 25)))
        table = CriteriaTable.objects.get(year=2026)
        walk.log_in("thuky.k4")
        walk.open(f"/evaluation/scores/{table.pk}/criteria/")
        page.fill("input[name=table-self_score_deadline]", "2026-12-05")
        page.get_by_label("Trường Cao đẳng Kỹ thuật Mật mã").check()
        page.click("#criteria-form [type=submit]")
        page.wait_for_selector("#ranking")
        walk.open(f"/evaluation/scores/{table.pk}/criteria/")
        assert page.input_value("input[name=table-self_score_deadline]") == "2026-12-05"

        # Early December: Lữ đoàn 144 scores itself on the sheet and submits it; the running
        # total follows what is typed.
        clock.move_to(at(datetime.date(2026, 12, 2)))
        walk.log_in("chihuy.ld144")
        walk.open(f"/evaluation/scores/{table.pk}/")
        page.locator("#ranking tr", has_text="Lữ đoàn 144").locator("a").first.click()
        criteria = list(table.criteria.order_by("order"))
        for criterion in criteria:
            page.fill(f"input[name=points_{criterion.pk}]", str(brigade_points(criterion)))
        page.fill(f"textarea[name=note_{criteria[0].pk}]", "Hoàn thành 100% chỉ tiêu huấn luyện.")
        typed_total = walk.text("[data-total-all]")  # the running total, as typed
        assert typed_total not in ("", "0")
        page.click("#submit-score")
        page.wait_for_selector("#sheet-status:has-text('Đã nộp')")
        assert walk.text("[data-total-all]") == typed_total  # the server agrees
        for username, unit in COMMANDERS.items():  # the other units, through the same service
            if unit != "Lữ đoàn 144":
                self_score(table, username, unit)

        # The secretariat publishes the ranking.
        walk.log_in("thuky.k4")
        walk.open(f"/evaluation/scores/{table.pk}/")
        page.click("#publish")
        page.wait_for_selector("#publications")
        assert "Phiên bản 1" in walk.text("#publications")
        ranked = page.locator("#ranking tr", has_text="Lữ đoàn 144").inner_text()
        assert typed_total in ranked  # what the commander saw while typing is what counts

        # The bloc's year-end meeting: the secretariat opens a ballot (suy tôn) ...
        clock.move_to(at(YEAR_END_MEETING))
        bloc = Bloc.objects.get(name="Khối thi đua số 4")
        walk.log_in("thuky.k4")  # a new day: the session of a week ago has expired
        walk.open("/evaluation/ballots/")
        page.click(f"a[href='/evaluation/ballots/new/{bloc.pk}/2026/']")
        page.fill("input[name=question]", QUESTION)
        candidates = page.get_by_role("group", name="Đơn vị được đề cử")
        candidates.get_by_label("Lữ đoàn 144").check()
        candidates.get_by_label("Tổng công ty 789").check()
        page.click("main form [type=submit]")
        page.wait_for_selector("#ballot-status")
        ballot = Ballot.objects.get(question=QUESTION)

        # ... each unit votes, never for itself: Đoàn Nghi lễ in the browser, and Lữ đoàn 144,
        # which is not offered its own name; the four others through the same service.
        for username, choice in (
            ("chihuy.dnl", "Lữ đoàn 144"),
            ("chihuy.ld144", "Tổng công ty 789"),
        ):
            walk.log_in(username)
            walk.open(f"/evaluation/ballots/{ballot.pk}/")
            page.click("#vote-link")
            offered = page.get_by_role("group", name="Lựa chọn của đồng chí")
            assert COMMANDERS[username] not in offered.inner_text()  # Lữ đoàn 144 a candidate
            offered.get_by_label(choice).check()
            page.click("main form [type=submit]")
            page.wait_for_selector("#receipt-code")
        for username, unit in COMMANDERS.items():
            if username not in ("chihuy.dnl", "chihuy.ld144"):
                cast(
                    ballot,
                    username,
                    unit,
                    "Tổng công ty 789" if unit != "Tổng công ty 789" else "Lữ đoàn 144",
                )

        # ... and closes it, naming the count committee; the count elects Lữ đoàn 144?
        walk.log_in("thuky.k4")
        walk.open(f"/evaluation/ballots/{ballot.pk}/")
        page.fill("#count_committee", "Thiếu tá Trần Thu Hà, trợ lý thi đua\nĐại úy Ngô Văn Bình")
        page.click("#close-ballot")
        page.wait_for_selector("#count")
        assert "4" in page.locator("#count tr", has_text="Tổng công ty 789").inner_text()
        assert "2" in page.locator("#count tr", has_text="Lữ đoàn 144").inner_text()

        # Lữ đoàn 144 nominates itself for Đơn vị tiên tiến with its dossier ...
        clock.move_to(at(datetime.date(2026, 12, 11)))
        walk.log_in("chihuy.ld144")
        walk.open(f"/awards/proposals/new/{bloc.pk}/2026/")
        page.select_option("select[name=award]", label="Đơn vị tiên tiến")
        page.select_option("select[name=unit]", label="Lữ đoàn 144")
        page.fill("textarea[name=achievement]", ACHIEVEMENT)
        page.check("input[name=no_discipline]")
        page.fill("input[name=members_total]", "120")
        page.fill("input[name=members_with_title]", "80")
        page.click("main form [type=submit]")
        page.wait_for_selector("#eligibility")
        assert page.locator("#eligibility .table-danger").count() == 0
        for kind in DOSSIER:
            row = page.locator("#dossier tr", has_text=kind)
            row.locator("input[type=file]").set_input_files(str(evidence))
            row.locator("button").click()
            page.wait_for_selector(f"#dossier tr:has-text('{kind}') a")
        page.click("#submit-proposal")
        page.wait_for_selector("#proposal-status:has-text('Đã trình thẩm định')")
        proposal = Proposal.objects.get(status=ProposalStatus.SUBMITTED)

        # ... the secretariat makes the nominees public from today ...
        walk.log_in("thuky.k4")
        walk.open(f"/awards/notices/{bloc.pk}/2026/")
        assert page.input_value("#starts_on") == "2026-12-11"
        page.click("#publish-form [type=submit]")
        page.wait_for_selector(f"#nominee-{proposal.pk}")
        assert "10 ngày làm việc" in walk.text(".notice-state")

        # ... and another unit of the bloc reads the notice and sends its feedback the same day.
        walk.log_in("chihuy.dnl")
        walk.open(f"/awards/notices/{bloc.pk}/2026/")
        assert ACHIEVEMENT[:40] in walk.text(f"#nominee-{proposal.pk}")
        page.fill(f"#feedback-{proposal.pk} textarea", "Đơn vị nhất trí với đề nghị.")
        page.click(f"#feedback-{proposal.pk} button[value=feedback]")
        page.wait_for_selector(f"#nominee-{proposal.pk}:has-text('đã nhận 1 góp ý')")

        # When the notice has ended, the political officer approves and records the decision.
        clock.move_to(at(COMMAND_DECISIONS))
        walk.log_in("chinhtri.bttm")
        walk.open(f"/awards/proposals/{proposal.pk}/")
        assert "Đơn vị nhất trí với đề nghị." in walk.text("#feedback")
        page.click("#review-form button[value=approve]")
        page.wait_for_selector("#proposal-status:has-text('Đã phê duyệt')")
        walk.open("/awards/decisions/new/")
        page.fill("input[name=authority]", "Bộ Tổng Tham mưu")
        page.fill("input[name=number]", DECISION)
        page.fill("input[name=date]", COMMAND_DECISIONS.isoformat())
        page.fill("input[name=signer_position]", "Tổng Tham mưu trưởng")
        page.fill("input[name=signer_rank]", "Thượng tướng")
        page.fill("input[name=signer_name]", "Nguyễn Tân Cương")
        page.fill("input[name=place]", "Hà Nội")
        page.get_by_label(
            re.compile("Lữ đoàn 144.*Đơn vị tiên tiến|Đơn vị tiên tiến.*Lữ đoàn 144")
        ).check()
        page.click("main form [type=submit]")
        page.wait_for_selector(f"text=Đã ghi nhận Quyết định số {DECISION}")

        clock.move_to(at(COMMAND_DECISIONS + datetime.timedelta(days=1)))
        # The secretariat prints the decision's certificate ...
        walk.log_in("thuky.k4")
        walk.open("/certificates/")
        page.click(f"text={DECISION}")
        page.click("button.print-batch")
        page.wait_for_selector("#job-done")
        with page.expect_download() as download:
            page.click("#job-done a")
        pdf = pypdfium2.PdfDocument(Path(download.value.path()).read_bytes())
        assert len(pdf) == 1
        assert "ĐƠN VỊ TIÊN TIẾN" in pdf[0].get_textpage().get_text_range().upper()

        # ... and whoever holds it checks it from its QR code, without logging in.
        (address,) = [code.text for code in zxingcpp.read_barcodes(pdf[0].render(scale=2).to_pil())]
        page.context.clear_cookies()
        page.goto(address.replace(settings.PORTAL_BASE_URL.rstrip("/"), live_server.url))
        assert "Xác thực." in walk.text("#verify-genuine")
        certificate = Certificate.objects.get(proposal=proposal)
        assert certificate.serial in walk.text("main")
        assert "Lữ đoàn 144" in walk.text("main")

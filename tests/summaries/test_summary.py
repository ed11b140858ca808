"""The year-end summary: figures checked against hand-computed ones, in the PDF and on the
page, versions kept after corrections, and who may read or write it."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards import exemplary, proposals
from evaluation import ballots, scoring
from jobs.models import Job, JobChunk, JobStatus
from pledges.models import Pledge, Target
from summaries.models import YearSummary
from tests.certificates.conftest import DECISION, approved_all, nominated, submitted
from tests.conftest import YEAR, World, leader_commander_create
from tests.factories import (
    CampaignFactory,
    CriterionFactory,
    PersonFactory,
    PledgeFactory,
    ProgressReportFactory,
    TargetFactory,
    VotingRuleFactory,
)
from tests.jobs.test_jobs import pdf_text
from tests.sheets import exported, table


def _target(world: World, pledge: Pledge, unit: object, goal: str, value: str, **extra) -> Target:
    return TargetFactory(
        pledge=pledge,
        unit=unit,
        goal=goal,
        indicator=goal,
        target_value=Decimal(value),
        deadline=datetime.date(YEAR, 12, 31),
        **extra,
    )


def _report(world: World, target: Target, value: str, day: int) -> None:
    ProgressReportFactory(
        target=target,
        achieved_value=Decimal(value),
        reported_at=datetime.datetime(YEAR, 11, day, 9, tzinfo=datetime.UTC),
    )


def _scores(world: World) -> None:
    """Published at 90 and 85, then cross-checked and published again at 95.5 and 81."""
    users = world.users
    table = scoring.criteria_table_create(user=users["secretariat"], bloc=world.bloc, year=YEAR)
    criterion = CriterionFactory(table=table, max_points=100)
    sheets = {}
    for actor, unit, points in [
        ("leader_commander", world.leader_unit, 90),
        ("commander", world.member_unit, 85),
    ]:
        sheets[unit] = scoring.score_self_save(
            user=users[actor],
            sheet=scoring.sheet_get_or_create(table=table, unit=unit),
            values={criterion.pk: (Decimal(points), "")},
            submit=True,
        )
    scoring.scores_publish(user=users["secretariat"], table=table)
    # The secretariat never checks its own (the leading) unit: an administrator does.
    for actor, unit, points in [
        ("admin", world.leader_unit, "95.5"),
        ("secretariat", world.member_unit, "81"),
    ]:
        scoring.score_adjust(
            user=users[actor],
            line=sheets[unit].lines.get(),
            points=Decimal(points),
            reason="Đối chiếu minh chứng",
        )
    scoring.scores_publish(user=users["secretariat"], table=table, reason="Sửa")


def _ballot(world: World) -> None:
    """Both units vote, the leading unit is elected by 2 votes to 1 (with two units, only a
    regulation that lets a unit vote for itself gives that count)."""
    ballot = ballots.ballot_open(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        question="Đề nghị Cờ thi đua",
        rule=VotingRuleFactory(allow_self_vote=True),
        max_choices=2,
        seats=1,
        candidates=[world.leader_unit, world.member_unit],
    )
    for actor, voter, choices in [
        ("leader_commander", world.leader_unit, [world.leader_unit]),
        ("commander", world.member_unit, [world.leader_unit, world.member_unit]),
    ]:
        ballots.ballot_cast(user=world.users[actor], ballot=ballot, voter=voter, choices=choices)
    ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)


def _proposals(world: World) -> None:
    """Giấy khen: three approved, two granted by a decision and one revoked after it; Bằng khen:
    one rejected, one submitted, one still a draft."""
    reviewer = world.users["reviewer"]
    rejected = submitted(world, award="bang-khen-tttm")  # made public with the Giấy khen
    granted = approved_all(world, PersonFactory.create_batch(3, unit=world.member_unit))
    proposals.proposal_review(
        user=reviewer, proposal=rejected, decision="reject", reason="Chưa đủ tiêu chuẩn"
    )
    proposals.decision_record(user=reviewer, data=DECISION, recipients=granted)
    proposals.proposal_revoke(user=reviewer, proposal=granted[2], reason="Khai man thành tích")
    submitted(world, award="bang-khen-tttm")
    nominated(world, award="bang-khen-tttm")


@pytest.fixture
def year(world: World) -> World:
    """A year with hand-computable figures (the expected ones are in the tests).

    The scores, the ballot, the proposals and the exemplary model go through the services. The
    pledge's targets and reports are rows: progress is reported on a signed pledge, and a
    signed pledge cannot carry the target left unaccepted.
    """
    world.leader_unit.name, world.member_unit.name = "Lữ đoàn 144", "Trung đoàn 117"
    world.leader_unit.save()
    world.member_unit.save()
    leader_commander_create(world)
    campaign = CampaignFactory(
        bloc=world.bloc,
        year=YEAR,
        kind="yearly",
        name="Phong trào Thi đua Quyết thắng năm 2026",
        theme="Đoàn kết, kỷ cương, đột phá, sáng tạo, quyết thắng",
    )
    pledge = PledgeFactory(campaign=campaign, title="Giao ước thi đua 2026")
    t1 = _target(world, pledge, world.leader_unit, "Huấn luyện giỏi", "100")
    _report(world, t1, "80", 1)
    _report(world, t1, "90", 20)  # the latest counts: 90 %
    t2 = _target(world, pledge, world.leader_unit, "Vụ vi phạm kỷ luật", "5", direction="at_most")
    _report(world, t2, "4", 5)  # 5/4 = 125 %, met; capped at 100 % in the unit's mean
    _target(world, pledge, world.member_unit, "Sáng kiến", "10")  # never reported: 0 %
    t4 = _target(world, pledge, world.member_unit, "Quân số khỏe", "20")
    _report(world, t4, "25", 7)  # 125 %, met
    _target(world, pledge, world.member_unit, "Chưa duyệt", "1", status="proposed")  # not counted
    _scores(world)
    _ballot(world)
    _proposals(world)
    exemplary.exemplary_mark(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        unit=world.leader_unit,
        person=None,
        practice="Mô hình “Bếp ăn dã chiến”",
    )
    return world


@pytest.fixture
def generate(year: World, django_capture_on_commit_callbacks: Callable) -> Callable[[], Job]:
    def run() -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            response = year.client("secretariat").post(
                reverse("summaries:generate", args=[year.bloc.pk, YEAR])
            )
        job = Job.objects.order_by("-created_at").first()
        assert response["Location"] == reverse("blocs:job_detail", args=[job.pk])
        assert job.status == JobStatus.DONE, job.error
        return job

    return run


def test_the_figures_match_the_hand_computed_ones(year: World, generate: Callable) -> None:
    generate()
    content = YearSummary.objects.get().content
    assert content["campaign"]["theme"] == "Đoàn kết, kỷ cương, đột phá, sáng tạo, quyết thắng"
    assert content["units"] == [
        {"name": "Lữ đoàn 144", "targets": 2, "met": 1, "completion": "95.0"},  # (90 + 100) / 2
        {"name": "Trung đoàn 117", "targets": 2, "met": 1, "completion": "50.0"},  # (0 + 100) / 2
    ]
    assert [(t["goal"], t["completion"], t["met"]) for t in content["targets"]] == [
        ("Huấn luyện giỏi", "90.0", False),
        ("Vụ vi phạm kỷ luật", "125.0", True),
        ("Sáng kiến", "0.0", False),
        ("Quân số khỏe", "125.0", True),
    ]
    assert content["ranking"]["version"] == 2
    assert [(r["rank"], r["name"], r["total"]) for r in content["ranking"]["rows"]] == [
        (1, "Lữ đoàn 144", "95.50"),
        (2, "Trung đoàn 117", "81.00"),
    ]
    assert content["ranking"]["bins"] == [
        {"label": "80–90", "count": 1},
        {"label": "90–100", "count": 1},
    ]
    assert content["ballots"][0]["rows"] == [
        {"name": "Lữ đoàn 144", "votes": 2, "elected": True},
        {"name": "Trung đoàn 117", "votes": 1, "elected": False},
    ]
    assert content["awards"] == [
        {
            "award": "Bằng khen của Tổng Tham mưu trưởng",
            "proposed": 2,
            "approved": 0,
            "granted": 0,
            "revoked": 0,
        },
        {"award": "Giấy khen", "proposed": 3, "approved": 3, "granted": 2, "revoked": 1},
    ]
    assert content["totals"] == {
        "units": 2,
        "targets": 4,
        "targets_met": 2,
        "proposed": 5,
        "granted": 2,
    }
    assert content["exemplary"][0]["practice"] == "Mô hình “Bếp ăn dã chiến”"


def test_the_pdf_says_the_same_with_its_charts(year: World, generate: Callable) -> None:
    job = generate()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(job.file.read())).pages)
    assert "BÁO CÁO TỔNG KẾT" in text
    assert "Đoàn kết, kỷ cương, đột phá, sáng tạo, quyết thắng" in text
    assert "2 đơn vị thành viên; đạt 2 trên 4 chỉ tiêu" in text
    assert "Mô hình “Bếp ăn dã chiến”" in text
    # The charts are drawn as SVG in the PDF, with their labels as text.
    assert "Tỷ lệ đạt chỉ tiêu theo đơn vị (%)" in text
    assert "95 %" in text and "50 %" in text
    assert "Khen thưởng đã trao theo hình thức" in text
    assert "Số đơn vị theo khoảng điểm" in text and "80–90" in text


def test_the_page_shows_the_same_content_and_keeps_earlier_versions(
    year: World, generate: Callable
) -> None:
    generate()
    target = Target.objects.get(goal="Sáng kiến")
    _report(year, target, "10", 25)  # a correction: the member unit reported late
    generate()
    assert list(YearSummary.objects.values_list("version", flat=True)) == [2, 1]
    client = year.client("secretariat")
    latest = client.get(reverse("summaries:detail", args=[year.bloc.pk, YEAR])).content.decode()
    assert 'Trung đoàn 117</td><td class="num">2</td><td class="num">2</td>' in latest
    assert "<svg" in latest and "100 %" in latest
    first = client.get(reverse("summaries:version", args=[year.bloc.pk, YEAR, 1])).content.decode()
    assert 'Trung đoàn 117</td><td class="num">2</td><td class="num">1</td>' in first
    assert "50 %" in first


def test_only_the_secretariat_of_the_year_writes_it(year: World) -> None:
    url = reverse("summaries:generate", args=[year.bloc.pk, YEAR])
    assert year.client("commander").post(url).status_code == 403
    assert year.client("reviewer").post(url).status_code == 403
    assert year.client("other_secretariat").post(url).status_code == 404
    page = year.client("commander").get(reverse("summaries:detail", args=[year.bloc.pk, YEAR]))
    assert page.status_code == 200
    assert url.encode() not in page.content  # no button to write it
    assert not Job.objects.exists()


def _write_summary(django_app: Any, year: World, capture: Callable) -> tuple[Any, str]:
    """The secretariat writes the summary from its page (in the browser's language); the page
    and the PDF's text, whitespace collapsed."""
    url = reverse("summaries:detail", args=[year.bloc.pk, YEAR])
    with capture(execute=True):
        forms = django_app.get(url, user="secretariat").forms.values()
        next(f for f in forms if f.action.endswith("/generate/")).submit().follow()
    job = Job.objects.order_by("-created_at").first()
    assert job.status == JobStatus.DONE, job.error
    return django_app.get(url, user="secretariat"), pdf_text(job.file.read())


def test_figures_are_written_as_each_language_writes_numbers(
    year: World, django_app: Any, django_capture_on_commit_callbacks: Callable
) -> None:
    """No “1E+2 %”, “9E+1” or “95.0”: whole numbers bare, decimals with a comma in Vietnamese
    and a point in English, on the page and in the PDF."""
    _report(year, Target.objects.get(goal="Sáng kiến"), "6.25", 25)  # 62.5 %; unit 81.25 %
    page, pdf = _write_summary(django_app, year, django_capture_on_commit_callbacks)
    targets = " ".join(page.html.select_one("#summary-targets").get_text(" ").split())
    units = " ".join(page.html.select_one("#summary-units").get_text(" ").split())
    ranking = " ".join(page.html.select_one("#summary-ranking").get_text(" ").split())
    assert "Huấn luyện giỏi Huấn luyện giỏi ≥ 100 % 90 90" in targets
    assert "≤ 5 % 4 125" in targets and "≥ 10 % 6,25 62,5" in targets
    assert "Lữ đoàn 144 2 1 95" in units and "Trung đoàn 117 2 1 81,2" in units
    assert "1 Lữ đoàn 144 95,5 2 Trung đoàn 117 81" in ranking
    assert "95 %" in page.text and "81,2 %" in page.text  # the chart's labels
    for text in (page.text, pdf):
        assert "E+" not in text and ".0 " not in text and "95.5" not in text
    assert "≥ 100 %" in pdf and "6,25 62,5" in pdf and "95,5" in pdf and "81,2 %" in pdf

    django_app.set_cookie("django_language", "en")
    page, pdf = _write_summary(django_app, year, django_capture_on_commit_callbacks)
    for text in (page.text, pdf):
        assert "6.25" in text and "62.5" in text and "95.5" in text and "81.2 %" in text
        assert "E+" not in text and "6,25" not in text


def test_a_pdf_rendered_in_chunks_numbers_its_pages_and_heads_each_section_once(
    year: World, generate: Callable, settings: object
) -> None:
    settings.PORTAL_SUMMARY_CHUNK_ROWS = 3  # a chunk for every few rows, as a large bloc has
    job = generate()
    assert JobChunk.objects.filter(job=job).count() > 3
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(job.file.read())).pages]
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert text.rstrip().endswith(f"{number}/{total}"), text
    text = "\n".join(pages)
    headings = [
        "I. Phong trào thi đua",
        "II. Chỉ tiêu giao ước và kết quả thực hiện",
        "III. Kết quả chấm điểm và xếp hạng",
        "IV. Bỏ phiếu kín",
        "V. Đề nghị khen thưởng và kết quả khen thưởng",
        "VI. Điển hình tiên tiến",
    ]
    assert [text.count(heading) for heading in headings] == [1] * 6
    assert [text.index(heading) for heading in headings] == sorted(
        text.index(heading) for heading in headings
    )
    assert pages[0].count("BÁO CÁO TỔNG KẾT") == 1 and "TM. KHỐI THI ĐUA" in pages[-1]
    assert text.count("BÁO CÁO TỔNG KẾT") == 1 and text.count("TM. KHỐI THI ĐUA") == 1
    for goal in ("Huấn luyện giỏi", "Vụ vi phạm kỷ luật", "Sáng kiến", "Quân số khỏe"):
        assert goal in text
    assert "Mô hình “Bếp ăn dã chiến”" in text


def test_the_tables_download_as_a_workbook_with_typed_figures(
    year: World, generate: Callable, django_app: Any
) -> None:
    generate()
    url = reverse("summaries:detail", args=[year.bloc.pk, YEAR])

    book = exported(django_app, url, user="superior", link="summary-export")

    units = book["Kết quả theo đơn vị"]
    assert units["A1"].value == f"Báo cáo tổng kết {year.bloc.name} năm {YEAR}"
    header, rows = table(units)
    assert header == ["Đơn vị", "Số chỉ tiêu", "Đạt", "Tỷ lệ hoàn thành"]
    first = [cell.value for cell in rows[0]]
    assert first == ["Lữ đoàn 144", 2, 1, 0.95]
    assert rows[0][3].number_format.endswith("%")
    _header, targets = table(book["Chỉ tiêu và kết quả"])
    assert [(r[1].value, r[6].value, r[7].value, r[8].value) for r in targets] == [
        ("Huấn luyện giỏi", 90, 0.9, "Không"),
        ("Vụ vi phạm kỷ luật", 4, 1.25, "Có"),
        ("Sáng kiến", None, 0, "Không"),
        ("Quân số khỏe", 25, 1.25, "Có"),
    ]
    _header, ranking = table(book["Xếp hạng"])
    assert [[c.value for c in r] for r in ranking] == [
        [1, "Lữ đoàn 144", 95.5],
        [2, "Trung đoàn 117", 81],
    ]
    _header, votes = table(book["Bỏ phiếu kín"])
    assert [(r[5].value, r[6].value, r[7].value) for r in votes] == [
        ("Lữ đoàn 144", 2, "Có"),
        ("Trung đoàn 117", 1, "Không"),
    ]
    _header, awards = table(book["Khen thưởng"])
    assert [c.value for c in awards[1]] == ["Giấy khen", 3, 3, 2, 1]


@pytest.mark.parametrize("actor", ["other_secretariat", "other_commander", "other_reviewer"])
def test_another_blocs_users_get_no_summary_workbook(
    year: World, generate: Callable, actor: str
) -> None:
    generate()
    url = reverse("summaries:xlsx", args=[year.bloc.pk, YEAR, 1])
    assert year.client(actor).get(url).status_code == 404
    anonymous = year.client("anonymous").get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]

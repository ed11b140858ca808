"""The scoring pages: the sheet form, the cross-check form, the ranking and its publication."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from webtest import Upload

from blocs.models import RoleKind
from evaluation import ballots, documents, scoring
from evaluation.models import (
    CriteriaTable,
    ScoreEvidence,
    ScoreLine,
    ScorePublication,
    ScoreSheet,
)
from jobs.models import Job
from jobs.services import job_request
from tests.blocs.test_forms import vi
from tests.conftest import YEAR, World
from tests.factories import MembershipFactory, RoleFactory, UnitFactory, UserFactory
from tests.forms import options, tick
from tests.jobs.test_jobs import pdf_text

from .conftest import ballot_voted


def fill_sheet(form: Any, table: CriteriaTable, points: list[int]) -> None:
    """Type the points and a justification into the sheet form the page rendered, criterion
    by criterion in the table's order (a criterion the page forgets fails the test)."""
    criteria = table.criteria.order_by("order")
    for criterion, value in zip(criteria, points, strict=True):
        form[f"points_{criterion.pk}"] = str(value)
        form[f"note_{criterion.pk}"] = "Có minh chứng kèm theo"


def test_commander_scores_and_submits_from_the_page(
    world: World, table: CriteriaTable, django_app: Any
) -> None:
    url = reverse("evaluation:sheet", args=[table.pk, world.member_unit.pk])
    page = django_app.get(url, user="commander")
    assert (
        not ScoreSheet.objects.exists() and not ScoreLine.objects.exists()
    )  # a GET writes nothing
    form = page.forms["sheet-form"]
    fill_sheet(form, table, [70, 30, 0, 0])
    too_much = form.submit("save", status=400)
    assert vi("At most %(points)s points.") % {"points": "60"} in too_much.text
    form = too_much.forms["sheet-form"]
    fill_sheet(form, table, [50, 30, 2, 0])
    form.submit("submit").follow()
    sheet = ScoreSheet.objects.get(table=table, unit=world.member_unit)
    assert sheet.status == "submitted"
    assert sorted(sheet.lines.values_list("self_points", flat=True)) == [0, 2, 30, 50]
    totals = django_app.get(url, user="commander").html.select_one("#sheet-totals")
    by_group = {row.th.text: row.td.text for row in totals.select("tr")}
    assert by_group["Nhiệm vụ chính trị"] == "50" and by_group["Xây dựng đơn vị"] == "30"
    assert totals.select_one("[data-total-all]").text == "82"  # 50 + 30 + 2 bonus - 0


def test_before_publication_a_commander_sees_only_their_units_score(
    world: World, table: CriteriaTable
) -> None:
    url = reverse("evaluation:ranking", args=[table.pk])
    for actor, seen in (("commander", {world.member_unit.name}), ("secretariat", None)):
        page = world.client(actor).get(url).content.decode()
        assert world.member_unit.name in page
        assert (world.leader_unit.name in page) is (seen is None)


def test_other_blocs_commander_sees_nothing(world: World, table: CriteriaTable) -> None:
    url = reverse("evaluation:sheet", args=[table.pk, world.member_unit.pk])
    assert world.client("other_commander").get(url).status_code == 404
    assert (
        world.client("commander")
        .get(reverse("evaluation:sheet", args=[table.pk, world.leader_unit.pk]))
        .status_code
        == 403
    )


def test_secretariat_cross_checks_with_a_reason(
    world: World, table: CriteriaTable, django_app: Any
) -> None:
    form = django_app.get(
        reverse("evaluation:sheet", args=[table.pk, world.member_unit.pk]), user="commander"
    ).forms["sheet-form"]
    fill_sheet(form, table, [50, 30, 0, 0])
    form.submit("submit")
    check = reverse("evaluation:sheet_check", args=[table.pk, world.member_unit.pk])
    django_app.get(check, user="commander", status=403)
    first = table.criteria.get(order=1)
    form = django_app.get(check, user="secretariat").forms["sheet-form"]
    form[f"points_{first.pk}"] = "45"
    refused = form.submit(status=400)  # a change without its reason
    assert vi("Write why the score changes.") in refused.text
    form = refused.forms["sheet-form"]
    form[f"note_{first.pk}"] = "Chưa đủ minh chứng"
    form.submit(status=302)
    line = ScoreLine.objects.get(sheet__unit=world.member_unit, criterion=first)
    assert (line.self_points, line.checked_points) == (Decimal(50), Decimal(45))
    assert line.check_reason == "Chưa đủ minh chứng"


def test_the_cross_check_is_offered_to_whom_the_service_allows_it(
    world: World, table: CriteriaTable, django_app: Any
) -> None:
    """A unit the bloc assigned cross-checks the others (never itself); the secretariat
    cross-checks every unit but its own."""
    table.checkers.set([world.member_unit])
    for unit, points in ((world.member_unit, 5), (world.leader_unit, 4)):
        scoring.score_self_save(
            user=RoleFactory(kind=RoleKind.COMMANDER, unit=unit).user,
            sheet=scoring.sheet_get_or_create(table=table, unit=unit),
            values={c.pk: (Decimal(points), "x") for c in table.criteria.all()},
            submit=True,
        )
    ranking = reverse("evaluation:ranking", args=[table.pk])

    def offered(actor: str) -> set[int]:
        page = django_app.get(ranking, user=actor)
        links = page.html.select("a[href*='/check/']")
        return {int(a["href"].rstrip("/").split("/")[-2]) for a in links}

    assert offered("commander") == {world.leader_unit.pk}
    assert offered("secretariat") == {world.member_unit.pk}
    check = "evaluation:sheet_check"
    django_app.get(reverse(check, args=[table.pk, world.leader_unit.pk]), user="commander")
    django_app.get(
        reverse(check, args=[table.pk, world.member_unit.pk]), user="commander", status=403
    )
    django_app.get(
        reverse(check, args=[table.pk, world.leader_unit.pk]), user="secretariat", status=403
    )


def test_ranking_page_publishes_and_keeps_constant_queries(
    world: World, table: CriteriaTable
) -> None:
    url = reverse("evaluation:ranking", args=[table.pk])
    client = world.client("secretariat")

    def grow(n: int) -> None:
        for unit in UnitFactory.create_batch(n):
            MembershipFactory(bloc=world.bloc, unit=unit, year=YEAR)
            scoring.sheet_get_or_create(table=table, unit=unit).lines.update(self_points=5)

    grow(2)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(20)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)
    assert client.post(url, {"reason": ""}).status_code == 302  # refused: not all submitted
    assert not ScorePublication.objects.exists()


def test_secretariat_sets_the_table_and_its_criteria(
    world: World, table: CriteriaTable, django_app: object
) -> None:
    """The page's own form: settings and a new criterion, saved together (the settings form
    used to be validated but never shown, so Save lost everything)."""
    url = reverse("evaluation:criteria", args=[table.pk])
    assert world.client("commander").get(url).status_code == 403
    form = django_app.get(url, user="secretariat").forms["criteria-form"]
    form["table-self_score_deadline"] = f"{YEAR}-12-10"
    form["table-bonus_cap"], form["table-penalty_cap"] = "6", "12"
    tick(form, "table-checkers", world.member_unit.pk)
    new = len(table.criteria.all())
    form[f"form-{new}-group"], form[f"form-{new}-order"] = "Mới", "9"
    form[f"form-{new}-name"], form[f"form-{new}-kind"] = "Tiêu chí mới", "regular"
    form[f"form-{new}-max_points"] = "10"
    response = form.submit()
    assert response.status_code == 302
    table.refresh_from_db()
    assert (table.bonus_cap, table.penalty_cap) == (6, 12)
    assert table.self_score_deadline == datetime.date(YEAR, 12, 10)
    assert list(table.checkers.all()) == [world.member_unit]
    assert table.criteria.filter(name="Tiêu chí mới", max_points=10).exists()


def test_a_bad_cap_is_refused_and_what_was_typed_kept(
    world: World, table: CriteriaTable, django_app: object
) -> None:
    url = reverse("evaluation:criteria", args=[table.pk])
    form = django_app.get(url, user="secretariat").forms["criteria-form"]
    form["table-bonus_cap"] = "-1"
    form["form-0-name"] = "Hoàn thành nhiệm vụ được giao"
    page = form.submit(status=400)
    assert page.forms["criteria-form"]["form-0-name"].value == "Hoàn thành nhiệm vụ được giao"
    table.refresh_from_db()
    assert table.bonus_cap == 5


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_commander_attaches_evidence_that_only_readers_download(
    world: World, table: CriteriaTable, django_app: Any
) -> None:
    url = reverse("evaluation:sheet", args=[table.pk, world.member_unit.pk])
    first = table.criteria.get(order=1)
    form = django_app.get(url, user="commander").forms["evidence-form"]
    assert options(form, "criterion") == [str(c.pk) for c in table.criteria.order_by("order")]
    form["criterion"] = str(first.pk)
    form["file"] = Upload("Biên bản.pdf", PDF, "application/pdf")
    form.submit().follow()
    form = django_app.get(url, user="commander").forms["evidence-form"]
    form["file"] = Upload("x.pdf", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf")
    form.submit().follow()
    evidence = ScoreEvidence.objects.get()
    assert (evidence.name, evidence.line.criterion) == ("Biên bản.pdf", first)
    download = reverse("evaluation:score_evidence", args=[evidence.pk])
    assert "Biên bản.pdf" in django_app.get(url, user="secretariat").text
    assert world.client("secretariat").get(download).status_code == 200
    assert world.client("reviewer").get(download).status_code == 200
    assert world.client("other_commander").get(download).status_code == 404


def test_elected_units_are_offered_as_nominees_with_their_scores(
    world: World, table: CriteriaTable, rule: object, bloc_of_five: list
) -> None:
    units = bloc_of_five
    ballot = ballot_voted(world, rule, units, candidates=[units[0], units[1]])
    ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)
    nominees = scoring.evaluation_nominees(bloc=world.bloc, year=YEAR)
    assert [(n["unit"], n["votes"]) for n in nominees] == [(units[0], 4)]
    page = world.client("reviewer").get(reverse("evaluation:ranking", args=[table.pk]))
    assert units[0].name in page.content.decode().split('id="nominees"')[1]


def test_points_are_written_as_each_language_writes_numbers(
    world: World,
    table: CriteriaTable,
    rule: object,
    django_app: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """“50,5” and “5”, never “50,50”, “5,00” or the stored “82.50”: on the sheet, the ranking
    and the meeting minutes, with a point in English."""
    url = reverse("evaluation:sheet", args=[table.pk, world.member_unit.pk])
    form = django_app.get(url, user="commander").forms["sheet-form"]
    fill_sheet(form, table, [61, 30, 2, 0])
    too_much = form.submit("save", status=400)
    assert "Tối đa 60 điểm." in too_much.text and "60.00" not in too_much.html.get_text()
    form = too_much.forms["sheet-form"]
    fill_sheet(form, table, [50.5, 30, 2, 0])
    page = form.submit("submit").follow()
    cells = [td.get_text(" ", strip=True) for td in page.html.select("#score-lines td")]
    assert "60" in cells and "50,5" in cells and "50,50" not in cells
    leader = RoleFactory(user=UserFactory(), kind="commander", unit=world.leader_unit).user
    sheet = scoring.sheet_get_or_create(table=table, unit=world.leader_unit)
    values = {line.criterion_id: (Decimal(0), "") for line in sheet.lines.all()}
    scoring.score_self_save(user=leader, sheet=sheet, values=values, submit=True)

    ranking = reverse("evaluation:ranking", args=[table.pk])
    page = django_app.get(ranking, user="secretariat")
    assert "tối đa 5 điểm, điểm trừ tối đa 10 điểm" in page.text
    assert "82,5" in page.text and "82,50" not in page.text and "5,00" not in page.text
    next(f for f in page.forms.values() if f.html.select_one("#publish")).submit().follow()
    assert ScorePublication.objects.get().ranking[0]["total"] == "82.50"  # stored as data
    ballot = ballots.ballot_open(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        question="Cờ thi đua",
        rule=rule,
        max_choices=1,
        seats=1,
        candidates=[world.leader_unit, world.member_unit],
    )
    for user, voter, choice in [
        (world.users["commander"], world.member_unit, world.leader_unit),
        (leader, world.leader_unit, world.member_unit),
    ]:
        ballots.ballot_cast(user=user, ballot=ballot, voter=voter, choices=[choice])
    ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)
    with django_capture_on_commit_callbacks(execute=True):
        job_request(
            user=world.users["secretariat"],
            kind=documents.MEETING_MINUTES,
            bloc_id=world.bloc.pk,
            year=YEAR,
            language="vi",
        )
    minutes = pdf_text(Job.objects.get().file.read())
    assert "82,5" in minutes and "82.50" not in minutes

    django_app.set_cookie("django_language", "en")
    page = django_app.get(ranking, user="secretariat")
    assert "bonus counts up to 5, penalties up to 10 points" in page.text
    assert "82.5" in page.text and "82.50" not in page.text


def test_saving_and_submitting_the_self_score_say_whose_it_is(
    world: World, table: CriteriaTable, django_app: Any
) -> None:
    """Not a bare “Đã thực hiện.”: the message says what was done and to whose sheet."""
    world.member_unit.name = "Lữ đoàn 144"
    world.member_unit.save(update_fields=["name"])
    url = reverse("evaluation:sheet", args=[table.pk, world.member_unit.pk])
    form = django_app.get(url, user="commander").forms["sheet-form"]
    fill_sheet(form, table, [50, 30, 2, 0])
    page = form.submit("save").follow()
    assert [a.get_text(strip=True) for a in page.html.select(".alert-success")] == [
        "Đã lưu bảng tự chấm của Lữ đoàn 144."
    ]
    page = page.forms["sheet-form"].submit("submit").follow()
    assert [a.get_text(strip=True) for a in page.html.select(".alert-success")] == [
        "Đã nộp bảng tự chấm của Lữ đoàn 144."
    ]

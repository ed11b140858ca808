"""The scoring pages: the sheet form, the cross-check form, the ranking and its publication."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation import scoring
from evaluation.models import CriteriaTable, ScoreLine, ScorePublication
from tests.blocs.test_forms import vi
from tests.conftest import YEAR, World
from tests.factories import MembershipFactory, UnitFactory
from tests.forms import tick


def sheet_data(table: CriteriaTable, unit: object, points: list[int]) -> dict[str, object]:
    sheet = scoring.sheet_get_or_create(table=table, unit=unit)
    lines = sheet.lines.order_by("criterion__order")
    data: dict[str, object] = {}
    for line, value in zip(lines, points, strict=True):
        data[f"points_{line.pk}"] = value
        data[f"note_{line.pk}"] = "Có minh chứng kèm theo"
    return data


def test_commander_scores_and_submits_from_the_page(world: World, table: CriteriaTable) -> None:
    url = reverse("evaluation:sheet", args=[table.pk, world.member_unit.pk])
    client = world.client("commander")
    too_much = client.post(
        url, {**sheet_data(table, world.member_unit, [70, 30, 0, 0]), "save": "1"}
    )
    assert too_much.status_code == 400
    message = vi("Ensure this value is less than or equal to %(limit_value)s.").split("%")[0]
    assert message in too_much.content.decode()
    client.post(url, {**sheet_data(table, world.member_unit, [50, 30, 2, 0]), "submit": "1"})
    sheet = scoring.sheet_get_or_create(table=table, unit=world.member_unit)
    assert sheet.status == "submitted"
    assert sorted(sheet.lines.values_list("self_points", flat=True)) == [0, 2, 30, 50]


def test_other_blocs_commander_sees_nothing(world: World, table: CriteriaTable) -> None:
    url = reverse("evaluation:sheet", args=[table.pk, world.member_unit.pk])
    assert world.client("other_commander").get(url).status_code == 404
    assert (
        world.client("commander")
        .get(reverse("evaluation:sheet", args=[table.pk, world.leader_unit.pk]))
        .status_code
        == 403
    )


def test_secretariat_cross_checks_with_a_reason(world: World, table: CriteriaTable) -> None:
    client = world.client("commander")
    url = reverse("evaluation:sheet", args=[table.pk, world.member_unit.pk])
    client.post(url, {**sheet_data(table, world.member_unit, [50, 30, 0, 0]), "submit": "1"})
    check = reverse("evaluation:sheet_check", args=[table.pk, world.member_unit.pk])
    line = ScoreLine.objects.get(sheet__unit=world.member_unit, criterion__order=1)
    data = {f"points_{line.pk}": "45", f"note_{line.pk}": "Chưa đủ minh chứng"}
    assert world.client("commander").post(check, data).status_code == 403
    assert world.client("secretariat").post(check, data).status_code == 302
    line.refresh_from_db()
    assert (line.self_points, line.checked_points) == (Decimal(50), Decimal(45))


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
    world: World, table: CriteriaTable
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluation.models import ScoreEvidence

    sheet = scoring.sheet_get_or_create(table=table, unit=world.member_unit)
    line = sheet.lines.get(criterion__order=1)
    url = reverse("evaluation:sheet_evidence", args=[table.pk, world.member_unit.pk])
    client = world.client("commander")
    client.post(url, {"line": line.pk, "file": SimpleUploadedFile("Biên bản.pdf", PDF)})
    client.post(
        url, {"line": line.pk, "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 64)}
    )
    evidence = ScoreEvidence.objects.get()
    assert evidence.name == "Biên bản.pdf"
    download = reverse("evaluation:score_evidence", args=[evidence.pk])
    assert world.client("secretariat").get(download).status_code == 200
    assert world.client("reviewer").get(download).status_code == 200
    assert world.client("other_commander").get(download).status_code == 404


def test_elected_units_are_offered_as_nominees_with_their_scores(
    world: World, table: CriteriaTable, rule: object, bloc_of_five: list
) -> None:
    from evaluation import ballots

    units = bloc_of_five
    ballot = ballots.ballot_open(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        question="Cờ thi đua",
        rule=rule,
        max_choices=1,
        seats=1,
        candidates=[units[0], units[1]],
    )
    for i in range(1, 5):
        ballots.ballot_cast(
            user=world.users[f"commander_{i}"], ballot=ballot, voter=units[i], choices=[units[0]]
        )
    ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)
    nominees = scoring.evaluation_nominees(bloc=world.bloc, year=YEAR)
    assert [(n["unit"], n["votes"]) for n in nominees] == [(units[0], 4)]
    page = world.client("reviewer").get(reverse("evaluation:ranking", args=[table.pk]))
    assert units[0].name in page.content.decode().split('id="nominees"')[1]

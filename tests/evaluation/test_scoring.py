"""Scoring: table, self-scores, cross-check, ranking with ties and caps, publication."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from blocs.models import MembershipRole
from evaluation import scoring
from evaluation.models import CriteriaTable, Criterion, ScorePublication
from pledges.progress import target_report_progress
from tests.conftest import YEAR, World, leader_commander_create
from tests.factories import CriterionFactory, MembershipFactory
from tests.pledges.conftest import draft_pledge, signed

D = Decimal


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def score(
    world: World,
    table: CriteriaTable,
    actor: str,
    unit: object,
    points: list[int],
    submit: bool = True,
):
    sheet = scoring.sheet_get_or_create(table=table, unit=unit)
    values = {
        c.pk: (D(p), "") for c, p in zip(table.criteria.order_by("order"), points, strict=True)
    }
    return scoring.score_self_save(
        user=world.users[actor], sheet=sheet, values=values, submit=submit
    )


def table_save(
    world: World, table: CriteriaTable, *, criteria: Iterable[Criterion] = (), **settings: object
) -> CriteriaTable:
    """The secretariat's Save on the table's page: its settings as shown, but ``settings``,
    and the ``criteria`` changed."""
    shown = {name: getattr(table, name) for name in scoring.TABLE_SETTINGS}
    return scoring.criteria_table_update(
        user=world.users["secretariat"],
        table=table,
        settings={**shown, **settings},
        criteria=list(criteria),
        deleted=[],
    )


def test_bonus_and_penalty_count_up_to_their_caps(world: World, table: CriteriaTable) -> None:
    score(world, table, "commander", world.member_unit, [50, 30, 8, 0])  # bonus 8 capped at 5
    rows = {r.unit: r for r in scoring.ranking_compute(table=table)}
    member = rows[world.member_unit]
    assert (member.bonus, member.total) == (D(5), D(85))


def test_points_above_the_maximum_or_negative_are_refused(
    world: World, table: CriteriaTable
) -> None:
    with pytest.raises(ValidationError, match="at most 60"):
        score(world, table, "commander", world.member_unit, [61, 0, 0, 0])
    with pytest.raises(ValidationError, match="negative"):
        score(world, table, "commander", world.member_unit, [-1, 0, 0, 0])
    sheet = scoring.sheet_get_or_create(table=table, unit=world.member_unit)
    assert sheet.status == "draft" and not sheet.lines.exclude(self_points=0).exists()


def test_a_submitted_score_is_locked_and_the_table_too(world: World, table: CriteriaTable) -> None:
    score(world, table, "commander", world.member_unit, [50, 30, 0, 0])
    with pytest.raises(ValidationError, match="locked"):
        score(world, table, "commander", world.member_unit, [60, 40, 0, 0])
    with pytest.raises(ValidationError):
        scoring.criteria_check_editable(user=world.users["secretariat"], table=table)


def test_a_commander_scores_only_their_unit(world: World, table: CriteriaTable) -> None:
    with pytest.raises(PermissionDenied):
        score(world, table, "commander", world.leader_unit, [1, 1, 0, 0])


def test_cross_check_keeps_both_figures_and_never_checks_itself(
    world: World, table: CriteriaTable
) -> None:
    sheet = score(world, table, "commander", world.member_unit, [50, 30, 0, 0])
    line = sheet.lines.get(criterion__order=1)
    with pytest.raises(ValidationError, match="why"):
        scoring.score_adjust(user=world.users["secretariat"], line=line, points=D(30), reason=" ")
    scoring.score_adjust(
        user=world.users["secretariat"], line=line, points=D(30), reason="Thiếu minh chứng"
    )
    line.refresh_from_db()
    assert (line.self_points, line.checked_points) == (D(50), D(30))
    assert scoring.line_flagged(line)  # 20 of 60 points apart
    leader_commander_create(world)
    own = score(world, table, "leader_commander", world.leader_unit, [0, 0, 0, 0])
    with pytest.raises(PermissionDenied):  # the secretariat's own unit
        scoring.score_adjust(
            user=world.users["secretariat"], line=own.lines.first(), points=D(1), reason="x"
        )


def test_ranking_shows_ties_as_ties(world: World, table: CriteriaTable, bloc_of_five: list) -> None:
    units = bloc_of_five
    for i, points in enumerate(
        [[50, 30, 0, 0], [50, 30, 0, 0], [60, 40, 0, 0], [40, 20, 5, 0], [40, 30, 0, 10]]
    ):
        score(world, table, f"commander_{i}", units[i], points)
    rows = scoring.ranking_compute(table=table)
    assert [(r.unit, r.rank, r.tied) for r in rows][:3] == [
        (units[2], 1, False),
        (units[0], 2, True),
        (units[1], 2, True),
    ]
    assert rows[3].rank == 4 and rows[3].total == D(65)


def test_publication_is_versioned_and_never_overwritten(world: World, table: CriteriaTable) -> None:
    with pytest.raises(ValidationError, match="Every unit"):
        scoring.scores_publish(user=world.users["secretariat"], table=table)
    sheet = score(world, table, "commander", world.member_unit, [50, 30, 0, 0])
    leader_commander_create(world)
    score(world, table, "leader_commander", world.leader_unit, [0, 0, 0, 0])
    first = scoring.scores_publish(user=world.users["secretariat"], table=table)
    line = sheet.lines.get(criterion__order=2)
    scoring.score_adjust(
        user=world.users["secretariat"], line=line, points=D(20), reason="Sai số liệu"
    )
    with pytest.raises(ValidationError, match="why"):
        scoring.scores_publish(user=world.users["secretariat"], table=table)
    second = scoring.scores_publish(
        user=world.users["secretariat"], table=table, reason="Đính chính"
    )
    first.refresh_from_db()
    totals = {
        p.version: {r["unit"]: r["total"] for r in p.ranking}
        for p in ScorePublication.objects.all()
    }
    assert totals[1][world.member_unit.pk] == "80.00" and totals[2][world.member_unit.pk] == "70.00"
    assert (first.version, second.version, second.reason) == (1, 2, "Đính chính")


def test_ranking_shows_the_change_from_last_year(world: World, table: CriteriaTable) -> None:
    # Last year the same units were in the bloc, the leading unit ranked 1st and the member 2nd
    # (kept by an administrator: the secretariat's scope was read before these memberships).
    MembershipFactory(
        bloc=world.bloc, unit=world.leader_unit, year=YEAR - 1, role=MembershipRole.LEADER
    )
    MembershipFactory(bloc=world.bloc, unit=world.member_unit, year=YEAR - 1)
    last_year = scoring.criteria_table_create(
        user=world.users["admin"], bloc=world.bloc, year=YEAR - 1
    )
    CriterionFactory(table=last_year, max_points=100)
    leader_commander_create(world)
    score(world, last_year, "leader_commander", world.leader_unit, [90])
    score(world, last_year, "commander", world.member_unit, [80])
    ranks = scoring.scores_publish(user=world.users["admin"], table=last_year).ranking
    assert [(r["unit"], r["rank"]) for r in ranks] == [
        (world.leader_unit.pk, 1),
        (world.member_unit.pk, 2),
    ]
    score(world, table, "commander", world.member_unit, [60, 40, 0, 0])
    rows = {r.unit: r for r in scoring.ranking_compute(table=table)}
    assert rows[world.member_unit].change == 1  # from 2nd to 1st
    assert rows[world.leader_unit].change == -1


def test_self_scores_close_at_their_deadline(world: World, table: CriteriaTable) -> None:
    table_save(world, table, self_score_deadline=datetime.date(2000, 1, 31))
    with pytest.raises(ValidationError, match="due by 31/01/2000"):
        score(world, table, "commander", world.member_unit, [50, 30, 0, 0])


def test_a_unit_the_bloc_assigns_cross_checks_others_but_not_itself(
    world: World, table: CriteriaTable, bloc_of_five: list
) -> None:
    table.checkers.add(bloc_of_five[2])
    checker = world.users["commander_2"]
    sheet = score(world, table, "commander", world.member_unit, [50, 30, 0, 0])
    line = sheet.lines.get(criterion__order=1)
    scoring.score_adjust(user=checker, line=line, points=D(40), reason="Đối chiếu minh chứng")
    own = score(world, table, "commander_2", bloc_of_five[2], [50, 30, 0, 0])
    with pytest.raises(PermissionDenied):
        scoring.score_adjust(user=checker, line=own.lines.first(), points=D(1), reason="x")
    with pytest.raises(PermissionDenied):  # not assigned
        scoring.score_adjust(user=world.users["commander_3"], line=line, points=D(1), reason="x")


def test_pledge_results_suggest_points(world: World, table: CriteriaTable) -> None:
    leader_commander_create(world)
    pledge = signed(world, draft_pledge(world))  # each unit: "Tỷ lệ khá, giỏi" at least 80 %
    target_report_progress(
        user=world.users["commander"],
        target=pledge.targets.get(unit=world.member_unit),
        achieved_value=D(60),
        narrative="Kiểm tra giữa năm: 60 % khá, giỏi",
        files=[],
    )
    criterion = table.criteria.get(order=1)
    criterion.target_indicator = "Tỷ lệ khá, giỏi"
    table_save(world, table, criteria=[criterion])
    assert scoring.suggested_points(table=table, unit=world.member_unit) == {
        criterion.pk: D("45.00")
    }
    assert scoring.suggested_points(table=table, unit=world.leader_unit) == {}

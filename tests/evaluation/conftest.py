"""The voting rule, the score table and the voted ballot the evaluation tests share."""

from __future__ import annotations

from decimal import Decimal

import pytest

from blocs.models import MembershipRole, RoleKind
from evaluation import ballots, scoring
from evaluation.models import Ballot, Comparison, CriteriaTable, ThresholdBase, VotingRule
from tests.conftest import YEAR, World
from tests.factories import (
    CriterionFactory,
    MembershipFactory,
    RoleFactory,
    UnitFactory,
    UserFactory,
    VotingRuleFactory,
)


@pytest.fixture
def rule(db: None) -> VotingRule:
    """Quorum 2/3 of all members; passing with at least 7/10 of all members; no voting for
    oneself."""
    return VotingRuleFactory(
        name="Quy chế kiểm thử",
        legal_source="Quy chế hoạt động Khối (kiểm thử)",
        quorum_numerator=2,
        quorum_denominator=3,
        threshold_numerator=7,
        threshold_denominator=10,
        threshold_comparison=Comparison.AT_LEAST,
        threshold_base=ThresholdBase.TOTAL,
        allow_self_vote=False,
    )


def bloc_grown(world: World, units: list[object], size: int) -> list[object]:
    """``units`` (the bloc's members) grown to ``size``, each new one with a ``commander_<i>``."""
    for i in range(len(units), size):
        unit = UnitFactory()
        MembershipFactory(bloc=world.bloc, unit=unit, year=YEAR, role=MembershipRole.MEMBER)
        user = UserFactory(username=f"commander_{i}")
        RoleFactory(user=user, kind=RoleKind.COMMANDER, unit=unit)
        world.users[f"commander_{i}"] = user
        units.append(unit)
    return units


@pytest.fixture
def bloc_of_six(world: World, bloc_of_five: list[object]) -> list[object]:
    return bloc_grown(world, bloc_of_five, 6)


@pytest.fixture
def bloc_of_nine(world: World, bloc_of_five: list[object]) -> list[object]:
    return bloc_grown(world, bloc_of_five, 9)


@pytest.fixture
def table(world: World) -> CriteriaTable:
    """The year's table as the secretariat saves it: four criteria, bonus up to 5, penalty
    up to 10."""
    secretariat = world.users["secretariat"]
    table = scoring.criteria_table_create(user=secretariat, bloc=world.bloc, year=YEAR)
    criteria = [
        CriterionFactory.build(
            table=table, group=group, order=order, name=name, kind=kind, max_points=maximum
        )
        for order, (group, name, kind, maximum) in enumerate(
            [
                ("Nhiệm vụ chính trị", "Hoàn thành nhiệm vụ", "regular", 60),
                ("Xây dựng đơn vị", "Vững mạnh toàn diện", "regular", 40),
                ("Cộng điểm", "Sáng kiến được công nhận", "bonus", 8),
                ("Trừ điểm", "Vi phạm kỷ luật", "penalty", 20),
            ],
            start=1,
        )
    ]
    return scoring.criteria_table_update(
        user=secretariat,
        table=table,
        settings={"bonus_cap": Decimal(5), "penalty_cap": Decimal(10)},
        criteria=criteria,
        deleted=[],
    )


def ballot_voted(world: World, rule: VotingRule, units: list, candidates: list) -> Ballot:
    """A ballot of the world's bloc on ``candidates``, where units 1 to 4 each voted for the
    first candidate (through the services: opened, cast)."""
    ballot = ballots.ballot_open(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        question="Suy tôn Cờ thi đua",
        rule=rule,
        max_choices=1,
        seats=1,
        candidates=candidates,
    )
    for i in range(1, 5):
        ballots.ballot_cast(
            user=world.users[f"commander_{i}"], ballot=ballot, voter=units[i], choices=[units[0]]
        )
    return ballot

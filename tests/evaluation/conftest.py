"""The voting rule and the score table the evaluation tests share."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from blocs.models import MembershipRole, RoleKind
from evaluation import scoring
from evaluation.models import CriteriaTable, Criterion, VotingRule
from tests.conftest import YEAR, World
from tests.factories import MembershipFactory, RoleFactory, UnitFactory, UserFactory


@pytest.fixture
def rule(db: None) -> VotingRule:
    """Quorum 2/3 of all members; passing with at least 7/10 of all members; no voting for
    oneself."""
    return VotingRule.objects.create(
        name="Quy chế kiểm thử",
        legal_source="Quy chế hoạt động Khối (kiểm thử)",
        quorum_numerator=2,
        quorum_denominator=3,
        threshold_numerator=7,
        threshold_denominator=10,
        threshold_comparison="at_least",
        threshold_base="total",
        allow_self_vote=False,
        effective_from=datetime.date(2024, 1, 1),
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
    table = scoring.criteria_table_create(
        user=world.users["secretariat"], bloc=world.bloc, year=YEAR
    )
    table.bonus_cap, table.penalty_cap = Decimal(5), Decimal(10)
    table.save()
    for order, (group, name, kind, maximum) in enumerate(
        [
            ("Nhiệm vụ chính trị", "Hoàn thành nhiệm vụ", "regular", 60),
            ("Xây dựng đơn vị", "Vững mạnh toàn diện", "regular", 40),
            ("Cộng điểm", "Sáng kiến được công nhận", "bonus", 8),
            ("Trừ điểm", "Vi phạm kỷ luật", "penalty", 20),
        ],
        start=1,
    ):
        Criterion.objects.create(
            table=table, group=group, order=order, name=name, kind=kind, max_points=maximum
        )
    return table

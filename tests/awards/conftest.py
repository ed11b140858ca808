from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from awards.models import VotingRule
from blocs.models import MembershipRole, RoleKind
from tests.conftest import YEAR, World
from tests.factories import MembershipFactory, RoleFactory, UnitFactory, UserFactory


@pytest.fixture
def rule(db: None) -> VotingRule:
    """Quorum 2/3 of all members; passing with 70 % of all members; no voting for oneself."""
    return VotingRule.objects.create(
        name="Quy chế kiểm thử", legal_source="Quy chế hoạt động Khối (kiểm thử)",
        quorum_percent=Decimal("66.67"), threshold_percent=Decimal("70"),
        threshold_base="total", allow_self_vote=False, effective_from=datetime.date(2024, 1, 1),
    )  # fmt: skip


@pytest.fixture
def bloc_of_five(world: World) -> list[object]:
    """The world's bloc grown to five member units, each with its commander account."""
    units = [world.leader_unit, world.member_unit]
    world.users["commander_0"] = RoleFactory(
        user=UserFactory(username="commander_0"), kind=RoleKind.COMMANDER, unit=world.leader_unit
    ).user
    world.users["commander_1"] = world.users["commander"]
    for i in range(2, 5):
        unit = UnitFactory()
        MembershipFactory(bloc=world.bloc, unit=unit, year=YEAR, role=MembershipRole.MEMBER)
        user = UserFactory(username=f"commander_{i}")
        RoleFactory(user=user, kind=RoleKind.COMMANDER, unit=unit)
        world.users[f"commander_{i}"] = user
        units.append(unit)
    return units

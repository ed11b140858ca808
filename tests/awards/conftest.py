from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from awards import scoring
from awards.models import CriteriaTable, Criterion, VotingRule
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


@pytest.fixture
def table(world: World) -> CriteriaTable:
    table = scoring.criteria_table_create(
        user=world.users["secretariat"], bloc=world.bloc, year=YEAR
    )
    table.bonus_cap, table.penalty_cap = Decimal(5), Decimal(10)
    table.save()
    for order, (group, name, kind, maximum) in enumerate([
        ("Nhiệm vụ chính trị", "Hoàn thành nhiệm vụ", "regular", 60),
        ("Xây dựng đơn vị", "Vững mạnh toàn diện", "regular", 40),
        ("Cộng điểm", "Sáng kiến được công nhận", "bonus", 8),
        ("Trừ điểm", "Vi phạm kỷ luật", "penalty", 20),
    ], start=1):  # fmt: skip
        Criterion.objects.create(table=table, group=group, order=order, name=name, kind=kind,
                                 max_points=maximum)  # fmt: skip
    return table


def noticed(proposal: object, actor: object) -> None:
    """Put ``proposal`` through a public notice that has already ended."""
    from awards.models import PublicNotice

    notice = PublicNotice.objects.create(
        bloc=proposal.bloc, year=proposal.year, working_days=10, opened_by=actor,
        starts_on=datetime.date(2000, 1, 3), ends_on=datetime.date(2000, 1, 14),
    )  # fmt: skip
    notice.proposals.add(proposal)

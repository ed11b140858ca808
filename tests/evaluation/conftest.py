"""The voting rule and the score table the evaluation tests share."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from evaluation import scoring
from evaluation.models import CriteriaTable, Criterion, VotingRule
from tests.conftest import YEAR, World


@pytest.fixture
def rule(db: None) -> VotingRule:
    """Quorum 2/3 of all members; passing with 70 % of all members; no voting for oneself."""
    return VotingRule.objects.create(
        name="Quy chế kiểm thử",
        legal_source="Quy chế hoạt động Khối (kiểm thử)",
        quorum_percent=Decimal("66.67"),
        threshold_percent=Decimal("70"),
        threshold_base="total",
        allow_self_vote=False,
        effective_from=datetime.date(2024, 1, 1),
    )


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

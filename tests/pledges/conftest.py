from __future__ import annotations

import pytest
from django.test import RequestFactory

from pledges import services
from pledges.models import Pledge, TargetStatus
from tests.conftest import YEAR, World, leader_commander_create
from tests.factories import PASSWORD, PledgeFactory, PledgeSectionFactory, TargetFactory


@pytest.fixture
def pledge(world: World) -> Pledge:
    """A draft pledge of the world's bloc, with one accepted target per member unit."""
    return draft_pledge(world)


def draft_pledge(world: World, *, targets: str = TargetStatus.ACCEPTED) -> Pledge:
    """A draft pledge of the world's bloc, with one target per member unit (``targets``)."""
    pledge = PledgeFactory(campaign__bloc=world.bloc, campaign__year=YEAR)
    PledgeSectionFactory(pledge=pledge)
    for unit in (world.leader_unit, world.member_unit):
        TargetFactory(pledge=pledge, unit=unit, status=targets)
    return pledge


@pytest.fixture
def leader_commander(world: World) -> object:
    """A commander for the leading unit, so both member units can sign."""
    return leader_commander_create(world)


@pytest.fixture
def signed_pledge(world: World, pledge: Pledge, leader_commander: object) -> Pledge:
    """The pledge opened and signed by both member units (its PDF job is not run)."""
    return signed(world, pledge)


def signed(world: World, pledge: Pledge) -> Pledge:
    """``pledge`` opened by the secretariat and signed for both member units, through the
    services (the leading unit's commander comes from ``leader_commander_create``)."""
    services.pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    for actor, unit in [("commander", world.member_unit), ("leader_commander", world.leader_unit)]:
        services.pledge_sign(
            user=world.users[actor],
            pledge=pledge,
            unit=unit,
            password=PASSWORD,
            otp_code="",
            request=RequestFactory().post("/"),
        )
    pledge.refresh_from_db()
    return pledge

from __future__ import annotations

import datetime

import pytest

from blocs.models import Person, RoleKind
from pledges.models import Pledge, Target, TargetStatus
from tests.conftest import YEAR, World
from tests.factories import CampaignFactory, RoleFactory, UserFactory


@pytest.fixture
def pledge(world: World) -> Pledge:
    """A draft pledge of the world's bloc, with one accepted target per member unit."""
    return draft_pledge(world)


def draft_pledge(world: World, *, targets: str = TargetStatus.ACCEPTED) -> Pledge:
    """A draft pledge of the world's bloc, with one target per member unit (``targets``)."""
    campaign = CampaignFactory(
        bloc=world.bloc,
        kind="yearly",
        start_date=datetime.date(YEAR, 1, 1),
        end_date=datetime.date(YEAR, 12, 31),
    )
    pledge = Pledge.objects.create(campaign=campaign, title="Giao ước thi đua năm 2026")
    pledge.sections.create(order=1, title="Đoàn kết", body="Giữ vững đoàn kết thống nhất.")
    for unit in (world.leader_unit, world.member_unit):
        Target.objects.create(
            pledge=pledge,
            unit=unit,
            goal="Huấn luyện giỏi",
            subject="Toàn đơn vị",
            content="Huấn luyện theo chương trình",
            indicator="Tỷ lệ khá, giỏi",
            target_value=80,
            measure_unit="%",
            deadline=datetime.date(YEAR, 11, 30),
            evidence="Kết quả kiểm tra cuối năm",
            status=targets,
        )
    return pledge


@pytest.fixture
def leader_commander(world: World) -> object:
    """A commander for the leading unit, so both member units can sign."""
    user = UserFactory(username="leader_commander")
    RoleFactory(user=user, kind=RoleKind.COMMANDER, unit=world.leader_unit)
    Person.objects.create(
        unit=world.leader_unit,
        full_name="Nguyễn Văn Thành",
        rank="dai_ta",
        position="Hiệu trưởng",
        is_commander=True,
        user=user,
    )
    world.users["leader_commander"] = user
    return user


@pytest.fixture
def signed_pledge(world: World, pledge: Pledge, leader_commander: object) -> Pledge:
    """The pledge opened and signed by both member units (its PDF job is not run)."""
    from django.test import RequestFactory

    from pledges import services
    from tests.factories import PASSWORD

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

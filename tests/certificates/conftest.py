"""Decisions with recipients, recorded through the real service, for the certificate tests."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from awards import proposals
from awards.models import AwardDecision, AwardRule, AwardType, Proposal, ProposalStatus
from awards.rules import awards_ensure
from tests.conftest import YEAR, World
from tests.factories import PersonFactory

# A brigade's decision: what confers the Giấy khen and the base-level titles of its people.
DECISION = {
    "authority": "Lữ đoàn 144",
    "number": "1234/QĐ-LĐ",
    "date": datetime.date(2026, 12, 20),
    "signer_name": "Lê Quang Vinh",
    "signer_rank": "Đại tá",
    "signer_position": "Lữ đoàn trưởng",
    "place": "Hà Nội",
}
# The General Staff's: what confers the Bằng khen của Tổng Tham mưu trưởng.
GENERAL_STAFF_DECISION = {
    "authority": "Bộ Tổng Tham mưu",
    "number": "1234/QĐ-TM",
    "date": datetime.date(2026, 12, 20),
    "signer_name": "Nguyễn Tân Cương",
    "signer_rank": "Thượng tướng",
    "signer_position": "Tổng Tham mưu trưởng",
    "place": "Hà Nội",
}

NAMES = ["Nguyễn Thị Hằng", "Trần Quốc Việt", "Lê Đức Thắng", "Phạm Thùy Dương", "Đỗ Văn Hải"]


def approved(world: World, *, person: object | None = None, award: str = "giay-khen") -> Proposal:
    """An approved proposal, as the review leaves it (the workflow is tested in awards)."""
    return Proposal.objects.create(
        award=AwardType.objects.get(code=award),
        bloc=world.bloc,
        year=YEAR,
        unit=world.member_unit,
        person=person,
        nominated_by=world.users["commander"],
        status=ProposalStatus.APPROVED,
        achievement="Hoàn thành xuất sắc nhiệm vụ",
    )


def english(world: World, actor: str) -> object:
    """A logged-in client that reads the portal in English (messages are asserted in it)."""
    client = world.client(actor)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def award_catalogue(world: World) -> None:
    """The award catalogue of the data migration (a transactional test before may have
    flushed it)."""
    awards_ensure(AwardType, AwardRule)


@pytest.fixture
def make_decision(world: World) -> Callable[..., AwardDecision]:
    def make(count: int = 3, *, number: str = DECISION["number"]) -> AwardDecision:
        return decision_create(world, count, number=number)

    return make


def decision_create(
    world: World, count: int = 3, *, number: str = DECISION["number"]
) -> AwardDecision:
    """A decision awarding ``count`` people of the member unit (also used outside pytest)."""
    names = [f"{NAMES[i % len(NAMES)]} {i + 1}" for i in range(count)]
    recipients = [
        approved(world, person=PersonFactory(unit=world.member_unit, full_name=name))
        for name in names
    ]
    data = {**DECISION, "number": number}
    return proposals.decision_record(user=world.users["reviewer"], data=data, recipients=recipients)

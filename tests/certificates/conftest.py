"""Decisions with recipients, approved and recorded through the services, for the certificate
tests."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from awards import proposals
from awards.models import AwardDecision, AwardRule, AwardType, Proposal
from awards.rules import DOSSIER, awards_ensure
from tests.awards.conftest import noticed
from tests.conftest import YEAR, World
from tests.factories import PersonFactory

DECISION = {
    "authority": "Bộ Tổng Tham mưu",
    "number": "1234/QĐ-TM",
    "date": datetime.date(2026, 12, 20),
    "signer_name": "Nguyễn Tân Cương",
    "signer_rank": "Thượng tướng",
    "signer_position": "Tổng Tham mưu trưởng",
    "place": "Hà Nội",
}

NAMES = ["Nguyễn Thị Hằng", "Trần Quốc Việt", "Lê Đức Thắng", "Phạm Thùy Dương", "Đỗ Văn Hải"]


NOMINATION = {
    "achievement": "Hoàn thành xuất sắc nhiệm vụ",
    "no_discipline": True,
    "documents": DOSSIER,
}


def nominated(world: World, *, person: object | None = None, award: str = "giay-khen") -> Proposal:
    """A draft proposal of the member unit, nominated by its commander; a rule the secretariat
    may override (the years before, for a Bằng khen) it overrides with a reason."""
    proposal = proposals.proposal_create(
        user=world.users["commander"],
        award=AwardType.objects.get(code=award),
        bloc=world.bloc,
        year=YEAR,
        unit=world.member_unit,
        person=person,
        data=NOMINATION,
    )
    for result in proposals.proposal_check(proposal=proposal):
        if result.blocks and result.rule.overridable:
            proposals.proposal_override(
                user=world.users["secretariat"],
                proposal=proposal,
                rule=result.rule,
                reason="Thành tích đột xuất, đặc biệt xuất sắc trong năm",
            )
    return proposal


def submitted(world: World, *, person: object | None = None, award: str = "giay-khen") -> Proposal:
    """A proposal of the member unit, nominated and submitted by its commander."""
    proposal = nominated(world, person=person, award=award)
    return proposals.proposal_submit(user=world.users["commander"], proposal=proposal)


def approved_all(
    world: World, people: list[object | None], *, award: str = "giay-khen"
) -> list[Proposal]:
    """Approved proposals, one for each of ``people`` (None: the member unit itself): submitted,
    made public together and approved by the reviewer, through the services (the workflow is
    tested in awards)."""
    sent = [submitted(world, person=person, award=award) for person in people]
    noticed(sent[0], world.users["secretariat"])
    return [
        proposals.proposal_review(user=world.users["reviewer"], proposal=p, decision="approve")
        for p in sent
    ]


def approved(world: World, *, person: object | None = None, award: str = "giay-khen") -> Proposal:
    """An approved proposal of the member unit (see ``approved_all``)."""
    return approved_all(world, [person], award=award)[0]


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
    people = [PersonFactory(unit=world.member_unit, full_name=name) for name in names]
    recipients = approved_all(world, people)
    data = {**DECISION, "number": number}
    return proposals.decision_record(user=world.users["reviewer"], data=data, recipients=recipients)

"""A year of the bloc recorded through the services (the summary's), and a person with a
decided award, its certificate and an earlier award recorded from outside the portal."""

from __future__ import annotations

import datetime

import pytest

from awards import history, proposals
from awards.models import AwardType, Proposal
from blocs.models import Person, Rank
from certificates.services import certificates_issue
from tests.certificates.conftest import DECISION, approved_all, award_catalogue
from tests.conftest import YEAR, World
from tests.factories import PersonFactory
from tests.summaries.test_summary import year

__all__ = ["award_catalogue", "year"]


@pytest.fixture
def duc(world: World) -> Person:
    return PersonFactory(
        unit=world.member_unit,
        full_name="Nguyễn Văn Đức",
        rank=Rank.CAPTAIN,
        position="Trợ lý tác huấn",
    )


@pytest.fixture
def duc_awarded(world: World, duc: Person) -> Proposal:
    """Đức's Giấy khen of the year, decided and its certificate issued; and his Chiến sĩ tiên
    tiến of the year before, recorded by the secretariat from the brigade's decision."""
    (proposal,) = approved_all(world, [duc])
    decision = proposals.decision_record(
        user=world.users["reviewer"],
        data={**DECISION, "number": "77/QĐ-LĐ"},
        recipients=[proposal],
    )
    certificates_issue(user=world.users["reviewer"], decision=decision, proposals=[proposal])
    history.award_record_add(
        user=world.users["secretariat"],
        award=AwardType.objects.get(code="chien-si-tien-tien"),
        year=YEAR - 1,
        unit=world.member_unit,
        person=duc,
        decision_number="15/QĐ-LĐ",
        decision_date=datetime.date(YEAR - 1, 12, 18),
        authority="Lữ đoàn 144",
    )
    proposal.refresh_from_db()
    return proposal

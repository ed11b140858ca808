"""Award proposals: each rule on worked examples, submission, override, review."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import translation

from awards import history, proposals
from awards.models import AwardRule, AwardType, Proposal, ProposalEvent, ProposalStatus
from awards.rules import DOSSIER, awards_ensure
from tests.awards.conftest import noticed
from tests.conftest import YEAR, World, require
from tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _catalogue(db: None) -> None:
    """The seeded catalogue (re-created after transactional tests flush the tables)."""
    awards_ensure(AwardType, AwardRule)


def award(code: str) -> AwardType:
    return AwardType.objects.get(code=code)


def nominate(
    world: World,
    code: str,
    actor: str = "commander",
    unit: object = None,
    person: object = None,
    year: int = YEAR,
    **data: object,
) -> Proposal:
    payload = {
        "achievement": "Hoàn thành xuất sắc nhiệm vụ",
        "no_discipline": True,
        "documents": DOSSIER,
        **data,
    }
    return proposals.proposal_create(
        user=world.users[actor],
        award=award(code),
        bloc=world.bloc,
        year=year,
        unit=unit or world.member_unit,
        person=person,
        data=payload,
    )


def result_of(proposal: Proposal, kind: str) -> proposals.RuleResult:
    return next(r for r in proposals.proposal_check(proposal=proposal) if r.rule.kind == kind)


def test_members_with_title_share(world: World) -> None:
    # Đơn vị Quyết thắng: at least 70 % of members holding a title.
    short = nominate(world, "don-vi-quyet-thang", members_total=100, members_with_title=69)
    assert not result_of(short, "members_with_title").passed
    enough = nominate(
        world,
        "don-vi-quyet-thang",
        actor="secretariat",
        unit=world.leader_unit,
        members_total=100,
        members_with_title=70,
    )
    assert result_of(enough, "members_with_title").passed


def test_no_discipline_declaration(world: World) -> None:
    proposal = nominate(
        world,
        "chien-si-tien-tien",
        person=PersonFactory(unit=world.member_unit),
        no_discipline=False,
    )
    result = result_of(proposal, "no_discipline")
    assert not result.passed and "warning level" in result.explanation


def test_quota_of_collectives_counts_the_bloc(world: World, bloc_of_five: list) -> None:
    # Cờ thi đua: at most 20 % of 5 units = 1 proposal in the bloc, chosen among the units
    # that hold Đơn vị Quyết thắng that year.
    history.award_record_add(
        user=world.users["secretariat"],
        award=award("don-vi-quyet-thang"),
        year=YEAR,
        unit=bloc_of_five[2],
        person=None,
        decision_number="15/QĐ-LĐ",
        decision_date=datetime.date(YEAR, 11, 10),
        authority="Lữ đoàn 144",
    )
    first = nominate(world, "co-thi-dua-bqp", actor="secretariat", unit=bloc_of_five[2])
    proposals.proposal_submit(user=world.users["secretariat"], proposal=first)
    second = nominate(world, "co-thi-dua-bqp", actor="secretariat", unit=bloc_of_five[3])
    result = result_of(second, "quota_collectives")
    assert not result.passed and "at most 1" in result.explanation


def test_submission_explains_what_blocks_with_the_source(world: World) -> None:
    proposal = nominate(world, "don-vi-quyet-thang", members_total=10, members_with_title=5)
    with pytest.raises(ValidationError) as error:
        proposals.proposal_submit(user=world.users["commander"], proposal=proposal)
    assert "5 of 10 members" in str(error.value) and "Nghị định số 152/2025" in str(error.value)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_secretariat_overrides_an_overridable_rule_with_a_reason(world: World) -> None:
    proposal = nominate(world, "don-vi-tien-tien", members_total=10, members_with_title=5)
    rule = result_of(proposal, "members_with_title").rule
    with pytest.raises(ValidationError):
        proposals.proposal_override(
            user=world.users["secretariat"], proposal=proposal, rule=rule, reason=""
        )
    with pytest.raises(PermissionDenied):
        proposals.proposal_override(
            user=world.users["commander"], proposal=proposal, rule=rule, reason="x"
        )
    proposals.proposal_override(
        user=world.users["secretariat"],
        proposal=proposal,
        rule=rule,
        reason="Đơn vị mới thành lập, quân số biến động",
    )
    proposals.proposal_submit(user=world.users["commander"], proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_incomplete_dossier_is_refused(world: World) -> None:
    proposal = nominate(
        world, "giay-khen", person=PersonFactory(unit=world.member_unit), documents=["Tờ trình"]
    )
    with pytest.raises(ValidationError, match="Biên bản họp xét"):
        proposals.proposal_submit(user=world.users["commander"], proposal=proposal)


def test_bad_nominations_are_refused(world: World) -> None:
    with pytest.raises(PermissionDenied):  # another unit
        nominate(world, "don-vi-tien-tien", unit=world.leader_unit)
    with pytest.raises(ValidationError, match="belong"):
        nominate(world, "giay-khen", person=PersonFactory(unit=world.leader_unit))
    with pytest.raises(ValidationError, match="kind of nominee"):
        nominate(world, "giay-khen")  # an individual award for a unit
    assert not Proposal.objects.exists()


def _submitted(world: World) -> Proposal:
    proposal = nominate(world, "giay-khen", person=PersonFactory(unit=world.member_unit))
    proposal = proposals.proposal_submit(user=world.users["commander"], proposal=proposal)
    noticed(proposal, world.users["secretariat"])
    return proposal


def test_review_needs_reasons_and_records_history(world: World) -> None:
    proposal = _submitted(world)
    with pytest.raises(ValidationError, match="reason"):
        proposals.proposal_review(
            user=world.users["reviewer"], proposal=proposal, decision="return"
        )
    proposals.proposal_review(
        user=world.users["reviewer"],
        proposal=proposal,
        decision="return",
        reason="Bổ sung báo cáo thành tích",
    )
    proposals.proposal_submit(user=world.users["commander"], proposal=proposal)
    proposals.proposal_review(user=world.users["reviewer"], proposal=proposal, decision="approve")
    history = list(ProposalEvent.objects.values_list("to_status", "reason"))
    assert history == [
        ("submitted", ""),
        ("returned", "Bổ sung báo cáo thành tích"),
        ("submitted", ""),
        ("approved", ""),
    ]


def test_reviewers_review_only_their_command_and_never_their_own_unit(world: World) -> None:
    proposal = _submitted(world)
    with pytest.raises(PermissionDenied):
        proposals.proposal_review(
            user=world.users["other_reviewer"], proposal=proposal, decision="approve"
        )
    PersonFactory(
        unit=world.member_unit,
        full_name="Cán bộ chính trị",
        position="Chính trị viên",
        user=world.users["reviewer"],
    )
    with pytest.raises(PermissionDenied):  # conflict of interest
        proposals.proposal_review(
            user=world.users["reviewer"], proposal=proposal, decision="approve"
        )


def test_two_reviewers_at_once_make_one_transition(transactional_db: None, world: World) -> None:
    require(connection.vendor == "postgresql", "row locks are tested on PostgreSQL")
    proposal = _submitted(world)
    barrier, outcomes = threading.Barrier(2), []

    def review(decision: str, reason: str) -> None:
        translation.activate("en")  # each thread has its own active language
        try:
            barrier.wait()
            proposals.proposal_review(
                user=world.users["reviewer"], proposal=proposal, decision=decision, reason=reason
            )
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=review, args=args) for args in [("approve", ""), ("reject", "x")]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("done") == 1
    assert any("acted on it already" in o for o in outcomes)
    assert ProposalEvent.objects.exclude(to_status="submitted").count() == 1


def _bell(user: object) -> str:
    """The count beside the user's bell (unread notifications that still await something)."""
    from bs4 import BeautifulSoup
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    page = BeautifulSoup(client.get(reverse("dashboard")).content, "html.parser")
    badge = page.select_one("#notifications-link .badge")
    return badge.get_text(strip=True) if badge else ""


def test_a_review_clears_what_awaited_every_reviewer(world: World) -> None:
    """Any reviewer's decision ends the wait for all; a return awaits the nominator until the
    proposal is submitted again."""
    from blocs.models import RoleKind
    from tests.factories import RoleFactory, UserFactory

    other = RoleFactory(user=UserFactory(), kind=RoleKind.REVIEWER, command=world.command).user
    reviewer, commander = world.users["reviewer"], world.users["commander"]
    proposal = _submitted(world)
    assert (_bell(reviewer), _bell(other), _bell(commander)) == ("1", "1", "")
    proposals.proposal_review(user=reviewer, proposal=proposal, decision="return", reason="Bổ sung")
    assert (_bell(reviewer), _bell(other), _bell(commander)) == ("", "", "1")
    proposals.proposal_submit(user=commander, proposal=proposal)
    assert (_bell(reviewer), _bell(other), _bell(commander)) == ("1", "1", "")
    proposals.proposal_review(user=other, proposal=proposal, decision="approve")
    assert (_bell(reviewer), _bell(other)) == ("", "")
    assert _bell(commander) == "1"  # the news that it was approved, until read

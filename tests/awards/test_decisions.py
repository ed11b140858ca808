"""Award decisions: recipients, a number unique per authority, and revocation."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from awards import proposals
from awards.models import AwardDecision, ProposalStatus
from tests.awards.test_proposals import _submitted
from tests.conftest import World

DATA = {
    "authority": "Bộ Tổng Tham mưu",
    "number": "1234/QĐ-TM",
    "date": datetime.date(2026, 12, 20),
    "signer_name": "Thượng tướng Nguyễn Văn A",
    "signer_position": "Tổng Tham mưu trưởng",
}


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def _approved(world: World) -> object:
    proposal = _submitted(world)
    return proposals.proposal_review(
        user=world.users["reviewer"], proposal=proposal, decision="approve"
    )


def test_decision_grants_approved_proposals_and_numbers_are_unique(world: World) -> None:
    proposal = _approved(world)
    decision = proposals.decision_record(
        user=world.users["reviewer"], data=DATA, recipients=[proposal]
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision) == (ProposalStatus.DECIDED, decision)
    with pytest.raises(ValidationError, match="already used that decision number"):
        proposals.decision_record(
            user=world.users["reviewer"], data=DATA, recipients=[_approved(world)]
        )
    assert AwardDecision.objects.count() == 1


def test_only_approved_proposals_and_only_the_command(world: World) -> None:
    submitted = _submitted(world)
    with pytest.raises(ValidationError, match="approved"):
        proposals.decision_record(user=world.users["reviewer"], data=DATA, recipients=[submitted])
    approved = _approved(world)
    with pytest.raises(PermissionDenied):
        proposals.decision_record(
            user=world.users["other_reviewer"], data=DATA, recipients=[approved]
        )
    assert not AwardDecision.objects.exists()


def test_revocation_needs_a_reason_and_shows(world: World) -> None:
    proposal = _approved(world)
    proposals.decision_record(user=world.users["reviewer"], data=DATA, recipients=[proposal])
    with pytest.raises(ValidationError, match="reason"):
        proposals.proposal_revoke(user=world.users["reviewer"], proposal=proposal, reason="")
    proposals.proposal_revoke(
        user=world.users["reviewer"], proposal=proposal, reason="Khai man thành tích"
    )
    page = world.client("commander").get(reverse("awards:proposal_list")).content.decode()
    assert "Đã thu hồi khen thưởng" in page


def test_decision_page_for_reviewers_only(world: World) -> None:
    proposal = _approved(world)
    url = reverse("awards:decision_create")
    assert world.client("commander").get(url).status_code == 403
    data = {**DATA, "date": "2026-12-20", "recipients": [proposal.pk]}
    assert world.client("reviewer").post(url, data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED
    again = world.client("reviewer").post(url, {**data, "recipients": [_approved(world).pk]})
    assert again.status_code == 400


def test_a_corrected_decision_keeps_its_history(world: World) -> None:
    from audit.models import AuditEvent

    proposal = _approved(world)
    decision = proposals.decision_record(
        user=world.users["reviewer"], data=DATA, recipients=[proposal]
    )
    with pytest.raises(ValidationError, match="why"):
        proposals.decision_correct(
            user=world.users["reviewer"],
            decision=decision,
            data={"number": "1235/QĐ-TM"},
            reason="",
        )
    correction = {"number": "1235/QĐ-TM"}
    proposals.decision_correct(
        user=world.users["reviewer"], decision=decision, data=correction, reason="Sai số quyết định"
    )
    decision.refresh_from_db()
    assert decision.number == "1235/QĐ-TM"
    change = AuditEvent.objects.get(action="awarddecision.update")
    assert change.data == {"number": ["1234/QĐ-TM", "1235/QĐ-TM"]}
    assert AuditEvent.objects.get(action="decision.correct").data == {"reason": "Sai số quyết định"}
    with pytest.raises(PermissionDenied):
        proposals.decision_correct(
            user=world.users["other_reviewer"], decision=decision, data={"number": "x"}, reason="x"
        )


def test_decision_correction_page(world: World) -> None:
    proposal = _approved(world)
    decision = proposals.decision_record(
        user=world.users["reviewer"], data=DATA, recipients=[proposal]
    )
    url = reverse("awards:decision_correct", args=[decision.pk])
    data = {**DATA, "date": "2026-12-21", "reason": "Sai ngày ký"}
    assert world.client("commander").post(url, data).status_code == 403
    assert world.client("other_reviewer").post(url, data).status_code == 404
    assert world.client("reviewer").post(url, data).status_code == 302
    decision.refresh_from_db()
    assert decision.date == datetime.date(2026, 12, 21)


def test_a_decision_with_several_recipients_can_be_corrected(world: World) -> None:
    recipients = [_approved(world), _approved(world)]
    decision = proposals.decision_record(
        user=world.users["reviewer"], data=DATA, recipients=recipients
    )
    url = reverse("awards:decision_correct", args=[decision.pk])
    reviewer = world.client("reviewer")
    assert reviewer.get(url).status_code == 200
    data = {**DATA, "date": "2026-12-21", "reason": "Sai ngày ký"}
    assert world.client("other_reviewer").post(url, data).status_code == 404
    assert reviewer.post(url, data).status_code == 302
    decision.refresh_from_db()
    assert decision.date == datetime.date(2026, 12, 21)

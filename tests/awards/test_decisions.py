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
from tests.certificates.conftest import approved, approved_quyet_thang
from tests.conftest import World
from tests.forms import tick

# The proposals here are a Giấy khen for a person: a brigade's commander confers it.
DATA = {
    "authority": "Lữ đoàn 144",
    "number": "1234/QĐ-LĐ",
    "date": datetime.date(2026, 12, 20),
    "signer_name": "Lê Quang Vinh",
    "signer_position": "Lữ đoàn trưởng",
}
GENERAL_STAFF = {
    "authority": "Bộ Tổng Tham mưu",
    "number": "1234/QĐ-TM",
    "date": datetime.date(2026, 12, 20),
    "signer_name": "Nguyễn Tân Cương",
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
            data={"number": "1235/QĐ-LĐ"},
            reason="",
        )
    correction = {"number": "1235/QĐ-LĐ"}
    proposals.decision_correct(
        user=world.users["reviewer"], decision=decision, data=correction, reason="Sai số quyết định"
    )
    decision.refresh_from_db()
    assert decision.number == "1235/QĐ-LĐ"
    change = AuditEvent.objects.get(action="awarddecision.update")
    assert change.data == {"number": ["1234/QĐ-LĐ", "1235/QĐ-LĐ"]}
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


# --- Who confers what: the catalogue's level and issuing authority ----------------------------


def _refused(world: World, data: dict, recipients: list) -> str:
    with pytest.raises(ValidationError) as refused:
        proposals.decision_record(user=world.users["reviewer"], data=data, recipients=recipients)
    assert not AwardDecision.objects.exists()
    assert {p.status for p in recipients} == {ProposalStatus.APPROVED}
    return " ".join(refused.value.message_dict["authority"])


def test_a_command_does_not_confer_the_giay_khen_a_units_head_confers(world: World) -> None:
    proposal = _approved(world)
    message = _refused(world, GENERAL_STAFF, [proposal])
    assert message == (
        "“Giấy khen” is conferred by Thủ trưởng đơn vị (Cơ sở), not by a command; the decision "
        "is by Tổng Tham mưu trưởng, Bộ Tổng Tham mưu."
    )
    signed_by_the_chief = {**DATA, "signer_position": "Tổng Tham mưu trưởng"}
    assert "not by a command" in _refused(world, signed_by_the_chief, [proposal])

    proposals.decision_record(user=world.users["reviewer"], data=DATA, recipients=[proposal])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED


def test_a_bang_khen_of_the_chief_of_the_general_staff_is_his_to_confer(world: World) -> None:
    proposal = approved(world, award="bang-khen-tttm")
    expected = (
        "“Bằng khen của Tổng Tham mưu trưởng” is conferred by Tổng Tham mưu trưởng (Bộ Tổng "
        "Tham mưu); the decision is by Lữ đoàn trưởng, Lữ đoàn 144."
    )
    assert _refused(world, DATA, [proposal]) == expected
    minister = {**GENERAL_STAFF, "authority": "Bộ Quốc phòng", "signer_position": "Bộ trưởng"}
    assert "the decision is by Bộ trưởng, Bộ Quốc phòng" in _refused(world, minister, [proposal])

    written_otherwise = {**GENERAL_STAFF, "authority": " bộ tổng  tham mưu "}
    proposals.decision_record(
        user=world.users["reviewer"], data=written_otherwise, recipients=[proposal]
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED


def test_a_unit_of_the_bloc_receives_a_base_title_from_the_blocs_command(world: World) -> None:
    world.command.name = "Bộ Tổng Tham mưu"
    world.command.save(update_fields=["name"])
    quyet_thang = approved_quyet_thang(world)
    minister = {
        **GENERAL_STAFF,
        "authority": "Bộ Quốc phòng",
        "signer_position": "Bộ trưởng Bộ Quốc phòng",
    }
    assert _refused(world, minister, [quyet_thang]) == (
        f"“Đơn vị Quyết thắng” is conferred by Thủ trưởng đơn vị (Cơ sở): for "
        f"{world.member_unit.name}, the head of a unit above it or of Bộ Tổng Tham mưu; the "
        "decision is by Bộ trưởng Bộ Quốc phòng, Bộ Quốc phòng."
    )
    giay_khen = _approved(world)  # a form of reward stays the unit head's, whatever the bloc
    assert "not by a command" in _refused(world, GENERAL_STAFF, [quyet_thang, giay_khen])

    proposals.decision_record(
        user=world.users["reviewer"], data=GENERAL_STAFF, recipients=[quyet_thang]
    )
    quyet_thang.refresh_from_db()
    assert quyet_thang.status == ProposalStatus.DECIDED


def test_a_correction_cannot_give_the_decision_to_an_authority_that_may_not_confer_it(
    world: World,
) -> None:
    decision = proposals.decision_record(
        user=world.users["reviewer"], data=DATA, recipients=[_approved(world)]
    )
    moved = {"authority": "Bộ Tổng Tham mưu", "signer_position": "Tổng Tham mưu trưởng"}
    with pytest.raises(ValidationError, match="“Giấy khen” is conferred by Thủ trưởng đơn vị"):
        proposals.decision_correct(
            user=world.users["reviewer"], decision=decision, data=moved, reason="Sai cấp"
        )
    decision.refresh_from_db()
    assert (decision.authority, decision.signer_position) == ("Lữ đoàn 144", "Lữ đoàn trưởng")


def test_the_decision_page_names_who_confers_the_award(world: World, django_app: object) -> None:
    proposal = _approved(world)
    page = django_app.get(reverse("awards:decision_create"), user="reviewer")
    form = page.forms["main-form"]
    for name, value in {**GENERAL_STAFF, "date": "2026-12-20"}.items():
        form[name] = value
    tick(form, "recipients", proposal.pk)
    page = form.submit(status=400)
    error = page.html.select_one("#error_1_id_authority, .invalid-feedback").text
    assert (
        "“Giấy khen” do Thủ trưởng đơn vị (Cơ sở) quyết định tặng, không do cơ quan cấp trên"
        in error
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED

"""Eligibility over several years, worked by hand, through the services users trigger: awards
decided by ``decision_record`` or recorded from decisions outside the portal, the registry of
initiatives, the unit's strength, exact shares."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from awards import history, initiatives, proposals
from awards.models import AwardRecord, AwardRule, AwardType, Proposal, ProposalStatus
from awards.rules import awards_ensure
from blocs.services import unit_strength_set
from tests.awards.conftest import noticed
from tests.certificates.conftest import DECISION
from tests.conftest import YEAR, World
from tests.factories import MembershipFactory, PersonFactory

from .test_proposals import nominate, result_of


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _catalogue(db: None) -> None:
    awards_ensure(AwardType, AwardRule)


def award(code: str) -> AwardType:
    return AwardType.objects.get(code=code)


def record(world: World, code: str, year: int, person: object = None, **values: object) -> object:
    """The secretariat records an award decided outside the portal, from its decision."""
    data = {
        "decision_number": f"{100 + year % 100}/QĐ-LĐ",
        "decision_date": datetime.date(year, 11, 15),
        "authority": "Lữ đoàn 144",
        **values,
    }
    return history.award_record_add(
        user=world.users["secretariat"],
        award=award(code),
        year=year,
        unit=person.unit if person else world.member_unit,
        person=person,
        **data,
    )


def decide(world: World, proposal: Proposal, number: str, date: datetime.date) -> Proposal:
    """Submit, notice, approve and decide a proposal, overriding what the secretariat may."""
    for result in proposals.proposal_check(proposal=proposal):
        if result.blocks and result.rule.overridable:
            proposals.proposal_override(
                user=world.users["admin"], proposal=proposal, rule=result.rule, reason="Đã xét"
            )
    proposals.proposal_submit(user=world.users["commander"], proposal=proposal)
    noticed(proposal, world.users["admin"])  # some are of years the secretariat does not lead
    proposals.proposal_review(user=world.users["reviewer"], proposal=proposal, decision="approve")
    data = {**DECISION, "number": number, "date": date}
    proposals.decision_record(user=world.users["reviewer"], data=data, recipients=[proposal])
    proposal.refresh_from_db()
    return proposal


def quyet_thang(world: World, year: int) -> Proposal:
    """Đơn vị Quyết thắng for the member unit in ``year``, decided in the portal. Its rules ask
    for one Chiến sĩ thi đua cơ sở among the members: recorded from the unit's own decision."""
    MembershipFactory(bloc=world.bloc, unit=world.member_unit, year=year)
    record(world, "chien-si-thi-dua-co-so", year, person=PersonFactory(unit=world.member_unit))
    proposal = nominate(
        world,
        "don-vi-quyet-thang",
        year=year,
        members_total=10,
        members_with_title=8,
        members_completed=True,
    )
    return decide(world, proposal, f"{year % 100}/QĐ-BTTM", datetime.date(year, 12, 20))


def test_bang_khen_follows_two_years_of_quyet_thang_decided_and_not_revoked(
    world: World,
) -> None:
    bang_khen = nominate(world, "bang-khen-tttm")
    missing = result_of(bang_khen, "consecutive_years")
    assert not missing.passed and f"Missing: {YEAR - 2}, {YEAR - 1}" in missing.explanation

    earlier = [quyet_thang(world, year) for year in (YEAR - 2, YEAR - 1)]
    assert [p.status for p in earlier] == [ProposalStatus.DECIDED] * 2
    held = result_of(bang_khen, "consecutive_years")
    assert held.passed
    assert f"Đơn vị Quyết thắng {YEAR - 2}, decision {(YEAR - 2) % 100}/QĐ-BTTM" in (
        held.explanation
    )

    proposals.proposal_revoke(user=world.users["reviewer"], proposal=earlier[0], reason="Sai sót")
    revoked = result_of(bang_khen, "consecutive_years")
    assert not revoked.passed and f"Missing: {YEAR - 2}" in revoked.explanation


def test_an_award_recorded_from_outside_counts_until_it_is_revoked(world: World) -> None:
    quyet_thang(world, YEAR - 1)
    earlier = record(world, "don-vi-quyet-thang", YEAR - 2, decision_number="45/QĐ-QK")
    bang_khen = nominate(world, "bang-khen-tttm")
    passed = result_of(bang_khen, "consecutive_years")
    assert passed.passed and "decision 45/QĐ-QK" in passed.explanation
    history.award_record_revoke(
        user=world.users["secretariat"],
        record=earlier,
        on=datetime.date(YEAR, 3, 1),
        reason="Thu hồi theo kết luận thanh tra",
    )
    assert not result_of(bang_khen, "consecutive_years").passed
    assert AwardRecord.objects.get(pk=earlier.pk).revoked_reason  # kept, marked


def test_a_revoked_award_is_not_recorded_again(world: World) -> None:
    earlier = record(world, "don-vi-quyet-thang", YEAR - 2)
    history.award_record_revoke(
        user=world.users["secretariat"],
        record=earlier,
        on=datetime.date(YEAR, 3, 1),
        reason="Thu hồi theo kết luận thanh tra",
    )
    with pytest.raises(ValidationError) as error:
        record(world, "don-vi-quyet-thang", YEAR - 2, decision_number="9/QĐ-LĐ")
    assert "recorded and revoked on" in " ".join(error.value.message_dict["award"])
    assert AwardRecord.objects.count() == 1


def test_more_than_half_is_not_half(world: World) -> None:
    half = nominate(world, "don-vi-tien-tien", members_total=10, members_with_title=5)
    result = result_of(half, "members_with_title")
    assert not result.passed and "more than 1/2" in result.explanation
    more = nominate(
        world,
        "don-vi-tien-tien",
        actor="secretariat",
        unit=world.leader_unit,
        members_total=10,
        members_with_title=6,
    )
    assert result_of(more, "members_with_title").passed


def test_seventy_percent_is_exact(world: World) -> None:
    rule = result_of(nominate(world, "don-vi-quyet-thang"), "members_with_title").rule
    assert rule.share == Fraction(7, 10)
    assert rule.share_met(7, 10) and not rule.share_met(69, 100) and rule.share_met(70, 100)


def test_chien_si_thi_dua_co_so_needs_the_title_and_an_initiative(world: World) -> None:
    unit_strength_set(
        user=world.users["secretariat"], unit=world.member_unit, year=YEAR, strength=50
    )
    soldier = PersonFactory(unit=world.member_unit, full_name="Hoàng Văn Thắng")
    proposal = nominate(world, "chien-si-thi-dua-co-so", person=soldier)
    assert not result_of(proposal, "same_year").passed
    assert not result_of(proposal, "initiative").passed

    record(world, "chien-si-tien-tien", YEAR, person=soldier, decision_number="12/QĐ-LĐ")
    title = result_of(proposal, "same_year")
    assert title.passed and f"Chiến sĩ tiên tiến {YEAR}, decision 12/QĐ-LĐ" in title.explanation
    assert not result_of(proposal, "initiative").passed

    initiatives.initiative_add(
        user=world.users["secretariat"],
        kind="initiative",
        title="Cải tiến giá đỡ pháo",
        unit=world.member_unit,
        authors=[soldier],
        year=YEAR,
        level="cấp cơ sở",
        recognised_by="7/QĐ-HĐSK",
        recognised_on=datetime.date(YEAR, 10, 1),
    )
    found = result_of(proposal, "initiative")
    assert found.passed and "Cải tiến giá đỡ pháo" in found.explanation
    # Last year's initiative does not count for this year.
    other = PersonFactory(unit=world.member_unit)
    record(world, "chien-si-tien-tien", YEAR, person=other, decision_number="12/QĐ-LĐ")
    initiatives.initiative_add(
        user=world.users["secretariat"],
        kind="research",
        title="Đề tài huấn luyện đêm",
        unit=world.member_unit,
        authors=[other],
        year=YEAR - 1,
        level="cấp cơ sở",
        recognised_by="3/QĐ-HĐKH",
        recognised_on=datetime.date(YEAR - 1, 11, 1),
    )
    assert not result_of(
        nominate(world, "chien-si-thi-dua-co-so", person=other), "initiative"
    ).passed


def test_quyet_thang_needs_every_member_done_and_a_chien_si_thi_dua(world: World) -> None:
    proposal = nominate(world, "don-vi-quyet-thang", members_total=10, members_with_title=8)
    assert not result_of(proposal, "members_completed").passed
    assert not result_of(proposal, "member_holds").passed
    best = PersonFactory(unit=world.member_unit, full_name="Vũ Minh Khoa")
    record(world, "chien-si-thi-dua-co-so", YEAR, person=best)
    holds = result_of(proposal, "member_holds")
    assert holds.passed and "Vũ Minh Khoa" in holds.explanation


def test_strength_quota_counts_the_recorded_strength_and_decided_awards(world: World) -> None:
    people = PersonFactory.create_batch(2, unit=world.member_unit)
    first = nominate(world, "chien-si-thi-dua-co-so", person=people[0])
    unrecorded = result_of(first, "quota_strength")
    assert not unrecorded.passed and "not recorded" in unrecorded.explanation

    unit_strength_set(
        user=world.users["secretariat"], unit=world.member_unit, year=YEAR, strength=19
    )
    for person in people:
        record(world, "chien-si-tien-tien", YEAR, person=person)
    initiatives.initiative_add(
        user=world.users["secretariat"],
        kind="initiative",
        title="Sáng kiến chung",
        unit=world.member_unit,
        authors=people,
        year=YEAR,
        level="cấp cơ sở",
        recognised_by="9/QĐ-HĐSK",
        recognised_on=datetime.date(YEAR, 9, 1),
    )
    decide(world, first, "88/QĐ-LĐ", datetime.date(YEAR, 11, 20))  # 10 % of 19 allows 1
    second = nominate(world, "chien-si-thi-dua-co-so", person=people[1])
    full = result_of(second, "quota_strength")
    assert not full.passed
    assert "1 of at most 1" in full.explanation and "strength of 19" in full.explanation


def test_one_achievement_limits_forms_of_reward_not_titles(world: World) -> None:
    quyet_thang_now = nominate(world, "don-vi-quyet-thang")
    assert "one_achievement" not in {
        r.rule.kind for r in proposals.proposal_check(proposal=quyet_thang_now)
    }
    tttm = nominate(world, "bang-khen-tttm")
    assert result_of(tttm, "one_achievement").passed  # a title in play does not count
    decide(world, tttm, "5/QĐ-TM", datetime.date(YEAR, 11, 25))
    bqp = nominate(world, "bang-khen-bqp")
    result = result_of(bqp, "one_achievement")
    assert not result.passed and "Bằng khen của Tổng Tham mưu trưởng" in result.explanation


def test_bad_history_records_are_refused_and_nothing_saved(world: World) -> None:
    soldier = PersonFactory(unit=world.member_unit)
    stranger = PersonFactory(unit=world.leader_unit)
    record(world, "chien-si-tien-tien", YEAR - 1, person=soldier, decision_number="1/QĐ")
    cases = [
        ({"year": YEAR + 1}, "year", "future"),
        ({"person": stranger}, "person", "not a member"),
        ({"decision_number": "1/QĐ"}, "award", "already in the history"),
        (
            {
                "year": YEAR - 2,
                "decision_number": "1/QĐ",
                "decision_date": datetime.date(2024, 1, 5),
            },
            "decision_number",
            "already used number 1/QĐ",
        ),
        (
            {"year": YEAR - 2, "decision_date": datetime.date(YEAR - 3, 5, 1)},
            "decision_date",
            "before",
        ),
        ({"year": YEAR - 2, "person": None}, "award", "kind of nominee"),
    ]
    for values, field, message in cases:
        data = {
            "award": award("chien-si-tien-tien"),
            "year": YEAR - 1,
            "unit": world.member_unit,
            "person": soldier,
            "decision_number": "2/QĐ",
            "decision_date": datetime.date(YEAR - 1, 12, 15),
            "authority": "Lữ đoàn 144",
            **values,
        }
        with pytest.raises(ValidationError) as error:
            history.award_record_add(user=world.users["secretariat"], **data)
        assert message in " ".join(error.value.message_dict[field]), values
    with pytest.raises(PermissionDenied):
        record_as = world.users["other_commander"]
        history.award_record_add(
            user=record_as,
            award=award("chien-si-tien-tien"),
            year=YEAR - 1,
            unit=world.member_unit,
            person=PersonFactory(unit=world.member_unit),
            decision_number="3/QĐ",
            decision_date=datetime.date(YEAR - 1, 12, 15),
            authority="Lữ đoàn 144",
        )
    assert AwardRecord.objects.count() == 1


def test_a_decision_of_the_portal_is_not_recorded_twice(world: World) -> None:
    soldier = PersonFactory(unit=world.member_unit)
    giay_khen = nominate(world, "giay-khen", person=soldier)
    decide(world, giay_khen, "77/QĐ-TM", datetime.date(YEAR, 11, 1))
    with pytest.raises(ValidationError) as error:
        history.award_record_add(
            user=world.users["secretariat"],
            award=award("chien-si-tien-tien"),
            year=YEAR,
            unit=world.member_unit,
            person=soldier,
            decision_number="77/qđ-tm",
            decision_date=datetime.date(YEAR, 11, 1),
            authority=DECISION["authority"],
        )
    assert "recorded in the portal" in str(error.value)


def test_a_share_is_a_fraction_between_zero_and_one(world: World) -> None:
    rule = AwardRule.objects.filter(kind="members_with_title").first()
    for numerator, denominator in [(1, 0), (3, 2)]:
        rule.numerator, rule.denominator = numerator, denominator
        with pytest.raises(ValidationError, match="fraction between 0 and 1"):
            rule.full_clean()

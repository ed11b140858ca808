"""Who may call each service that changes data: every role, against one bloc's objects.

The superior command reads and never writes; reviewers act only for their own command; the
secretariat only for the bloc's year its unit leads; commanders only for their own unit.
Each case builds its objects through the services (or the plain rows a service starts from),
calls the service as one actor, and expects it to go through or to be refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import translation

from awards import exemplary, notices, proposals
from awards.models import AwardRule, AwardType, Proposal
from awards.rules import DOSSIER, awards_ensure
from blocs import services as bloc_services
from certificates import services as certificate_services
from evaluation import ballots, scoring
from evaluation.models import VotingRule
from imports import services as import_services
from pledges import services as pledge_services
from pledges.models import Pledge, TargetStatus
from summaries import services as summary_services
from tests.awards.conftest import noticed
from tests.certificates.conftest import DECISION, approved
from tests.conftest import YEAR, World, leader_commander_create
from tests.factories import PersonFactory, UnitFactory, VotingRuleFactory
from tests.pledges.conftest import draft_pledge
from tests.sheets import xlsx

ACTORS = [
    "admin",
    "secretariat",
    "commander",
    "reviewer",
    "superior",
    "other_secretariat",
    "other_commander",
    "other_reviewer",
    "unscoped",
]
SECRETARIAT = {"admin", "secretariat"}
REVIEWERS = {"admin", "reviewer"}
UNIT = {"admin", "secretariat", "commander"}


def _rule() -> VotingRule:
    return VotingRuleFactory(
        quorum_numerator=1,
        quorum_denominator=2,
        threshold_numerator=1,
        threshold_denominator=2,
        allow_self_vote=True,
    )


def _ballot(world: World) -> Any:
    return ballots.ballot_open(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        question="Cờ thi đua",
        rule=_rule(),
        max_choices=1,
        seats=1,
        candidates=[world.member_unit],
    )


def _pledge(world: World) -> Pledge:
    return draft_pledge(world, targets=TargetStatus.PROPOSED)


def _submitted(world: World) -> Proposal:
    proposal = proposals.proposal_create(
        user=world.users["commander"],
        award=AwardType.objects.get(code="giay-khen"),
        bloc=world.bloc,
        year=YEAR,
        unit=world.member_unit,
        person=PersonFactory(unit=world.member_unit),
        data={
            "achievement": "Hoàn thành xuất sắc nhiệm vụ",
            "no_discipline": True,
            "documents": DOSSIER,
        },
    )
    return proposals.proposal_submit(user=world.users["commander"], proposal=proposal)


def _decided(world: World) -> Proposal:
    proposal = approved(world, person=PersonFactory(unit=world.member_unit))
    proposals.decision_record(user=world.users["reviewer"], data=DECISION, recipients=[proposal])
    proposal.refresh_from_db()
    return proposal


def _reviewable(world: World) -> Proposal:
    proposal = _submitted(world)
    noticed(proposal, world.users["secretariat"])
    return proposal


def _scored_table(world: World) -> Any:
    """A score table whose every member unit has submitted its sheet."""
    table = scoring.criteria_table_create(
        user=world.users["secretariat"], bloc=world.bloc, year=YEAR
    )
    leader_commander_create(world)
    for actor, unit in [("leader_commander", world.leader_unit), ("commander", world.member_unit)]:
        sheet = scoring.sheet_get_or_create(table=table, unit=unit)
        scoring.score_self_save(user=world.users[actor], sheet=sheet, values={}, submit=True)
    return table


def _accepted(pledge: Pledge) -> Pledge:
    pledge.targets.update(status=TargetStatus.ACCEPTED)
    return pledge


def _ballot_as(world: World, user: Any) -> Any:
    return ballots.ballot_open(
        user=user,
        bloc=world.bloc,
        year=YEAR,
        question="Cờ thi đua",
        rule=_rule(),
        max_choices=1,
        seats=1,
        candidates=[world.member_unit],
    )


def _nominate_as(world: World, user: Any) -> Proposal:
    return proposals.proposal_create(
        user=user,
        award=AwardType.objects.get(code="giay-khen"),
        bloc=world.bloc,
        year=YEAR,
        unit=world.member_unit,
        person=PersonFactory(unit=world.member_unit),
        data={
            "achievement": "Hoàn thành xuất sắc nhiệm vụ",
            "no_discipline": True,
            "documents": DOSSIER,
        },
    )


def _import_as(world: World, user: Any) -> Any:
    """The secretariat's spreadsheet of the award history: one unit's award of last year."""
    row = [world.member_unit.name, "", "Đơn vị tiên tiến", YEAR - 1, "1/QĐ", "15/01/2026", "BTTM"]
    return import_services.import_upload(
        user=user,
        kind="award_history",
        bloc_id=world.bloc.pk,
        year=YEAR,
        upload=SimpleUploadedFile("lich-su.xlsx", xlsx([row])),
    )


# service -> (what to prepare, the call as ``user``, the actors it lets through)
Case = tuple[Callable[[World], Any], Callable[[World, Any, Any], Any], set[str]]
CASES: dict[str, Case] = {
    "bloc_save": (
        lambda w: None,
        lambda w, o, u: bloc_services.bloc_save(user=u, bloc=w.bloc, data={"name": "Khối 4"}),
        SECRETARIAT,
    ),
    "unit_create": (
        lambda w: None,
        lambda w, o, u: bloc_services.unit_create(
            user=u,
            data={"name": "Trung đoàn Thử nghiệm", "short_name": "TĐTN"},
            bloc=w.bloc,
            year=YEAR,
            role="member",
        ),
        SECRETARIAT,
    ),
    "membership_save": (
        lambda w: UnitFactory(),
        lambda w, unit, u: bloc_services.membership_save(
            user=u, data={"bloc": w.bloc, "year": YEAR, "unit": unit, "role": "member"}
        ),
        SECRETARIAT,
    ),
    "campaign_save": (
        lambda w: None,
        lambda w, o, u: bloc_services.campaign_save(
            user=u,
            data={
                "bloc": w.bloc,
                "year": YEAR,
                "kind": "yearly",
                "name": "Phong trào",
                "theme": "Quyết thắng",
                "start_date": datetime.date(YEAR, 1, 1),
                "end_date": datetime.date(YEAR, 12, 31),
            },
        ),
        SECRETARIAT,
    ),
    "person_save": (
        lambda w: None,
        lambda w, o, u: bloc_services.person_save(
            user=u,
            data={
                "unit": w.member_unit,
                "full_name": "Nguyễn Văn An",
                "rank": "dai_uy",
                "position": "Trợ lý",
            },
        ),
        UNIT,
    ),
    "pledge_open_for_signature": (
        lambda w: _accepted(_pledge(w)),
        lambda w, pledge, u: pledge_services.pledge_open_for_signature(user=u, pledge=pledge),
        SECRETARIAT,
    ),
    "target_review": (
        lambda w: _pledge(w).targets.get(unit=w.member_unit),
        lambda w, target, u: pledge_services.target_review(
            user=u, target=target, accept=True, comment=""
        ),
        SECRETARIAT,
    ),
    "ballot_open": (lambda w: None, lambda w, o, u: _ballot_as(w, u), SECRETARIAT),
    "ballot_close": (
        _ballot,
        lambda w, ballot, u: ballots.ballot_close(user=u, ballot=ballot),
        SECRETARIAT,
    ),
    "ballot_cast": (
        _ballot,
        lambda w, ballot, u: ballots.ballot_cast(
            user=u, ballot=ballot, voter=w.member_unit, choices=[w.member_unit]
        ),
        {"commander"},
    ),
    "criteria_table_create": (
        lambda w: None,
        lambda w, o, u: scoring.criteria_table_create(user=u, bloc=w.bloc, year=YEAR),
        SECRETARIAT,
    ),
    "scores_publish": (
        _scored_table,
        lambda w, table, u: scoring.scores_publish(user=u, table=table, reason=""),
        SECRETARIAT,
    ),
    "proposal_create": (lambda w: None, lambda w, o, u: _nominate_as(w, u), UNIT),
    "notice_publish": (
        _submitted,
        lambda w, o, u: notices.notice_publish(user=u, bloc=w.bloc, year=YEAR, working_days=10),
        SECRETARIAT,
    ),
    "proposal_review": (
        _reviewable,
        lambda w, proposal, u: proposals.proposal_review(
            user=u, proposal=proposal, decision="approve"
        ),
        REVIEWERS,
    ),
    "decision_record": (
        lambda w: approved(w, person=PersonFactory(unit=w.member_unit)),
        lambda w, proposal, u: proposals.decision_record(
            user=u, data=DECISION, recipients=[proposal]
        ),
        REVIEWERS,
    ),
    "proposal_revoke": (
        _decided,
        lambda w, proposal, u: proposals.proposal_revoke(
            user=u, proposal=proposal, reason="Khai man thành tích"
        ),
        REVIEWERS,
    ),
    "decision_correct": (
        _decided,
        lambda w, proposal, u: proposals.decision_correct(
            user=u,
            decision=proposal.decision,
            data={**DECISION, "signer_rank": "Đại tướng"},
            reason="Sai cấp bậc người ký",
        ),
        REVIEWERS,
    ),
    "exemplary_mark": (
        lambda w: None,
        lambda w, o, u: exemplary.exemplary_mark(
            user=u,
            bloc=w.bloc,
            year=YEAR,
            unit=w.member_unit,
            person=None,
            practice="Mô hình huấn luyện đêm",
        ),
        SECRETARIAT,
    ),
    "template_save": (
        lambda w: AwardType.objects.get(code="giay-khen"),
        lambda w, award, u: certificate_services.template_save(
            user=u, award=award, texts=certificate_services.template_texts(award)
        ),
        {"admin"},
    ),
    "batch_request": (
        _decided,
        lambda w, proposal, u: certificate_services.batch_request(
            user=u,
            decision=proposal.decision,
            bloc=w.bloc,
            output="pdf",
            mode="full",
            profile=None,
            language="vi",
        ),
        SECRETARIAT | REVIEWERS,
    ),
    "import_upload": (lambda w: None, lambda w, o, u: _import_as(w, u), SECRETARIAT),
    "import_apply": (
        lambda w: _import_as(w, w.users["secretariat"]),
        lambda w, batch, u: import_services.import_apply(user=u, batch=batch),
        SECRETARIAT,
    ),
    "summary_request": (
        lambda w: None,
        lambda w, o, u: summary_services.summary_request(
            user=u, bloc=w.bloc, year=YEAR, language="vi"
        ),
        SECRETARIAT,
    ),
}


@pytest.fixture(autouse=True)
def _catalogue(world: World) -> None:
    awards_ensure(AwardType, AwardRule)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("service", sorted(CASES))
def test_who_may_call_each_service_that_changes_data(
    world: World, service: str, actor: str
) -> None:
    prepare, call, allowed = CASES[service]
    with translation.override("en"):
        objects = prepare(world)
        user = world.users[actor]
        if actor in allowed:
            call(world, objects, user)
        else:
            with pytest.raises((PermissionDenied, Http404)):
                call(world, objects, user)

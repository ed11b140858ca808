"""Award proposals: nominating, the rule-by-rule eligibility check (reading the award history),
submission, review, decisions and revocation."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notifications_done, notify
from audit.saving import model_save
from audit.services import audit_record, transition_apply
from blocs.models import Bloc, Membership, Person, RoleKind, Unit, UnitStrength
from blocs.scope import scope_for
from emulation_portal.lib.text import free_text
from emulation_portal.lib.uploads import EVIDENCE, upload_check

from .history import HeldAward, held_by
from .models import (
    PROPOSAL_TRANSITIONS,
    AwardCategory,
    AwardDecision,
    AwardRule,
    AwardType,
    Initiative,
    NomineeKind,
    Proposal,
    ProposalDocument,
    ProposalEvent,
    ProposalStatus,
    RuleKind,
    RuleOverride,
)
from .notices import notice_blocks_review
from .rules import BASE_LEVEL


@dataclass(frozen=True)
class RuleResult:
    rule: AwardRule
    passed: bool
    explanation: str
    overridden: bool = False

    @property
    def blocks(self) -> bool:
        return not self.passed and not self.overridden


def rules_in_force(*, award: AwardType, year: int) -> list[AwardRule]:
    """The award's rules in force on 31 December of ``year``: a year's achievements are judged
    by the texts in force at its end (a rule replaced mid-year gives way to its successor)."""
    day = datetime.date(year, 12, 31)
    return list(
        award.rules.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .prefetch_related("required_awards")
        .order_by("pk")
    )


def _others(proposal: Proposal) -> Any:
    return Proposal.objects.in_play().filter(year=proposal.year).exclude(pk=proposal.pk)


def _same_nominee(proposal: Proposal) -> Q:
    if proposal.person_id:
        return Q(person_id=proposal.person_id)
    return Q(person__isnull=True, unit_id=proposal.unit_id)


def _nominee(proposal: Proposal) -> dict[str, Any]:
    if proposal.person_id:
        return {"person": proposal.person}
    return {"unit": proposal.unit}


def _required(rule: AwardRule, proposal: Proposal) -> list[AwardType]:
    """The awards a history rule looks for: any of its listed ones, else the proposed award
    (a rule being previewed carries the awards it would require)."""
    preview = getattr(rule, "preview_required", None)
    required = preview if preview is not None else list(rule.required_awards.all())
    return required or [proposal.award]


def _names(awards: list[AwardType]) -> str:
    return _(" or ").join(f"“{award.name}”" for award in awards)


def _cited(held: list[HeldAward]) -> str:
    return "; ".join(entry.citation() for entry in held) or _("none")


def _no_discipline(rule: AwardRule, proposal: Proposal) -> tuple[bool, str]:
    if proposal.no_discipline:
        return True, _("Declared free of discipline at warning level or above.")
    return False, _("No declaration that the nominee has no discipline at warning level or above.")


def _members_with_title(rule: AwardRule, proposal: Proposal) -> tuple[bool, str]:
    total, titled = proposal.members_total or 0, proposal.members_with_title or 0
    message = _("%(titled)s of %(total)s members hold a title; %(comparison)s %(share)s needed.")
    return rule.share_met(titled, total), message % {
        "titled": titled,
        "total": total,
        "comparison": rule.get_comparison_display(),
        "share": rule.share_display(),
    }


def _members_completed(rule: AwardRule, proposal: Proposal) -> tuple[bool, str]:
    if proposal.members_completed:
        return True, _("Declared: every member completed their tasks.")
    return False, _("No declaration that every member completed their tasks.")


def _member_holds(rule: AwardRule, proposal: Proposal) -> tuple[bool, str]:
    required = _required(rule, proposal)
    held = held_by(
        members_of=proposal.unit, award_ids=[a.pk for a in required], years=[proposal.year]
    )
    if held:
        people = "; ".join(f"{h.person.full_name} ({h.citation()})" for h in held)
        return True, _("Members holding %(awards)s in %(year)s: %(people)s.") % {
            "awards": _names(required),
            "year": proposal.year,
            "people": people,
        }
    return False, _("No member holds %(awards)s in %(year)s.") % {
        "awards": _names(required),
        "year": proposal.year,
    }


def _consecutive_years(rule: AwardRule, proposal: Proposal) -> tuple[bool, str]:
    count = rule.years or 1
    wanted = list(range(proposal.year - count, proposal.year))
    required = _required(rule, proposal)
    held = held_by(**_nominee(proposal), award_ids=[a.pk for a in required], years=wanted)
    missing = sorted(set(wanted) - {entry.year for entry in held})
    values = {
        "awards": _names(required),
        "years": ", ".join(map(str, wanted)),
        "held": _cited(held),
        "missing": ", ".join(map(str, missing)),
    }
    if missing:
        return False, _(
            "%(awards)s is needed in each of %(years)s. Held: %(held)s. Missing: %(missing)s."
        ) % values
    return True, _("%(awards)s held in each of %(years)s: %(held)s.") % values


def _same_year(rule: AwardRule, proposal: Proposal) -> tuple[bool, str]:
    required = _required(rule, proposal)
    held = held_by(**_nominee(proposal), award_ids=[a.pk for a in required], years=[proposal.year])
    values = {"awards": _names(required), "year": proposal.year, "held": _cited(held)}
    if held:
        return True, _("Holds %(awards)s in %(year)s: %(held)s.") % values
    return False, _(
        "%(awards)s in %(year)s is required and not held (the decision awarding it comes first)."
    ) % values


def _initiative(rule: AwardRule, proposal: Proposal) -> tuple[bool, str]:
    found = Initiative.objects.filter(year=proposal.year)
    found = (
        found.filter(authors=proposal.person)
        if proposal.person_id
        else found.filter(unit=proposal.unit)
    )
    found = list(found.distinct())
    if found:
        cited = "; ".join(
            f"{item.get_kind_display()} “{item.title}” ({item.recognised_by})" for item in found
        )
        return True, _("Recognised in %(year)s: %(items)s.") % {
            "year": proposal.year,
            "items": cited,
        }
    return False, _(
        "No initiative or research result recognised in %(year)s is in the registry."
    ) % {"year": proposal.year}


def _quota(rule: AwardRule, base: int) -> int:
    """How many a share of ``base`` allows: the whole part, and at least one."""
    share = rule.share or Fraction(0)
    return max(1, int(share * base))


def _quota_collectives(rule: AwardRule, proposal: Proposal) -> tuple[bool, str]:
    members = Membership.objects.filter(bloc_id=proposal.bloc_id, year=proposal.year).count()
    allowed = _quota(rule, members)
    taken = _others(proposal).filter(award=proposal.award, bloc_id=proposal.bloc_id).count()
    message = _(
        "%(taken)s of at most %(allowed)s proposals for this award already "
        "(%(share)s of %(members)s units, counting those awaiting a decision and those awarded)."
    )
    return taken < allowed, message % {
        "taken": taken,
        "allowed": allowed,
        "share": rule.share_display(),
        "members": members,
    }


def _quota_strength(rule: AwardRule, proposal: Proposal) -> tuple[bool, str]:
    strength = (
        UnitStrength.objects.filter(unit_id=proposal.unit_id, year=proposal.year)
        .values_list("strength", flat=True)
        .first()
    )
    if strength is None:
        return False, _(
            "The unit's strength for %(year)s is not recorded: the secretariat records it on "
            "the unit's page."
        ) % {"year": proposal.year}
    allowed = _quota(rule, strength)
    taken = _others(proposal).filter(award=proposal.award, unit_id=proposal.unit_id).count()
    message = _(
        "%(taken)s of at most %(allowed)s people of the unit proposed already "
        "(%(share)s of a strength of %(strength)s in %(year)s)."
    )
    return taken < allowed, message % {
        "taken": taken,
        "allowed": allowed,
        "share": rule.share_display(),
        "strength": strength,
        "year": proposal.year,
    }


def _one_achievement(rule: AwardRule, proposal: Proposal) -> tuple[bool, str]:
    if proposal.award.category != AwardCategory.FORM:
        return True, _("Emulation titles may stack; this rule limits forms of reward.")
    other = (
        _others(proposal)
        .filter(_same_nominee(proposal), award__category=AwardCategory.FORM)
        .exclude(award=proposal.award)
        .select_related("award")
        .first()
    )
    if other is None:
        return True, _("No other form of reward is proposed for the same achievement.")
    return False, _("Already proposed for “%(award)s” this year.") % {"award": other.award.name}


CHECKS = {
    RuleKind.NO_DISCIPLINE: _no_discipline,
    RuleKind.MEMBERS_WITH_TITLE: _members_with_title,
    RuleKind.MEMBERS_COMPLETED: _members_completed,
    RuleKind.MEMBER_HOLDS: _member_holds,
    RuleKind.CONSECUTIVE_YEARS: _consecutive_years,
    RuleKind.SAME_YEAR: _same_year,
    RuleKind.INITIATIVE: _initiative,
    RuleKind.QUOTA_COLLECTIVES: _quota_collectives,
    RuleKind.QUOTA_STRENGTH: _quota_strength,
    RuleKind.ONE_ACHIEVEMENT: _one_achievement,
}


def proposal_check(*, proposal: Proposal, rules: list[AwardRule] | None = None) -> list[RuleResult]:
    """Every rule in force (or ``rules``, to preview a change), in order: whether it passes,
    why, and whether it was overridden."""
    overridden = set(proposal.overrides.values_list("rule_id", flat=True)) if proposal.pk else set()
    if rules is None:
        rules = rules_in_force(award=proposal.award, year=proposal.year)
    results = []
    for rule in rules:
        passed, explanation = CHECKS[rule.kind](rule, proposal)
        results.append(RuleResult(rule, passed, explanation, rule.pk in overridden))
    return results


def proposal_can_nominate(*, user: AbstractBaseUser, bloc: Bloc, year: int, unit: Unit) -> bool:
    scope = scope_for(user)
    member = Membership.objects.filter(bloc=bloc, year=year, unit=unit).exists()
    return member and (unit.pk in scope.commanded_unit_ids or scope.can_write_year(bloc.pk, year))


@transaction.atomic
def proposal_create(
    *,
    user: AbstractBaseUser,
    award: AwardType,
    bloc: Bloc,
    year: int,
    unit: Unit,
    person: Person | None,
    data: dict[str, Any],
) -> Proposal:
    if not proposal_can_nominate(user=user, bloc=bloc, year=year, unit=unit):
        raise PermissionDenied
    if person is not None and person.unit_id != unit.pk:
        raise ValidationError({"person": _("The nominee must belong to the nominating unit.")})
    kind = NomineeKind.INDIVIDUAL if person is not None else NomineeKind.COLLECTIVE
    if award.nominee_kind != kind:
        raise ValidationError({"award": _("This award is not given to that kind of nominee.")})
    proposal = Proposal(
        award=award,
        bloc=bloc,
        year=year,
        unit=unit,
        person=person,
        nominated_by=user,
        situation=data.get("situation", "").strip(),
        achievement=data.get("achievement", "").strip(),
        awards_received=data.get("awards_received", "").strip(),
        no_discipline=bool(data.get("no_discipline")),
        members_total=data.get("members_total"),
        members_with_title=data.get("members_with_title"),
        members_completed=bool(data.get("members_completed")),
        documents=list(data.get("documents", [])),
    )
    proposal.full_clean()
    proposal.save()
    audit_record(action="proposal.create", actor=user, target=proposal)
    return proposal


def _transition(*, proposal: Proposal, to: str, actor: AbstractBaseUser, reason: str = "") -> None:
    refused = ValidationError(
        _("This proposal is “%(status)s”: someone may have acted on it already.")
        % {"status": proposal.get_status_display()}
    )
    transition_apply(
        obj=proposal,
        to=to,
        actor=actor,
        allowed=PROPOSAL_TRANSITIONS,
        record=ProposalEvent,
        refused=refused,
        reason=reason,
    )


@transaction.atomic
def proposal_submit(*, user: AbstractBaseUser, proposal: Proposal) -> Proposal:
    """Submit for review once every rule passes (or was overridden) and the dossier is whole."""
    proposal = Proposal.objects.select_for_update().select_related("award").get(pk=proposal.pk)
    if not proposal_can_nominate(
        user=user, bloc=proposal.bloc, year=proposal.year, unit=proposal.unit
    ):
        raise PermissionDenied
    missing = [d for d in proposal.award.required_documents if d not in proposal.documents]
    if missing:
        raise ValidationError(
            _("The dossier lacks: %(documents)s.") % {"documents": ", ".join(missing)}
        )
    blocking = [r for r in proposal_check(proposal=proposal) if r.blocks]
    if blocking:
        raise ValidationError(
            [
                f"{r.rule.get_kind_display()}: {r.explanation} ({r.rule.legal_source})"
                for r in blocking
            ]
        )
    _transition(proposal=proposal, to=ProposalStatus.SUBMITTED, actor=user)
    notifications_done(awaits=_awaited(proposal, "revise"))
    reviewers = get_user_model().objects.filter(
        portal_roles__kind=RoleKind.REVIEWER, portal_roles__command_id=proposal.bloc.command_id
    )
    notify(
        users=reviewers,
        message=_("A proposal awaits your review: %(award)s, %(nominee)s.")
        % {"award": proposal.award.name, "nominee": proposal.person or proposal.unit},
        url=reverse("awards:proposal_detail", args=[proposal.pk]),
        awaits=_awaited(proposal, "review"),
    )
    return proposal


def _awaited(proposal: Proposal, action: str) -> str:
    """The key of the notifications that wait for ``action`` on the proposal: its review by
    any reviewer of the command, or its revision after it was returned."""
    return f"proposal:{proposal.pk}:{action}"


@transaction.atomic
def proposal_override(
    *, user: AbstractBaseUser, proposal: Proposal, rule: AwardRule, reason: str
) -> RuleOverride:
    reason = free_text(reason)
    if not scope_for(user).can_write_year(proposal.bloc_id, proposal.year):
        raise PermissionDenied
    if not rule.overridable or rule.award_id != proposal.award_id:
        raise ValidationError(_("This rule cannot be overridden."))
    if not reason.strip():
        raise ValidationError(_("Say why the rule is overridden."))
    override = RuleOverride.objects.create(
        proposal=proposal, rule=rule, reason=reason.strip(), by=user, at=timezone.now()
    )
    audit_record(
        action="proposal.override",
        actor=user,
        target=proposal,
        data={"rule": rule.get_kind_display(), "reason": reason.strip()},
    )
    return override


def proposal_can_review(*, user: AbstractBaseUser, proposal: Proposal) -> bool:
    """Reviewers of the bloc's command, never one from the nominee's own unit."""
    scope = scope_for(user)
    if proposal.bloc.command_id not in scope.review_command_ids and not scope.is_admin:
        return False
    own_unit = Person.objects.filter(user=user).values_list("unit_id", flat=True).first()
    return own_unit != proposal.unit_id


@transaction.atomic
def proposal_review(
    *, user: AbstractBaseUser, proposal: Proposal, decision: str, reason: str = ""
) -> Proposal:
    """Approve, return for revision or reject; returning and rejecting need a reason.

    Two reviewers acting at once: the row lock lets one through and the other is told the
    proposal has moved on.
    """
    reason = free_text(reason)
    proposal = Proposal.objects.select_for_update().select_related("bloc").get(pk=proposal.pk)
    if not proposal_can_review(user=user, proposal=proposal):
        raise PermissionDenied
    to = {
        "approve": ProposalStatus.APPROVED,
        "return": ProposalStatus.RETURNED,
        "reject": ProposalStatus.REJECTED,
    }[decision]
    if to != ProposalStatus.RETURNED and (blocked := notice_blocks_review(proposal=proposal)):
        raise ValidationError(blocked)
    if to != ProposalStatus.APPROVED and not reason.strip():
        raise ValidationError(_("Give the reason for returning or rejecting the proposal."))
    _transition(proposal=proposal, to=to, actor=user, reason=reason.strip())
    notifications_done(awaits=_awaited(proposal, "review"))
    notify(
        users=[proposal.nominated_by],
        message=_("Your proposal “%(award)s” was reviewed: %(status)s.")
        % {"award": proposal.award.name, "status": proposal.get_status_display()},
        url=reverse("awards:proposal_detail", args=[proposal.pk]),
        awaits=_awaited(proposal, "revise") if to == ProposalStatus.RETURNED else "",
    )
    return proposal


def proposal_list_for_user(*, user: AbstractBaseUser) -> Any:
    """Commanders see their units' proposals; the secretariat its bloc's; reviewers and
    superiors their command's blocs'."""
    scope = scope_for(user)
    proposals = Proposal.objects.select_related("award", "bloc", "unit", "person")
    if scope.is_admin:
        return proposals
    return proposals.filter(
        Q(unit_id__in=scope.commanded_unit_ids)
        | Q(bloc_id__in=scope.secretariat_bloc_ids)
        | Q(bloc__command_id__in=scope.command_ids)
    )


def units_user_nominates_for(*, user: AbstractBaseUser, bloc: Bloc, year: int) -> Any:
    scope = scope_for(user)
    members = Membership.objects.filter(bloc=bloc, year=year).values("unit_id")
    units = Unit.objects.filter(pk__in=members)
    if scope.can_write_year(bloc.pk, year):
        return units
    return units.filter(pk__in=scope.commanded_unit_ids)


def decision_can_record(*, user: AbstractBaseUser, bloc: Bloc | None = None) -> bool:
    """Decisions are recorded by the command's reviewers (and administrators); the superior
    command only reads them. Without ``bloc``: whether the user records them in any bloc."""
    scope = scope_for(user)
    if bloc is None:
        return scope.is_admin or bool(scope.review_command_ids)
    return scope.is_admin or bloc.command_id in scope.review_command_ids


def dossier_can_print(*, user: AbstractBaseUser, bloc: Bloc, year: int) -> bool:
    """The bloc's dossier of a year (the PDF and the Word drafts) is printed by the secretariat
    managing that year, and administrators."""
    return scope_for(user).can_write_year(bloc.pk, year)


def _key(name: str) -> str:
    """A name as people read it: case, spacing and Unicode composition aside."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def _command_levels() -> dict[str, set[str]]:
    """The catalogue's levels above the base, each with the positions conferring its awards:
    {"bộ tổng tham mưu": {"tổng tham mưu trưởng"}, …}, as ``_key`` writes them."""
    levels: dict[str, set[str]] = {}
    for level, conferrer in AwardType.objects.values_list("level", "issuing_authority"):
        if _key(level) != _key(BASE_LEVEL):
            levels.setdefault(_key(level), set()).add(_key(conferrer))
    return levels


def decision_conferral_problems(
    *, authority: str, signer_position: str, proposals: Iterable[Proposal]
) -> list[str]:
    """Why a decision of ``authority``, signed as ``signer_position``, may not confer the awards
    of ``proposals`` (none when it may), from the catalogue's level and issuing authority.

    An award of a command's level (Bằng khen của Tổng Tham mưu trưởng: Bộ Tổng Tham mưu) is
    conferred by that command's decision, signed as its issuing authority (Tổng Tham mưu
    trưởng). An award of the base level (Giấy khen, Chiến sĩ tiên tiến) is conferred by a unit's
    head, never by a command, with one exception: a unit of a bloc receives a base-level title
    (Đơn vị Quyết thắng) from its superior, and for the bloc's units that is the bloc's command.
    """
    levels = _command_levels()
    speaks_for = {
        level for level, positions in levels.items() if _key(signer_position) in positions
    }
    speaks_for |= {_key(authority)} & set(levels)
    decision = f"{signer_position}, {authority}"
    problems = [
        _conferral_problem(proposal, authority, signer_position, decision, levels, speaks_for)
        for proposal in proposals
    ]
    return list(dict.fromkeys(problem for problem in problems if problem))


def _conferral_problem(
    proposal: Proposal,
    authority: str,
    signer_position: str,
    decision: str,
    levels: dict[str, set[str]],
    speaks_for: set[str],
) -> str:
    """Why this decision may not confer ``proposal``'s award ("" when it may); ``speaks_for``
    are the command levels the decision's authority or signer belong to."""
    award = proposal.award
    values = {
        "award": award.name,
        "conferrer": award.issuing_authority,
        "level": award.level,
        "decision": decision,
    }
    if _key(award.level) in levels:
        wanted = (_key(award.level), _key(award.issuing_authority))
        if (_key(authority), _key(signer_position)) == wanted:
            return ""
        message = _(
            "“%(award)s” is conferred by %(conferrer)s (%(level)s); the decision is by "
            "%(decision)s."
        )
        return message % values
    if award.category == AwardCategory.TITLE and proposal.person_id is None:
        command = proposal.bloc.command.name  # a unit's superior: the bloc's command
        if not speaks_for - {_key(command)}:
            return ""
        message = _(
            "“%(award)s” is conferred by %(conferrer)s (%(level)s): for %(unit)s, the head of a "
            "unit above it or of %(command)s; the decision is by %(decision)s."
        )
        return message % {**values, "unit": proposal.unit.name, "command": command}
    if not speaks_for:
        return ""
    message = _(
        "“%(award)s” is conferred by %(conferrer)s (%(level)s), not by a command; the decision "
        "is by %(decision)s."
    )
    return message % values


@transaction.atomic
def decision_record(
    *, user: AbstractBaseUser, data: dict[str, Any], recipients: list[Proposal]
) -> AwardDecision:
    """Record a decision granting the approved ``recipients`` (number unique per authority),
    by an authority that may confer their awards (``decision_conferral_problems``)."""
    if not recipients:
        raise ValidationError(_("Choose the approved proposals the decision grants."))
    locked = list(
        Proposal.objects.select_for_update()
        .select_related("bloc__command", "award", "unit")
        .filter(pk__in=[p.pk for p in recipients])
    )
    for proposal in locked:
        if not decision_can_record(user=user, bloc=proposal.bloc):
            raise PermissionDenied
        if proposal.status != ProposalStatus.APPROVED:
            raise ValidationError(_("Only approved proposals are granted by a decision."))
    problems = decision_conferral_problems(
        authority=data["authority"].strip(),
        signer_position=data["signer_position"].strip(),
        proposals=locked,
    )
    if problems:
        raise ValidationError({"authority": problems})
    decision = AwardDecision(
        authority=data["authority"].strip(),
        number=data["number"].strip(),
        date=data["date"],
        signer_name=data["signer_name"].strip(),
        signer_position=data["signer_position"].strip(),
        signer_rank=data.get("signer_rank", "").strip(),
        place=data.get("place", "").strip(),
        recorded_by=user,
    )
    decision.full_clean()
    decision.save()
    order = {p.pk: index for index, p in enumerate(recipients, start=1)}
    for proposal in locked:
        proposal.decision = decision
        proposal.decision_order = order[proposal.pk]
        proposal.save(update_fields=["decision", "decision_order"])
        _transition(
            proposal=proposal,
            to=ProposalStatus.DECIDED,
            actor=user,
            reason=_("Decision %(number)s") % {"number": decision.number},
        )
    return decision


@transaction.atomic
def proposal_revoke(*, user: AbstractBaseUser, proposal: Proposal, reason: str) -> Proposal:
    """Revoke an award obtained on false grounds; the history stays."""
    reason = free_text(reason)
    proposal = Proposal.objects.select_for_update().select_related("bloc").get(pk=proposal.pk)
    if not decision_can_record(user=user, bloc=proposal.bloc):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give the reason for revoking the award."))
    _transition(proposal=proposal, to=ProposalStatus.REVOKED, actor=user, reason=reason.strip())
    return proposal


DECISION_FIELDS = (
    "authority",
    "number",
    "date",
    "signer_name",
    "signer_position",
    "signer_rank",
    "place",
)


def decision_correct(
    *, user: AbstractBaseUser, decision: AwardDecision, data: dict[str, Any], reason: str
) -> AwardDecision:
    """Correct a recorded decision; the audit log keeps every earlier value and the reason."""
    reason = free_text(reason)
    blocs = {p.bloc for p in decision.recipients.select_related("bloc")}
    if not blocs or not all(decision_can_record(user=user, bloc=bloc) for bloc in blocs):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the decision is corrected."))
    problems = decision_conferral_problems(
        authority=data.get("authority", decision.authority).strip(),
        signer_position=data.get("signer_position", decision.signer_position).strip(),
        proposals=decision.recipients.select_related("bloc__command", "award", "unit"),
    )
    if problems:
        raise ValidationError({"authority": problems})
    with transaction.atomic():
        audit_record(
            action="decision.correct", actor=user, target=decision, data={"reason": reason.strip()}
        )
        return model_save(actor=user, instance=decision, data=data, fields=DECISION_FIELDS)


@transaction.atomic
def proposal_attach(
    *, user: AbstractBaseUser, proposal: Proposal, kind: str, upload: UploadedFile
) -> ProposalDocument:
    """Attach one of the dossier's required documents, checked by content like every upload."""
    proposal = Proposal.objects.select_for_update().select_related("award").get(pk=proposal.pk)
    if not proposal_can_nominate(
        user=user, bloc=proposal.bloc, year=proposal.year, unit=proposal.unit
    ):
        raise PermissionDenied
    if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.RETURNED):
        raise ValidationError(_("The dossier is submitted: it changes only if it is returned."))
    if kind not in proposal.award.required_documents:
        raise ValidationError(_("This award's dossier has no such document."))
    info = upload_check(upload, EVIDENCE)
    document = ProposalDocument(
        proposal=proposal, kind=kind, uploaded_by=user, uploaded_at=timezone.now()
    )
    document.store(upload, info)
    if kind not in proposal.documents:
        proposal.documents = [*proposal.documents, kind]
        proposal.save(update_fields=["documents"])
    audit_record(
        action="proposal.attach",
        actor=user,
        target=proposal,
        data={"document": kind, "file": info.name},
    )
    return document

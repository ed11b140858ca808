"""Changing the award rules: an administrator sees what a change would do to the proposals still
pending before saving it, and every change is audited field by field."""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from audit.saving import model_save
from audit.services import audit_record
from blocs.scope import scope_for
from emulation_portal.lib.errors import RuleError

from .models import (
    RULES_WITH_AWARD,
    AwardRule,
    AwardType,
    Proposal,
    ProposalStatus,
    RuleKind,
)
from .proposals import RuleResult, proposal_check, rules_in_force

RULE_FIELDS = (
    "kind",
    "numerator",
    "denominator",
    "comparison",
    "years",
    "legal_source",
    "effective_from",
    "effective_to",
    "overridable",
)
# Proposals whose verdict can still matter: not yet decided, rejected or revoked.
PENDING = (
    ProposalStatus.DRAFT,
    ProposalStatus.RETURNED,
    ProposalStatus.SUBMITTED,
    ProposalStatus.APPROVED,
)


def rule_can_change(*, user: AbstractBaseUser) -> bool:
    return scope_for(user).is_admin


@dataclass(frozen=True)
class Impact:
    """How a change to the rules changes one pending proposal's verdict."""

    proposal: Proposal
    before: list[RuleResult]
    after: list[RuleResult]

    @property
    def eligible_before(self) -> bool:
        return not any(r.blocks for r in self.before)

    @property
    def eligible_after(self) -> bool:
        return not any(r.blocks for r in self.after)

    @property
    def changed(self) -> bool:
        return self.eligible_before != self.eligible_after or self._explained(
            self.before
        ) != self._explained(self.after)

    @staticmethod
    def _explained(results: list[RuleResult]) -> list[tuple[str, bool, str]]:
        return [(r.rule.kind, r.blocks, r.explanation) for r in results]


def _in_force(rule: AwardRule, year: int) -> bool:
    day = datetime.date(year, 12, 31)
    return rule.effective_from <= day and (rule.effective_to is None or rule.effective_to >= day)


def _rules_with(
    award: AwardType, year: int, changed: AwardRule, required: list[AwardType]
) -> list[AwardRule]:
    """The award's rules in force for ``year`` as they would be with ``changed`` saved."""
    changed.preview_required = required
    rules = [r for r in rules_in_force(award=award, year=year) if r.pk != changed.pk]
    if _in_force(changed, year):
        rules.append(changed)
    return sorted(rules, key=lambda r: (r.pk is None, r.pk or 0))


def rule_impact(
    *, rule: AwardRule, data: dict[str, Any], required: list[AwardType]
) -> list[Impact]:
    """The verdict of every pending proposal of the award now and with ``data`` applied to
    ``rule`` (a new rule when it has no primary key); only the ones that change."""
    _check_required(rule, data.get("kind", rule.kind), required)
    changed = copy.copy(rule)
    for name in RULE_FIELDS:
        if name in data:
            setattr(changed, name, data[name])
    pending = Proposal.objects.filter(award=rule.award, status__in=PENDING).select_related(
        "award", "unit", "person", "bloc"
    )
    impacts = []
    for proposal in pending:
        before = proposal_check(proposal=proposal)
        after = proposal_check(
            proposal=proposal,
            rules=_rules_with(rule.award, proposal.year, changed, required),
        )
        impact = Impact(proposal, before, after)
        if impact.changed:
            impacts.append(impact)
    return impacts


def _check_required(rule: AwardRule, kind: str, required: list[AwardType]) -> None:
    if kind in RULES_WITH_AWARD and not required:
        raise RuleError({"required_awards": _("Choose the award this rule looks for.")})
    if kind != RuleKind.CONSECUTIVE_YEARS and any(a.pk == rule.award_id for a in required):
        raise RuleError({"required_awards": _("An award cannot be its own prerequisite.")})


@transaction.atomic
def award_rule_save(
    *, user: AbstractBaseUser, rule: AwardRule, data: dict[str, Any], required: list[AwardType]
) -> AwardRule:
    """Save a new or changed rule of the catalogue (its award set on ``rule``), audited with
    each field it changes and the awards it requires."""
    if not rule_can_change(user=user):
        raise PermissionDenied
    _check_required(rule, data.get("kind", rule.kind), required)
    before = sorted(rule.required_awards.values_list("pk", flat=True)) if rule.pk else []
    rule = model_save(actor=user, instance=rule, data=data, fields=("award", *RULE_FIELDS))
    rule.required_awards.set(required)
    after = sorted(a.pk for a in required)
    if before != after:
        audit_record(
            action="award_rule.required",
            actor=user,
            target=rule,
            data={"from": before, "to": after},
        )
    return rule

"""Award history: what a unit or a person holds, year by year.

Two sources, read together: awards decided in the portal (proposals granted by a decision) and
awards recorded by the secretariat from decisions taken outside it (``AwardRecord``). A revoked
award is never held. The eligibility rules read the history through ``held_by`` only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_record
from blocs.models import Person, Unit
from blocs.selectors import unit_can_edit
from emulation_portal.lib.errors import RuleError
from emulation_portal.lib.text import free_text

from .models import (
    GRANTED,
    AwardDecision,
    AwardRecord,
    AwardType,
    NomineeKind,
    Proposal,
    ProposalStatus,
    RecordSource,
)

PORTAL = "portal"


@dataclass(frozen=True)
class HeldAward:
    award: AwardType
    year: int
    unit: Unit
    person: Person | None
    decision_number: str
    decision_date: datetime.date
    authority: str
    source: str  # PORTAL, or the record's source
    proposal: Proposal | None = None
    record: AwardRecord | None = None
    revoked: bool = False

    def citation(self) -> str:
        """“Đơn vị Quyết thắng 2024, QĐ 123/QĐ-BTTM”: what a rule's explanation cites."""
        return _("%(award)s %(year)s, decision %(number)s") % {
            "award": self.award.name,
            "year": self.year,
            "number": self.decision_number,
        }

    @property
    def source_label(self) -> str:
        if self.record is not None:
            return self.record.get_source_display()
        return _("Decided in the portal")


def _nominee(unit: Unit | None, person: Person | None, members_of: Unit | None) -> Q:
    if person is not None:
        return Q(person=person)
    if members_of is not None:
        return Q(unit=members_of, person__isnull=False)
    return Q(unit=unit, person__isnull=True)


def held_by(
    *,
    unit: Unit | None = None,
    person: Person | None = None,
    members_of: Unit | None = None,
    award_ids: Iterable[int] | None = None,
    years: Iterable[int] | None = None,
    with_revoked: bool = False,
) -> list[HeldAward]:
    """Awards held by a unit itself (``unit``), by a person, or by the people of a unit
    (``members_of``), oldest first; optionally only some awards and years. Revoked awards are
    not held; ``with_revoked`` adds them, marked, for the history pages."""
    nominee = _nominee(unit, person, members_of)
    if award_ids is not None:
        nominee &= Q(award_id__in=list(award_ids))
    if years is not None:
        nominee &= Q(year__in=list(years))
    proposals = Proposal.objects.granted()
    records = AwardRecord.objects.filter(revoked_on__isnull=True)
    if with_revoked:
        proposals = Proposal.objects.filter(status__in=[*GRANTED, ProposalStatus.REVOKED])
        records = AwardRecord.objects.all()
    granted = proposals.filter(nominee).select_related("award", "decision", "unit", "person")
    records = records.filter(nominee).select_related("award", "unit", "person")
    held = [
        HeldAward(
            award=p.award,
            year=p.year,
            unit=p.unit,
            person=p.person,
            decision_number=p.decision.number,
            decision_date=p.decision.date,
            authority=p.decision.authority,
            source=PORTAL,
            proposal=p,
            revoked=p.status == ProposalStatus.REVOKED,
        )
        for p in granted
    ] + [
        HeldAward(
            award=r.award,
            year=r.year,
            unit=r.unit,
            person=r.person,
            decision_number=r.decision_number,
            decision_date=r.decision_date,
            authority=r.authority,
            source=r.source,
            record=r,
            revoked=r.revoked_on is not None,
        )
        for r in records
    ]
    return sorted(held, key=lambda h: (h.year, h.award.name, h.decision_date))


# --- Recording awards decided outside the portal ---------------------------------------------


def record_can_add(*, user: AbstractBaseUser, unit: Unit) -> bool:
    """The secretariat of a bloc the unit belongs to (and administrators)."""
    return unit_can_edit(user=user, unit=unit)


def _decision_key(authority: str, number: str) -> tuple[str, str]:
    """A decision is known by its authority and number, whatever the case or spacing (compared
    in Python: SQLite folds only ASCII letters, and "QĐ" is not ASCII)."""
    return " ".join(authority.split()).casefold(), "".join(number.split()).casefold()


def _portal_decisions() -> set[tuple[str, str]]:
    return {
        _decision_key(a, n) for a, n in AwardDecision.objects.values_list("authority", "number")
    }


def _recorded_decisions() -> dict[tuple[str, str], datetime.date]:
    rows = AwardRecord.objects.values_list("authority", "decision_number", "decision_date")
    return {_decision_key(a, n): d for a, n, d in rows}


def record_problems(
    *,
    award: AwardType,
    year: int,
    unit: Unit,
    person: Person | None,
    decision_number: str,
    decision_date: datetime.date,
    authority: str,
) -> dict[str, str]:
    """Why a record cannot be saved, by field (empty when it can): the one place that both the
    form and the spreadsheet import ask."""
    today = timezone.localdate()
    problems: dict[str, str] = {}
    if year > today.year:
        problems["year"] = _("%(year)s is in the future.") % {"year": year}
    if decision_date > today:
        problems["decision_date"] = _("The decision's date is in the future.")
    elif decision_date.year < year:
        problems["decision_date"] = _("A decision cannot come before the year it rewards.")
    if person is not None and person.unit_id != unit.pk:
        problems["person"] = _("%(person)s is not a member of %(unit)s.") % {
            "person": person.full_name,
            "unit": unit.name,
        }
    expected = NomineeKind.INDIVIDUAL if person is not None else NomineeKind.COLLECTIVE
    if award.nominee_kind != expected:
        problems["award"] = _("“%(award)s” is not given to that kind of nominee.") % {
            "award": award.name
        }
    if held_by(unit=unit, person=person, award_ids=[award.pk], years=[year]):
        problems["award"] = _("“%(award)s” of %(year)s is already in the history.") % {
            "award": award.name,
            "year": year,
        }
    number = _decision_key(authority, decision_number)
    if number in _portal_decisions():
        problems["decision_number"] = _(
            "This decision was recorded in the portal: its awards are in the history already."
        )
    used_on = _recorded_decisions().get(number)
    if used_on is not None and used_on != decision_date:
        problems["decision_number"] = _(
            "%(authority)s already used number %(number)s, for a decision of %(date)s."
        ) % {
            "authority": authority,
            "number": decision_number,
            "date": date_format(used_on, "SHORT_DATE_FORMAT"),
        }
    return problems


@transaction.atomic
def award_record_add(
    *,
    user: AbstractBaseUser,
    award: AwardType,
    year: int,
    unit: Unit,
    person: Person | None,
    decision_number: str,
    decision_date: datetime.date,
    authority: str,
    source: str = RecordSource.RECORDED,
) -> AwardRecord:
    """Record an award decided outside the portal, from its decision."""
    if not record_can_add(user=user, unit=unit):
        raise PermissionDenied
    decision_number, authority = decision_number.strip(), authority.strip()
    problems = record_problems(
        award=award,
        year=year,
        unit=unit,
        person=person,
        decision_number=decision_number,
        decision_date=decision_date,
        authority=authority,
    )
    if problems:
        raise RuleError(problems)
    record = AwardRecord(
        award=award,
        year=year,
        unit=unit,
        person=person,
        decision_number=decision_number,
        decision_date=decision_date,
        authority=authority,
        source=source,
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    record.full_clean()
    record.save()
    audit_record(action="award_record.add", actor=user, target=record)
    return record


@transaction.atomic
def award_record_revoke(
    *, user: AbstractBaseUser, record: AwardRecord, on: datetime.date, reason: str
) -> AwardRecord:
    """A recorded award was revoked by its authority: it stays in the history, marked, and no
    rule counts it any more."""
    if not record_can_add(user=user, unit=record.unit):
        raise PermissionDenied
    reason = free_text(reason).strip()
    if not reason:
        raise RuleError({"reason": _("Say why the award was revoked.")})
    record = AwardRecord.objects.select_for_update().get(pk=record.pk)
    if record.revoked_on is not None:
        raise RuleError(_("This award is already marked revoked."))
    record.revoked_on, record.revoked_reason = on, reason
    record.save(update_fields=["revoked_on", "revoked_reason"])
    audit_record(action="award_record.revoke", actor=user, target=record, data={"reason": reason})
    return record

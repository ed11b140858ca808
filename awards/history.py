"""Award history: what a unit or a person holds, year by year.

Two sources, read together: awards decided in the portal (proposals granted by a decision) and
awards recorded by the secretariat from decisions taken outside it (``AwardRecord``). A revoked
award is never held. The eligibility rules read the history through ``held_by`` only.
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
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


def _held_sources(
    *,
    unit: Unit | None,
    person: Person | None,
    members_of: Unit | None,
    award_ids: Iterable[int] | None,
    years: Iterable[int] | None,
    with_revoked: bool,
) -> tuple[QuerySet[Proposal], QuerySet[AwardRecord]]:
    """The granted proposals and the recorded awards of a nominee, as two querysets."""
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
    return (
        proposals.filter(nominee).select_related("award", "decision", "unit", "person"),
        records.filter(nominee).select_related("award", "unit", "person"),
    )


def _from_proposal(p: Proposal) -> HeldAward:
    return HeldAward(
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


def _from_record(r: AwardRecord) -> HeldAward:
    return HeldAward(
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
    granted, records = _held_sources(
        unit=unit,
        person=person,
        members_of=members_of,
        award_ids=award_ids,
        years=years,
        with_revoked=with_revoked,
    )
    held = [_from_proposal(p) for p in granted] + [_from_record(r) for r in records]
    return sorted(held, key=lambda h: (h.year, h.award.name, h.decision_date))


def held_newest_first(
    *, unit: Unit | None = None, person: Person | None = None, members_of: Unit | None = None
) -> Iterator[HeldAward]:
    """What ``held_by(..., with_revoked=True)`` holds, newest year first, read a chunk at a time
    (the history's export: memory does not grow with the rows). Within a year, awards follow
    the catalogue's order, so that the database and Python sort them alike."""
    granted, records = _held_sources(
        unit=unit,
        person=person,
        members_of=members_of,
        award_ids=None,
        years=None,
        with_revoked=True,
    )
    granted = granted.order_by("-year", "award_id", "decision__date", "pk")
    records = records.order_by("-year", "award_id", "decision_date", "pk")
    return heapq.merge(
        map(_from_proposal, granted.iterator(chunk_size=2000)),
        map(_from_record, records.iterator(chunk_size=2000)),
        key=lambda h: (-h.year, h.award.pk, h.decision_date),
    )


# --- Recording awards decided outside the portal ---------------------------------------------


def record_can_add(*, user: AbstractBaseUser, unit: Unit) -> bool:
    """The secretariat of a bloc the unit belongs to (and administrators)."""
    return unit_can_edit(user=user, unit=unit)


def _decision_key(authority: str, number: str) -> tuple[str, str]:
    """A decision is known by its authority and number, whatever the case or spacing (compared
    in Python: SQLite folds only ASCII letters, and "QĐ" is not ASCII)."""
    return " ".join(authority.split()).casefold(), "".join(number.split()).casefold()


# An award held by a nominee in a year: (award, year, "unit" or "person", the nominee's id).
HeldKey = tuple[int, int, str, int]


def _held_key(award_id: int, year: int, unit_id: int, person_id: int | None) -> HeldKey:
    if person_id is not None:
        return award_id, year, "person", person_id
    return award_id, year, "unit", unit_id


@dataclass(frozen=True)
class _Recorded:
    decision: tuple[str, str]
    date: datetime.date
    revoked_on: datetime.date | None


class RecordChecks:
    """What checking a new record reads, loaded once: every decision taken in the portal,
    every decision number recorded (with its date), and what the units' nominees hold.

    The one set of rules for recording an award decided outside the portal: the form checks
    one record with it (``record_problems``), the spreadsheet import a whole bloc's rows,
    telling it each row it accepts (``remember``) so that later rows of the file are checked
    against earlier ones as they are against the history.
    """

    def __init__(self, *, unit_ids: Iterable[int]) -> None:
        unit_ids = list(unit_ids)
        nominees = Q(unit_id__in=unit_ids) | Q(person__unit_id__in=unit_ids)
        self.today = timezone.localdate()
        self.portal_decisions = {
            _decision_key(a, n) for a, n in AwardDecision.objects.values_list("authority", "number")
        }
        # decision -> its date, and the row of the file that gave it (None: the history).
        self.decision_dates: dict[tuple[str, str], tuple[datetime.date, int | None]] = {}
        numbers = AwardRecord.objects.values_list("authority", "decision_number", "decision_date")
        for authority, number, date in numbers:
            self.decision_dates.setdefault(_decision_key(authority, number), (date, None))
        # award held -> the row of the file that gave it (None: the history).
        self.held: dict[HeldKey, int | None] = {}
        granted = Proposal.objects.granted().filter(nominees)
        for award, year, unit, person in granted.values_list("award", "year", "unit", "person"):
            self.held[_held_key(award, year, unit, person)] = None
        # Every record, revoked or not: a revoked award cannot be recorded again either.
        self.recorded: dict[HeldKey, _Recorded] = {}
        rows = AwardRecord.objects.filter(nominees).values_list(
            "award",
            "year",
            "unit",
            "person",
            "authority",
            "decision_number",
            "decision_date",
            "revoked_on",
        )
        for award, year, unit, person, authority, number, date, revoked in rows:
            key = _held_key(award, year, unit, person)
            self.recorded[key] = _Recorded(_decision_key(authority, number), date, revoked)
            if revoked is None:
                self.held[key] = None

    def problems(
        self,
        *,
        award: AwardType,
        year: int,
        unit: Unit,
        person: Person | None,
        decision_number: str,
        decision_date: datetime.date,
        authority: str,
    ) -> dict[str, str]:
        """Why a record cannot be saved, by field (empty when it can)."""
        problems: dict[str, str] = {}
        if year > self.today.year:
            problems["year"] = _("%(year)s is in the future.") % {"year": year}
        if decision_date > self.today:
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
        held = self._held_problem(award, year, unit, person)
        if held:
            problems["award"] = held
        number = self._number_problem(authority, decision_number, decision_date)
        if number:
            problems["decision_number"] = number
        return problems

    def _held_problem(
        self, award: AwardType, year: int, unit: Unit, person: Person | None
    ) -> str | None:
        key = _held_key(award.pk, year, unit.pk, person.pk if person else None)
        values = {"award": award.name, "year": year}
        if key in self.held:
            row = self.held[key]
            if row is None:
                return _("“%(award)s” of %(year)s is already in the history.") % values
            return _("“%(award)s” of %(year)s is on row %(row)s of the file too.") % {
                **values,
                "row": row,
            }
        recorded = self.recorded.get(key)
        if recorded is not None and recorded.revoked_on is not None:
            return _(
                "“%(award)s” of %(year)s was recorded and revoked on %(date)s: it cannot be "
                "recorded again."
            ) % {**values, "date": date_format(recorded.revoked_on, "SHORT_DATE_FORMAT")}
        return None

    def _number_problem(self, authority: str, number: str, date: datetime.date) -> str | None:
        key = _decision_key(authority, number)
        if key in self.portal_decisions:
            return _(
                "This decision was recorded in the portal: its awards are in the history already."
            )
        used = self.decision_dates.get(key)
        if used is None or used[0] == date:
            return None
        values = {
            "authority": authority,
            "number": number,
            "date": date_format(used[0], "SHORT_DATE_FORMAT"),
        }
        if used[1] is None:
            return (
                _("%(authority)s already used number %(number)s, for a decision of %(date)s.")
                % values
            )
        return _("Row %(row)s gives decision %(number)s of %(authority)s the date %(date)s.") % {
            **values,
            "row": used[1],
        }

    def is_recorded(
        self,
        *,
        award: AwardType,
        year: int,
        unit: Unit,
        person: Person | None,
        decision_number: str,
        decision_date: datetime.date,
        authority: str,
    ) -> bool:
        """This very record (same decision) is in the history already, and the file being
        checked has not given it yet: importing it again changes nothing."""
        key = _held_key(award.pk, year, unit.pk, person.pk if person else None)
        recorded = self.recorded.get(key)
        return (
            recorded is not None
            and recorded.revoked_on is None
            and self.held.get(key, 0) is None
            and recorded.decision == _decision_key(authority, decision_number)
            and recorded.date == decision_date
        )

    def remember(
        self,
        *,
        award: AwardType,
        year: int,
        unit: Unit,
        person: Person | None,
        decision_number: str,
        decision_date: datetime.date,
        authority: str,
        row: int,
    ) -> None:
        """Row ``row`` of a file gives this record: later rows are checked against it."""
        self.held[_held_key(award.pk, year, unit.pk, person.pk if person else None)] = row
        key = _decision_key(authority, decision_number)
        self.decision_dates.setdefault(key, (decision_date, row))


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
    """Why a record cannot be saved, by field (empty when it can): the form's question, asked
    of the same ``RecordChecks`` that the spreadsheet import asks row by row."""
    return RecordChecks(unit_ids=[unit.pk]).problems(
        award=award,
        year=year,
        unit=unit,
        person=person,
        decision_number=decision_number,
        decision_date=decision_date,
        authority=authority,
    )


def award_record_build(
    *,
    user: AbstractBaseUser,
    award: AwardType,
    year: int,
    unit: Unit,
    person: Person | None,
    decision_number: str,
    decision_date: datetime.date,
    authority: str,
    source: str,
) -> AwardRecord:
    """The record, unsaved, as both the form and the import save it."""
    return AwardRecord(
        award=award,
        year=year,
        unit=unit,
        person=person,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        authority=authority.strip(),
        source=source,
        recorded_by=user,
        recorded_at=timezone.now(),
    )


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
    record = award_record_build(
        user=user,
        award=award,
        year=year,
        unit=unit,
        person=person,
        decision_number=decision_number,
        decision_date=decision_date,
        authority=authority,
        source=source,
    )
    problems = record_problems(
        award=award,
        year=year,
        unit=unit,
        person=person,
        decision_number=record.decision_number,
        decision_date=decision_date,
        authority=record.authority,
    )
    if problems:
        raise RuleError(problems)
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

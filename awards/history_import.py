"""The award history as a spreadsheet import: the first kind of the portal's one import
mechanism (``emulation_portal.lib.imports``).

A row is an award decided outside the portal. It is checked by the same ``RecordChecks`` as the
form (loaded once for the bloc, and told each accepted row, so rows are checked against each
other too), and saved as ``award_record_build`` makes it, with the source "imported". A row that
repeats a record already in the history, decision and all, is unchanged: importing a file twice
changes nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.models import Person, Unit
from blocs.selectors import import_can_run
from blocs.unit_sheets import unit_column
from emulation_portal.lib import imports
from emulation_portal.lib.imports import (
    Checked,
    Column,
    ColumnType,
    ImportKind,
    Problem,
    Row,
    Status,
    Target,
    field_length,
    name_key,
    unit_named,
)

from .history import RecordChecks, award_record_build
from .models import AwardRecord, AwardType, RecordSource

AWARD_HISTORY = "award_history"
POSITION_TITLE = "Chức vụ"


COLUMNS = (
    unit_column(
        help=gettext_lazy("the unit's name or short name, a member of the bloc in any year")
    ),
    Column(
        "person",
        "Họ và tên",
        aliases=("Họ tên", "Họ và tên cá nhân", "Full name", "Name"),
        required=False,
        max_length=field_length(Person, "full_name"),
        help=gettext_lazy("the person's full name, as in the unit's list; empty for the unit"),
    ),
    Column(
        "award",
        "Danh hiệu / hình thức khen thưởng",
        aliases=(
            "Danh hiệu",
            "Hình thức khen thưởng",
            "Danh hiệu thi đua",
            "Danh hiệu, hình thức khen thưởng",
            "Khen thưởng",
            "Award",
        ),
        max_length=field_length(AwardType, "name"),
        help=gettext_lazy("the award's name or code in the catalogue"),
    ),
    Column(
        "year",
        "Năm",
        type=ColumnType.YEAR,
        aliases=("Năm khen thưởng", "Năm thành tích", "Năm đạt", "Year"),
        help=gettext_lazy("the year of the achievement"),
    ),
    Column(
        "decision_number",
        "Số quyết định",
        aliases=("Số QĐ", "Số quyết định khen thưởng", "Decision number"),
        max_length=field_length(AwardRecord, "decision_number"),
        help=gettext_lazy("as printed on the decision, e.g. 125/QĐ-BTTM"),
    ),
    Column(
        "decision_date",
        "Ngày quyết định",
        type=ColumnType.DATE,
        aliases=("Ngày QĐ", "Ngày ký", "Ngày ký quyết định", "Decision date"),
        help=gettext_lazy("the day the decision was signed"),
    ),
    Column(
        "authority",
        "Cơ quan ban hành",
        aliases=("Cấp quyết định", "Cơ quan quyết định", "Cơ quan ra quyết định", "Authority"),
        max_length=field_length(AwardRecord, "authority"),
        help=gettext_lazy("who signed the decision, e.g. Bộ Tổng Tham mưu"),
    ),
    Column(
        "position",
        POSITION_TITLE,
        aliases=("Position",),
        required=False,
        in_header=False,
        max_length=field_length(Person, "position"),
        help=gettext_lazy("only to tell apart two people of the same name in a unit"),
    ),
)


class HistoryImport:
    """One file's checks, with the bloc's units, their people, the catalogue and the history
    loaded once (a fixed number of queries, whatever the rows)."""

    def __init__(self, target: Target) -> None:
        self.user = target.user
        units = list(Unit.objects.filter(memberships__bloc_id=target.bloc_id).distinct())
        self.units: dict[str, list[Unit]] = defaultdict(list)
        for unit in units:
            for name in {name_key(unit.name), name_key(unit.short_name)} - {""}:
                self.units[name].append(unit)
        self.people: dict[tuple[int, str], list[Person]] = defaultdict(list)
        for person in Person.objects.filter(unit__in=units).order_by("pk"):
            self.people[person.unit_id, name_key(person.full_name)].append(person)
        self.awards: dict[str, AwardType] = {}
        for award in AwardType.objects.all():
            self.awards[name_key(award.code)] = award
            self.awards[name_key(award.name)] = award
        self.checks = RecordChecks(unit_ids=[unit.pk for unit in units])

    def check(self, row: Row) -> Checked:
        problems = list(row.problems)
        unit = self._unit(row, problems)
        person = self._person(row, unit, problems) if unit else None
        award = self._award(row, problems)
        if problems or unit is None or award is None:
            return Checked.refused(row, problems)
        values = {
            "award": award,
            "year": row.values["year"],
            "unit": unit,
            "person": person,
            "decision_number": row.values["decision_number"],
            "decision_date": row.values["decision_date"],
            "authority": row.values["authority"],
        }
        if self.checks.is_recorded(**values):
            self.checks.remember(**values, row=row.number)
            return Checked(row=row, status=Status.UNCHANGED)
        found = self.checks.problems(**values)
        record = award_record_build(user=self.user, source=RecordSource.IMPORTED, **values)
        found.update(_field_problems(record))
        if found:
            return Checked.refused(row, [row.problem(key, text) for key, text in found.items()])
        self.checks.remember(**values, row=row.number)
        return Checked(row=row, status=Status.NEW, payload=record)

    def apply(self, accepted: list[Checked]) -> None:
        """Save the new records at once, stamped with one time: the import's."""
        now = timezone.now()
        records = [checked.payload for checked in accepted]
        for record in records:
            record.recorded_at = now
        AwardRecord.objects.bulk_create(records, batch_size=500)

    def _unit(self, row: Row, problems: list[Problem]) -> Unit | None:
        return unit_named(
            row,
            self.units,
            problems,
            missing=lambda name: (
                _("“%(name)s” is not a unit of this bloc, in any year.") % {"name": name}
            ),
        )

    def _person(self, row: Row, unit: Unit, problems: list[Problem]) -> Person | None:
        name = row.values["person"]
        if name is None:
            return None
        found = self.people.get((unit.pk, name_key(name)), [])
        position = row.values["position"]
        if len(found) > 1 and position:
            found = [p for p in found if name_key(p.position) == name_key(position)] or found
        if len(found) == 1:
            return found[0]
        values = {"name": name, "unit": unit.name, "column": POSITION_TITLE}
        if found:
            values["positions"] = "; ".join(person.position for person in found)
            message = _(
                "%(unit)s has several people named %(name)s (%(positions)s): write the "
                "position in the column %(column)s."
            )
        else:
            message = _("%(unit)s has no one named %(name)s: add the person to the unit first.")
        problems.append(row.problem("person", message % values))
        return None

    def _award(self, row: Row, problems: list[Problem]) -> AwardType | None:
        name = row.values["award"]
        if name is None:
            return None
        award = self.awards.get(name_key(name))
        if award is None:
            message = _("“%(name)s” is not in the award catalogue (its name or its code).")
            problems.append(row.problem("award", message % {"name": name}))
        return award


def _field_problems(record: AwardRecord) -> dict[str, str]:
    """The model's own field checks, as the form's ``full_clean`` runs them (the relations and
    constraints are what ``RecordChecks`` answered, from memory)."""
    try:
        record.clean_fields(exclude=["award", "unit", "person", "recorded_by"])
    except ValidationError as error:
        return {field: " ".join(messages) for field, messages in error.message_dict.items()}
    return {}


def _choices(target: Target) -> dict[str, list[str]]:
    units = Unit.objects.filter(memberships__bloc_id=target.bloc_id).distinct()
    return {
        "unit": sorted(units.values_list("name", flat=True)),
        "award": list(AwardType.objects.filter(active=True).values_list("name", flat=True)),
    }


EXAMPLE: dict[str, Any] = {
    "unit": "Lữ đoàn 144 (dòng ví dụ)",
    "person": "Nguyễn Văn An",
    "award": "Chiến sĩ tiên tiến",
    "year": 2025,
    "decision_number": "125/QĐ-LĐ",
    "decision_date": datetime.date(2025, 12, 20),
    "authority": "Lữ đoàn 144",
    "position": "Trợ lý tác chiến",
}

GUIDE = (
    gettext_lazy(
        "One row for each award decided outside the portal: the unit (and the person, for an "
        "individual award), the award, the year of the achievement and the decision."
    ),
    gettext_lazy("For a unit's own award leave the name empty."),
    gettext_lazy(
        "Awards decided in the portal are in the history already: do not list them. A row "
        "that repeats a record already in the history changes nothing."
    ),
)


imports.register(
    ImportKind(
        code=AWARD_HISTORY,
        label=gettext_lazy("Award history"),
        columns=COLUMNS,
        start=HistoryImport,
        permitted=import_can_run,
        choices=_choices,
        example=EXAMPLE,
        guide=GUIDE,
        sheet_title="Lịch sử khen thưởng",
    )
)

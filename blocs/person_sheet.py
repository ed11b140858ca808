"""People as a spreadsheet import (the portal's one mechanism), and the rows of its export in
the same layout.

A row is a person of a member unit of the bloc in the import's year. A person is found by full
name and date of birth among the people of those units: two people of one bloc rarely share
both, the portal keeps no service number, and a person moved to another unit of the bloc stays
the same person (the row changes their unit). Someone entered on the form without a date of
birth is found by unit and name when they are the only one of that name there, and the row adds
the date. The commander of a unit keeps their unit: they are moved on their own page, where the
commander's account and role are in view.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    heading,
    name_key,
)

from .models import Person, Rank, Unit, rank_labels
from .selectors import import_can_run
from .unit_sheets import (
    BlocYear,
    choice_lookup,
    field_problems,
    member_choices,
    unit_column,
)

PEOPLE = "people"
# What a row sets; a change of any of them makes the row "changed".
FIELDS = (
    "unit",
    "full_name",
    "date_of_birth",
    "rank",
    "position",
    "service_start",
    "service_end",
)
YOUNGEST = 16  # years of age at which service may start (and a date of birth is plausible)

COLUMNS = (
    unit_column(),
    Column(
        "full_name",
        "Họ và tên",
        aliases=("Họ tên", "Full name", "Name"),
        max_length=field_length(Person, "full_name"),
        help=gettext_lazy("as in the unit's records"),
    ),
    Column(
        "date_of_birth",
        "Ngày sinh",
        type=ColumnType.DATE,
        aliases=("Ngày tháng năm sinh", "Sinh ngày", "Date of birth"),
        required=False,
        help=gettext_lazy(
            "with the name, it tells the person apart from namesakes; required for someone new "
            "to the bloc"
        ),
    ),
    Column(
        "rank",
        "Cấp bậc",
        aliases=("Quân hàm", "Rank"),
        max_length=40,
        help=gettext_lazy(
            "a rank such as Thượng úy, or Công nhân quốc phòng, Viên chức quốc phòng"
        ),
    ),
    Column(
        "position",
        "Chức vụ",
        aliases=("Position",),
        max_length=field_length(Person, "position"),
        help=gettext_lazy("e.g. Trợ lý tác chiến"),
    ),
    Column(
        "service_start",
        "Ngày nhập ngũ",
        type=ColumnType.DATE,
        aliases=("Nhập ngũ", "Ngày tuyển dụng", "Entered service"),
        required=False,
        help=gettext_lazy("the day of enlistment or of recruitment; may be empty"),
    ),
    Column(
        "service_end",
        "Ngày ra quân",
        type=ColumnType.DATE,
        aliases=("Ngày xuất ngũ", "Xuất ngũ", "Left service"),
        required=False,
        help=gettext_lazy("empty while the person serves"),
    ),
)


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (28 February for a 29 February that year lacks)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class PeopleImport:
    """One file's checks against the people of the bloc's member units in the year, loaded
    once (a fixed number of queries whatever the rows)."""

    def __init__(self, target: Target) -> None:
        self.bloc_year = BlocYear(target)
        self.today = timezone.localdate()
        self.ranks = choice_lookup(Rank.choices)
        self.dated: dict[tuple[str, datetime.date], list[Person]] = defaultdict(list)
        self.in_unit: dict[tuple[int, str], list[Person]] = defaultdict(list)
        people = Person.objects.filter(unit__in=list(self.bloc_year.memberships)).order_by("pk")
        for person in people.select_related("unit"):
            name = name_key(person.full_name)
            self.in_unit[person.unit_id, name].append(person)
            if person.date_of_birth:
                self.dated[name, person.date_of_birth].append(person)
        self.seen: dict[tuple[str, object], int] = {}
        self.claimed: set[int] = set()

    def check(self, row: Row) -> Checked:
        problems = list(row.problems)
        unit = self.bloc_year.unit(row, problems)
        rank = self._rank(row, problems)
        problems += self._date_problems(row)
        if problems or unit is None or rank is None:
            return Checked.refused(row, problems)
        name, born = name_key(row.values["full_name"]), row.values["date_of_birth"]
        key = (name, born or unit.pk)  # without a date, a name is told apart in its unit only
        if key in self.seen:
            message = _("the same person (name and date of birth) as row %(row)s.")
            return Checked.refused(
                row, [row.problem("full_name", message % {"row": self.seen[key]})]
            )
        self.seen[key] = row.number
        person = self._dated(row, name, born, problems) if born else None
        if person is None and not problems:
            person = self._in_unit(row, name, unit, born, problems)
        if problems:
            return Checked.refused(row, problems)
        values = {name: row.values[name] for name in FIELDS if name != "unit"}
        values.update(unit=unit, rank=rank)
        if person is None:
            return self._new(row, values)
        self.claimed.add(person.pk)
        values["date_of_birth"] = born or person.date_of_birth  # an empty cell erases nothing
        return self._compared(row, person, values)

    def _new(self, row: Row, values: dict[str, Any]) -> Checked:
        fresh = Person(**values)
        found = field_problems(row, fresh, exclude=["unit", "user", "rank"])
        if found:
            return Checked.refused(row, found)
        return Checked(row=row, status=Status.NEW, payload=(fresh, values))

    def _compared(self, row: Row, person: Person, values: dict[str, Any]) -> Checked:
        if all(getattr(person, name) == value for name, value in values.items()):
            return Checked(row=row, status=Status.UNCHANGED)
        if person.is_commander and person.unit_id != values["unit"].pk:
            message = _(
                "%(name)s commands %(unit)s: move them to another unit on their own page."
            ) % {"name": person.full_name, "unit": person.unit.name}
            return Checked.refused(row, [row.problem("unit", message)])
        found = field_problems(row, Person(**values), exclude=["unit", "user", "rank"])
        if found:
            return Checked.refused(row, found)
        return Checked(row=row, status=Status.CHANGED, payload=(person, values))

    def _dated(
        self, row: Row, name: str, born: datetime.date, problems: list[Problem]
    ) -> Person | None:
        """The person of the bloc with this name and date of birth, if there is one."""
        found = [p for p in self.dated.get((name, born), []) if p.pk not in self.claimed]
        if len(found) > 1:
            message = _(
                "%(count)s people of the bloc have this name and date of birth (%(units)s): "
                "correct them on their pages first."
            ) % {"count": len(found), "units": "; ".join(p.unit.name for p in found)}
            problems.append(row.problem("full_name", message))
        return found[0] if len(found) == 1 else None

    def _in_unit(
        self,
        row: Row,
        name: str,
        unit: Unit,
        born: datetime.date | None,
        problems: list[Problem],
    ) -> Person | None:
        """Without a match by date of birth: the only person of that name in the unit whose
        date of birth is not recorded (or, when the row gives none, whatever theirs)."""
        found = [
            p
            for p in self.in_unit.get((unit.pk, name), [])
            if p.pk not in self.claimed and not (born and p.date_of_birth)
        ]
        if len(found) > 1:
            message = _(
                "%(unit)s has %(count)s people named %(name)s: write the date of birth, and "
                "enter theirs on their pages first, so this row finds the right one."
            ) % {"unit": unit.name, "count": len(found), "name": row.values["full_name"]}
            problems.append(row.problem("full_name", message))
        elif not found and not born:
            message = _("the date of birth is needed for someone new to the bloc.")
            problems.append(row.problem("date_of_birth", message))
        return found[0] if len(found) == 1 else None

    def _rank(self, row: Row, problems: list[Problem]) -> str | None:
        value = row.values["rank"]
        if value is None:
            return None
        rank = self.ranks.get(heading(value))
        if rank is None:
            message = _("“%(value)s” is not a rank (such as Thượng úy) or category in the portal.")
            problems.append(row.problem("rank", message % {"value": value}))
        return rank

    def _date_problems(self, row: Row) -> list[Problem]:
        born, start, end = (
            row.values[k] for k in ("date_of_birth", "service_start", "service_end")
        )
        problems = []
        if born and born > years_after(self.today, -YOUNGEST):
            message = _("a person born on %(date)s is under %(age)s years of age.")
            date = born.strftime("%d/%m/%Y")
            problems.append(row.problem("date_of_birth", message % {"date": date, "age": YOUNGEST}))
        if start and born and start < years_after(born, YOUNGEST):
            message = _("service starts at %(age)s years of age at the earliest.")
            problems.append(row.problem("service_start", message % {"age": YOUNGEST}))
        if start and start > self.today:
            problems.append(row.problem("service_start", _("the day has not come yet.")))
        if end and start and end < start:
            message = _("service cannot end before it starts.")
            problems.append(row.problem("service_end", message))
        return problems

    def apply(self, accepted: list[Checked]) -> None:
        fresh, changed = [], []
        for checked in accepted:
            person, values = checked.payload
            if checked.status == Status.NEW:
                fresh.append(person)
                continue
            for name, value in values.items():
                setattr(person, name, value)
            changed.append(person)
        Person.objects.bulk_update(changed, list(FIELDS), batch_size=500)
        Person.objects.bulk_create(fresh, batch_size=500)


def person_rows(people: QuerySet[Person]) -> Iterator[tuple[Any, ...]]:
    ranks = rank_labels("vi")
    ordered = people.select_related("unit").order_by("unit__name", "full_name", "pk")
    for person in ordered.iterator(chunk_size=2000):
        yield (
            person.unit.name,
            person.full_name,
            person.date_of_birth,
            ranks[person.rank],
            person.position,
            person.service_start,
            person.service_end,
        )


PEOPLE_KIND = imports.register(
    ImportKind(
        code=PEOPLE,
        label=gettext_lazy("People"),
        columns=COLUMNS,
        start=PeopleImport,
        permitted=import_can_run,
        choices=lambda target: {
            "unit": member_choices(target),
            "rank": list(rank_labels("vi").values()),
        },
        example={
            "unit": "Lữ đoàn 144 (dòng ví dụ)",
            "full_name": "Nguyễn Văn An",
            "date_of_birth": datetime.date(1990, 5, 17),
            "rank": "Thượng úy",
            "position": "Trợ lý tác chiến",
            "service_start": datetime.date(2008, 9, 1),
        },
        guide=(
            gettext_lazy(
                "One row for each person of a member unit of the bloc in the year. A person is "
                "found by full name and date of birth in the bloc's units: a row that names "
                "another unit moves them there."
            ),
            gettext_lazy(
                "People not listed are kept: remove them on their pages. A unit's commander is "
                "moved on their own page."
            ),
        ),
        sheet_title="Quân nhân",
    )
)

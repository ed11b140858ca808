"""A bloc's units, its membership of a year and its units' strengths as spreadsheet imports
(the portal's one mechanism, ``emulation_portal.lib.imports``), and the rows their exports
write in the same layout, so that an exported file imports back as "unchanged".

Each kind imports for one bloc and year (the secretariat of that year, or an administrator):

- units: a row is a unit, found by its name; a new one is created and joins the bloc for the
  year as a member (as ``unit_create`` does), an existing one is changed only if it is a member
  of the bloc that year, so a unit of another bloc is never changed by this bloc;
- membership: a row is a unit and its role that year; a unit of another bloc that year is
  refused, and the leader (whose staff is the secretariat) is never replaced by an import;
- strength: a row is a member unit and its strength for the year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
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
    unit_named,
)

from .models import Membership, MembershipRole, Unit, UnitStrength
from .selectors import import_can_run, unit_list_for_user

UNITS = "units"
MEMBERSHIP = "membership"
STRENGTH = "strength"
YES, NO = "Có", "Không"
YES_WORDS = {"co", "x", "yes", "true", "1", "dang hoat dong"}
NO_WORDS = {"khong", "no", "false", "0", "ngung hoat dong"}
# Roles are applied in this order, so a deputy moved off its role frees it before another
# unit takes it (the database allows one deputy and one leader a year).
ROLE_ORDER = [MembershipRole.MEMBER, MembershipRole.DEPUTY, MembershipRole.LEADER]


MEMBER_UNIT_HELP = gettext_lazy("the unit's name or short name, a member of the bloc that year")


def unit_column(help: str | Promise = MEMBER_UNIT_HELP, **kwargs: Any) -> Column:
    """The "Đơn vị" column every kind that names a unit reads."""
    return Column(
        "unit",
        "Đơn vị",
        aliases=("Tên đơn vị", "Unit"),
        max_length=field_length(Unit, "name"),
        help=help,
        **kwargs,
    )


def vietnamese(label: object) -> str:
    """A choice's label as the spreadsheets write it, whatever the interface language."""
    with translation.override("vi"):
        return str(label)


def choice_lookup(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
    """A choice's value by its Vietnamese or English label or its code, compared as headers
    are (no case or accents: “Thượng uý” is “Thượng úy”)."""
    found = {}
    for value, label in choices:
        for name in (value, str(label), vietnamese(label)):
            found[heading(name)] = value
    return found


def refused_duplicate(row: Row, key: str, first: int) -> Checked:
    message = _("the same as row %(row)s: a file lists each once.") % {"row": first}
    return Checked.refused(row, [row.problem(key, message)])


def field_problems(row: Row, instance: Model, exclude: list[str]) -> list[Problem]:
    """The model's own field checks, named by the row's columns (keys are field names)."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        return [
            row.problem(name, " ".join(messages))
            if name in row.titles
            else Problem(row.number, None, " ".join(messages))
            for name, messages in error.message_dict.items()
        ]
    return []


class BlocYear:
    """The bloc's members in the import's year, found by name or short name."""

    def __init__(self, target: Target) -> None:
        self.year = target.year
        members = Membership.objects.filter(bloc_id=target.bloc_id, year=target.year)
        self.memberships = {m.unit_id: m for m in members.select_related("unit")}
        self.units: dict[str, list[Unit]] = defaultdict(list)
        for membership in self.memberships.values():
            unit = membership.unit
            for name in {name_key(unit.name), name_key(unit.short_name)} - {""}:
                self.units[name].append(unit)

    def unit(self, row: Row, problems: list[Problem]) -> Unit | None:
        return unit_named(
            row,
            self.units,
            problems,
            missing=lambda name: (
                _("“%(name)s” is not a member of this bloc in %(year)s.")
                % {"name": name, "year": self.year}
            ),
        )


def member_choices(target: Target) -> list[str]:
    units = Unit.objects.filter(memberships__bloc_id=target.bloc_id, memberships__year=target.year)
    return sorted(units.values_list("name", flat=True))


# --- Units ------------------------------------------------------------------------------------

UNIT_COLUMNS = (
    Column(
        "name",
        "Tên đơn vị",
        aliases=("Đơn vị", "Unit", "Name"),
        max_length=field_length(Unit, "name"),
        help=gettext_lazy("the unit's full name, as it is known in the portal"),
    ),
    Column(
        "short_name",
        "Tên viết tắt",
        aliases=("Tên ngắn", "Short name"),
        required=False,
        max_length=field_length(Unit, "short_name"),
        help=gettext_lazy("e.g. LĐ144; may be empty"),
    ),
    Column(
        "is_active",
        "Đang hoạt động",
        aliases=("Hoạt động", "Active"),
        required=False,
        max_length=20,
        help=gettext_lazy("Có or Không; empty is Có"),
    ),
)


def yes_no(row: Row, key: str, problems: list[Problem]) -> bool:
    value = row.values[key]
    if value is None or heading(value) in YES_WORDS:
        return True
    if heading(value) in NO_WORDS:
        return False
    message = _("“%(value)s” is neither %(yes)s nor %(no)s.") % {
        "value": value,
        "yes": YES,
        "no": NO,
    }
    problems.append(row.problem(key, message))
    return True


class UnitsImport:
    """Units by name: new ones join the bloc for the year, members of it that year may
    change; every other existing unit is refused (it is another bloc's to change)."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.units = {name_key(unit.name): unit for unit in Unit.objects.all()}
        self.members = set(
            Membership.objects.filter(bloc_id=target.bloc_id, year=target.year).values_list(
                "unit_id", flat=True
            )
        )
        self.seen: dict[str, int] = {}

    def check(self, row: Row) -> Checked:
        problems = list(row.problems)
        is_active = yes_no(row, "is_active", problems)
        if problems:
            return Checked.refused(row, problems)
        key = name_key(row.values["name"])
        if key in self.seen:
            return refused_duplicate(row, "name", self.seen[key])
        self.seen[key] = row.number
        values = {
            "name": row.values["name"],
            "short_name": row.values["short_name"] or "",
            "is_active": is_active,
        }
        unit = self.units.get(key)
        if unit is None:
            fresh = Unit(**values)
            found = field_problems(row, fresh, exclude=[])
            if found:
                return Checked.refused(row, found)
            return Checked(row=row, status=Status.NEW, payload=(fresh, values))
        if unit.pk not in self.members:
            message = _(
                "%(unit)s is in the portal but not a member of this bloc in %(year)s: add it "
                "to the bloc's members first (the membership import, or the bloc's page)."
            ) % {"unit": unit.name, "year": self.target.year}
            return Checked.refused(row, [row.problem("name", message)])
        if all(getattr(unit, name) == value for name, value in values.items()):
            return Checked(row=row, status=Status.UNCHANGED)
        found = field_problems(row, Unit(pk=unit.pk, **values), exclude=[])
        if found:
            return Checked.refused(row, found)
        return Checked(row=row, status=Status.CHANGED, payload=(unit, values))

    def apply(self, accepted: list[Checked]) -> None:
        fresh = [c.payload[0] for c in accepted if c.status == Status.NEW]
        changed = []
        for checked in accepted:
            if checked.status == Status.CHANGED:
                unit, values = checked.payload
                for name, value in values.items():
                    setattr(unit, name, value)
                changed.append(unit)
        Unit.objects.bulk_update(changed, ["name", "short_name", "is_active"], batch_size=500)
        created = Unit.objects.bulk_create(fresh, batch_size=500)
        Membership.objects.bulk_create(
            Membership(
                bloc_id=self.target.bloc_id,
                year=self.target.year,
                unit=unit,
                role=MembershipRole.MEMBER,
            )
            for unit in created
        )


def unit_rows(units: QuerySet[Unit]) -> Iterator[tuple[Any, ...]]:
    for unit in units.order_by("name").iterator(chunk_size=2000):
        yield (unit.name, unit.short_name, YES if unit.is_active else NO)


UNIT_KIND = imports.register(
    ImportKind(
        code=UNITS,
        label=gettext_lazy("Units"),
        columns=UNIT_COLUMNS,
        start=UnitsImport,
        permitted=import_can_run,
        example={"name": "Lữ đoàn 144 (dòng ví dụ)", "short_name": "LĐ144", "is_active": YES},
        guide=(
            gettext_lazy(
                "One row for each unit. A unit not yet in the portal is created and joins the "
                "bloc for the year as a member; a member of the bloc that year gets the short "
                "name and state of the row."
            ),
            gettext_lazy(
                "A unit is found by its full name: to rename one, use its page. A unit of "
                "another bloc is refused."
            ),
        ),
        sheet_title="Đơn vị",
    )
)


# --- Membership of a year ---------------------------------------------------------------------

MEMBERSHIP_COLUMNS = (
    unit_column(
        help=gettext_lazy("the unit's name or short name; create new units with the units import")
    ),
    Column(
        "role",
        "Vai trò trong khối",
        aliases=("Vai trò", "Role"),
        required=False,
        max_length=40,
        help=gettext_lazy("Khối trưởng, Khối phó or Thành viên; empty is Thành viên"),
    ),
)


def joinable_units(user: AbstractBaseUser) -> QuerySet[Unit]:
    """Units a bloc may take as members: those the user reads, and units in no bloc yet."""
    return (
        unit_list_for_user(user=user) | Unit.objects.filter(memberships__isnull=True)
    ).distinct()


class MembershipImport:
    """A unit's role in the bloc for the year: new members join, members change role. A unit
    of another bloc that year is refused, and so is any row that would replace the leader."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.units: dict[str, list[Unit]] = defaultdict(list)
        for unit in joinable_units(target.user):
            for name in {name_key(unit.name), name_key(unit.short_name)} - {""}:
                self.units[name].append(unit)
        in_year = Membership.objects.filter(year=target.year)
        self.taken = dict(in_year.values_list("unit_id", "bloc_id"))
        self.ours = {m.unit_id: m for m in in_year.filter(bloc_id=target.bloc_id)}
        self.holders = {
            m.role: m.unit_id
            for m in self.ours.values()
            if m.role in (MembershipRole.LEADER, MembershipRole.DEPUTY)
        }
        self.roles = choice_lookup(MembershipRole.choices)
        self.seen: dict[int, int] = {}

    def check(self, row: Row) -> Checked:
        problems = list(row.problems)
        unit = self._unit(row, problems)
        role = self._role(row, problems)
        if problems or unit is None:
            return Checked.refused(row, problems)
        if unit.pk in self.seen:
            return refused_duplicate(row, "unit", self.seen[unit.pk])
        self.seen[unit.pk] = row.number
        current = self.ours.get(unit.pk)
        if current is None and unit.pk in self.taken:
            message = _("%(unit)s is a member of another bloc in %(year)s.") % {
                "unit": unit.name,
                "year": self.target.year,
            }
            return Checked.refused(row, [row.problem("unit", message)])
        problem = self._role_problem(row, unit, role, current)
        if problem:
            return Checked.refused(row, [problem])
        if current is not None and current.role in self.holders and current.role != role:
            del self.holders[current.role]
        if role in (MembershipRole.LEADER, MembershipRole.DEPUTY):
            self.holders[role] = unit.pk
        if current is None:
            membership = Membership(
                bloc_id=self.target.bloc_id, year=self.target.year, unit=unit, role=role
            )
            return Checked(row=row, status=Status.NEW, payload=membership)
        if current.role == role:
            return Checked(row=row, status=Status.UNCHANGED)
        return Checked(row=row, status=Status.CHANGED, payload=(current, role))

    def _role_problem(
        self, row: Row, unit: Unit, role: str, current: Membership | None
    ) -> Problem | None:
        values = {"unit": unit.name, "year": self.target.year}
        leads = current is not None and current.role == MembershipRole.LEADER
        if leads and role != MembershipRole.LEADER:
            message = _(
                "%(unit)s leads the bloc in %(year)s: the leader, whose staff is the "
                "secretariat, is changed on the bloc's page, not by an import."
            )
            return row.problem("role", message % values)
        holder = self.holders.get(role)
        if role == MembershipRole.LEADER and holder not in (None, unit.pk):
            message = _(
                "the bloc has its leader in %(year)s: the leader is changed on the bloc's page."
            )
            return row.problem("role", message % values)
        if role == MembershipRole.DEPUTY and holder not in (None, unit.pk):
            message = _(
                "the bloc has another deputy in %(year)s: make it a member in an earlier row."
            )
            return row.problem("role", message % values)
        return None

    def _unit(self, row: Row, problems: list[Problem]) -> Unit | None:
        return unit_named(
            row,
            self.units,
            problems,
            missing=lambda name: (
                _("“%(name)s” is not a unit this bloc may take: create it with the units import.")
                % {"name": name}
            ),
        )

    def _role(self, row: Row, problems: list[Problem]) -> str:
        value = row.values["role"]
        if value is None:
            return MembershipRole.MEMBER
        role = self.roles.get(heading(value))
        if role is None:
            labels = ", ".join(vietnamese(label) for _value, label in MembershipRole.choices)
            message = _("“%(value)s” is not a role in a bloc (%(roles)s).")
            problems.append(row.problem("role", message % {"value": value, "roles": labels}))
            return MembershipRole.MEMBER
        return role

    def apply(self, accepted: list[Checked]) -> None:
        def role_of(checked: Checked) -> int:
            payload = checked.payload
            role = payload.role if checked.status == Status.NEW else payload[1]
            return ROLE_ORDER.index(role)

        for checked in sorted(accepted, key=role_of):
            if checked.status == Status.NEW:
                checked.payload.save()
            else:
                membership, role = checked.payload
                membership.role = role
                membership.save(update_fields=["role"])


def membership_rows(memberships: QuerySet[Membership]) -> Iterator[tuple[Any, ...]]:
    for membership in memberships:
        yield (membership.unit.name, vietnamese(membership.get_role_display()))


MEMBERSHIP_KIND = imports.register(
    ImportKind(
        code=MEMBERSHIP,
        label=gettext_lazy("Members of the year"),
        columns=MEMBERSHIP_COLUMNS,
        start=MembershipImport,
        permitted=import_can_run,
        choices=lambda target: {
            "role": [vietnamese(label) for _value, label in MembershipRole.choices]
        },
        example={"unit": "Lữ đoàn 144 (dòng ví dụ)", "role": "Thành viên"},
        guide=(
            gettext_lazy(
                "One row for each member unit of the bloc in the year, with its role. A unit "
                "in no bloc that year joins; a member gets the role of the row."
            ),
            gettext_lazy(
                "Members not listed stay members: remove a unit on the bloc's page. The leader "
                "may be named only in a year that has none."
            ),
        ),
        sheet_title="Thành viên khối",
    )
)


# --- Strength of a year -----------------------------------------------------------------------

STRENGTH_COLUMNS = (
    unit_column(),
    Column(
        "strength",
        "Quân số",
        type=ColumnType.NUMBER,
        aliases=("Strength",),
        help=gettext_lazy("the unit's strength that year, which quotas on people count on"),
    ),
)


class StrengthImport:
    """Each member unit's strength for the year: new, changed (audited with the figure it
    replaces, as the unit's page does) or unchanged."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.bloc_year = BlocYear(target)
        rows = UnitStrength.objects.filter(
            unit__in=list(self.bloc_year.memberships), year=target.year
        )
        self.strengths = {row.unit_id: row for row in rows}
        self.seen: dict[int, int] = {}

    def check(self, row: Row) -> Checked:
        problems = list(row.problems)
        unit = self.bloc_year.unit(row, problems)
        strength = row.values["strength"]
        if strength == 0:
            problems.append(row.problem("strength", _("a unit's strength is at least 1.")))
        if problems or unit is None:
            return Checked.refused(row, problems)
        if unit.pk in self.seen:
            return refused_duplicate(row, "unit", self.seen[unit.pk])
        self.seen[unit.pk] = row.number
        current = self.strengths.get(unit.pk)
        if current is None:
            return Checked(row=row, status=Status.NEW, payload=(unit, None, strength))
        if current.strength == strength:
            return Checked(row=row, status=Status.UNCHANGED)
        return Checked(row=row, status=Status.CHANGED, payload=(unit, current, strength))

    def apply(self, accepted: list[Checked]) -> None:
        user, now, year = self.target.user, timezone.now(), self.target.year
        for checked in accepted:
            unit, current, strength = checked.payload
            before = current.strength if current else None
            row = current or UnitStrength(unit=unit, year=year)
            row.strength, row.recorded_by, row.recorded_at = strength, user, now
            row.save()
            audit_record(
                action="unit.strength",
                actor=user,
                target=unit,
                data={"year": year, "from": before, "to": strength},
            )


def strength_rows(strengths: QuerySet[UnitStrength]) -> Iterator[tuple[Any, ...]]:
    for row in strengths.select_related("unit").order_by("unit__name"):
        yield (row.unit.name, row.strength)


STRENGTH_KIND = imports.register(
    ImportKind(
        code=STRENGTH,
        label=gettext_lazy("Strength of the year"),
        columns=STRENGTH_COLUMNS,
        start=StrengthImport,
        permitted=import_can_run,
        choices=lambda target: {"unit": member_choices(target)},
        example={"unit": "Lữ đoàn 144 (dòng ví dụ)", "strength": 850},
        guide=(
            gettext_lazy(
                "One row for each member unit: its strength (quân số) in the year, which "
                "quotas on people are counted on. A new figure replaces the year's old one."
            ),
        ),
        sheet_title="Quân số",
    )
)

"""State changes for organisation and time; every write of the app goes through here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from audit.saving import model_save
from audit.services import audit_record

from .models import Bloc, Campaign, Membership, Person, Unit, UnitStrength
from .scope import scope_for
from .selectors import person_can_edit, unit_can_edit

BLOC_FIELDS = ("command", "name", "document_code", "place", "description")
UNIT_FIELDS = ("name", "short_name", "is_active")
CAMPAIGN_FIELDS = (
    "bloc",
    "year",
    "kind",
    "name",
    "theme",
    "focus_areas",
    "key_activities",
    "start_date",
    "end_date",
    "launch_place",
    "launch_date",
)
PERSON_FIELDS = (
    "unit",
    "full_name",
    "rank",
    "position",
    "date_of_birth",
    "service_start",
    "service_end",
    "is_commander",
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def bloc_save(*, user: AbstractBaseUser, bloc: Bloc | None = None, data: dict[str, Any]) -> Bloc:
    scope = scope_for(user)
    if bloc is None:
        _require(scope.is_admin)
        bloc = Bloc()
    else:
        _require(scope.can_manage_bloc_now(bloc.pk))
        if not scope.is_admin:
            data = {key: value for key, value in data.items() if key != "command"}
    return model_save(actor=user, instance=bloc, data=data, fields=BLOC_FIELDS)


@transaction.atomic
def unit_create(
    *, user: AbstractBaseUser, data: dict[str, Any], bloc: Bloc, year: int, role: str
) -> Unit:
    """Create a unit and make it a member of ``bloc`` in ``year`` in one step.

    A unit always enters the portal through a bloc, so the secretariat that created it keeps
    seeing it.
    """
    _require(scope_for(user).can_write_year(bloc.pk, year))
    unit = model_save(actor=user, instance=Unit(), data=data, fields=UNIT_FIELDS)
    membership_save(user=user, data={"bloc": bloc, "year": year, "unit": unit, "role": role})
    return unit


def unit_update(*, user: AbstractBaseUser, unit: Unit, data: dict[str, Any]) -> Unit:
    _require(unit_can_edit(user=user, unit=unit))
    return model_save(actor=user, instance=unit, data=data, fields=UNIT_FIELDS)


def membership_save(
    *, user: AbstractBaseUser, data: dict[str, Any], membership: Membership | None = None
) -> Membership:
    """Add a unit to a bloc's year or change its role (leader, deputy, member).

    Setting next year's leader hands that year over: from then on only the new leader's
    secretariat may change it (see ``blocs.scope``).
    """
    scope = scope_for(user)
    if membership is None:
        membership = Membership()
        _require(scope.can_write_year(data["bloc"].pk, data["year"]))
        fields = ("bloc", "year", "unit", "role")
    else:
        _require(scope.can_write_year(membership.bloc_id, membership.year))
        fields = ("role",)
    return model_save(actor=user, instance=membership, data=data, fields=fields)


def membership_delete(*, user: AbstractBaseUser, membership: Membership) -> None:
    _require(scope_for(user).can_write_year(membership.bloc_id, membership.year))
    with transaction.atomic():
        audit_record(action="membership.delete", actor=user, target=membership)
        membership.delete()


def campaign_save(
    *, user: AbstractBaseUser, data: dict[str, Any], campaign: Campaign | None = None
) -> Campaign:
    scope = scope_for(user)
    if campaign is not None:
        _require(scope.can_write_year(campaign.bloc_id, campaign.year))
    _require(scope.can_write_year(data["bloc"].pk, data["year"]))
    return model_save(
        actor=user, instance=campaign or Campaign(), data=data, fields=CAMPAIGN_FIELDS
    )


def person_save(
    *, user: AbstractBaseUser, data: dict[str, Any], person: Person | None = None
) -> Person:
    if person is not None:
        _require(person_can_edit(user=user, unit=person.unit))
    _require(person_can_edit(user=user, unit=data["unit"]))
    return model_save(actor=user, instance=person or Person(), data=data, fields=PERSON_FIELDS)


@transaction.atomic
def unit_strength_set(
    *, user: AbstractBaseUser, unit: Unit, year: int, strength: int
) -> UnitStrength:
    """The unit's strength (quân số) for a year, which quotas on people count on; a change is
    audited with the figure it replaces."""
    _require(unit_can_edit(user=user, unit=unit))
    row = UnitStrength.objects.select_for_update().filter(unit=unit, year=year).first()
    before = row.strength if row else None
    row = row or UnitStrength(unit=unit, year=year)
    row.strength, row.recorded_by, row.recorded_at = strength, user, timezone.now()
    row.full_clean(validate_unique=False)
    row.save()
    audit_record(
        action="unit.strength",
        actor=user,
        target=unit,
        data={"year": year, "from": before, "to": strength},
    )
    return row

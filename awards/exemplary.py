"""Exemplary models (điển hình tiên tiến): marked by the secretariat, adopted by units."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from blocs.models import Bloc, Membership, Person, Unit
from blocs.scope import scope_for

from .models import ExemplaryAdoption, ExemplaryModel


def exemplary_list_for_user(*, user: AbstractBaseUser) -> QuerySet[ExemplaryModel]:
    scope = scope_for(user)
    models = ExemplaryModel.objects.select_related("bloc", "unit", "person").prefetch_related(
        "adoptions__unit"
    )
    if scope.is_admin:
        return models
    blocs = scope.secretariat_bloc_ids | scope.member_bloc_ids
    return models.filter(Q(bloc_id__in=blocs) | Q(bloc__command_id__in=scope.command_ids))


@transaction.atomic
def exemplary_mark(
    *,
    user: AbstractBaseUser,
    bloc: Bloc,
    year: int,
    unit: Unit,
    person: Person | None,
    practice: str,
) -> ExemplaryModel:
    if not scope_for(user).can_write_year(bloc.pk, year):
        raise PermissionDenied
    if not Membership.objects.filter(bloc=bloc, year=year, unit=unit).exists():
        raise ValidationError({"unit": _("The unit must be a member of the bloc that year.")})
    if person is not None and person.unit_id != unit.pk:
        raise ValidationError({"person": _("The person must belong to the unit.")})
    if not practice.strip():
        raise ValidationError({"practice": _("Say what the others should learn from it.")})
    model = ExemplaryModel.objects.create(
        bloc=bloc,
        year=year,
        unit=unit,
        person=person,
        practice=practice.strip(),
        marked_by=user,
        marked_at=timezone.now(),
    )
    audit_record(action="exemplary.mark", actor=user, target=model)
    return model


def exemplary_adopt(
    *, user: AbstractBaseUser, model: ExemplaryModel, unit: Unit, note: str
) -> ExemplaryAdoption:
    scope = scope_for(user)
    if unit.pk not in scope.commanded_unit_ids or unit.pk == model.unit_id:
        raise PermissionDenied
    if not note.strip():
        raise ValidationError({"note": _("Say how your unit adopted it.")})
    try:
        with transaction.atomic():
            adoption = ExemplaryAdoption.objects.create(
                model=model,
                unit=unit,
                note=note.strip(),
                recorded_by=user,
                recorded_at=timezone.now(),
            )
            audit_record(
                action="exemplary.adopt", actor=user, target=model, data={"unit": unit.name}
            )
    except IntegrityError as error:
        raise ValidationError(_("Your unit has already recorded this.")) from error
    return adoption


def units_adopting_for(*, user: AbstractBaseUser, model: ExemplaryModel) -> list[Any]:
    commanded = scope_for(user).commanded_unit_ids
    adopted = {a.unit_id for a in model.adoptions.all()}
    members = Membership.objects.filter(bloc_id=model.bloc_id).values_list("unit_id", flat=True)
    return [u for u in commanded if u in set(members) and u != model.unit_id and u not in adopted]

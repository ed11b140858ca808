"""Saving a model the way every service does: validated, only the changed fields, audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from .services import audit_record

M = TypeVar("M", bound=models.Model)


def model_save(*, actor: Any, instance: M, data: dict[str, Any], fields: Iterable[str]) -> M:
    """Set ``fields`` from ``data``, validate every rule of the model, save only those, audit it.

    Validation runs all field checks and database constraints (with their translated
    messages), so a rule is enforced the same way from a form, the admin or a script. A race
    that slips past validation hits the constraint itself and becomes the same kind of error.
    The audit entry holds each changed field's stored and new value (related objects by id).
    """
    creating = instance._state.adding
    attnames = {name: instance._meta.get_field(name).attname for name in fields if name in data}
    # Compare with what is stored: a ModelForm has already written its data on the instance.
    before = (
        {}
        if creating
        else dict(
            zip(
                attnames,
                type(instance)
                ._base_manager.filter(pk=instance.pk)
                .values_list(*attnames.values())
                .get(),
                strict=True,
            )
        )
    )
    for name in attnames:
        setattr(instance, name, data[name])
    after = {name: getattr(instance, attname) for name, attname in attnames.items()}
    changed = [name for name in attnames if creating or after[name] != before[name]]
    instance.full_clean()
    if not changed:
        return instance
    try:
        with transaction.atomic():
            if creating:
                instance.save(force_insert=True)
            else:
                instance.save(update_fields=changed)
            audit_record(
                action=f"{instance._meta.model_name}.{'create' if creating else 'update'}",
                actor=actor,
                target=instance,
                data={name: [before.get(name), after[name]] for name in changed},
            )
    except IntegrityError as error:
        raise ValidationError(
            _("This conflicts with a change someone has just made. Reload and try again.")
        ) from error
    return instance

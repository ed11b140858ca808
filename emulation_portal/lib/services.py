"""Helpers that every app's services use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


def model_save(*, instance: M, data: dict[str, Any], fields: Iterable[str]) -> M:
    """Set ``fields`` from ``data``, validate every rule of the model, and save only those.

    Validation runs all field checks and database constraints (with their translated
    messages), so a rule is enforced the same way from a form, the admin or a script. A race
    that slips past validation hits the constraint itself and becomes the same kind of error.
    """
    fields = [name for name in fields if name in data]
    for name in fields:
        setattr(instance, name, data[name])
    instance.full_clean()
    creating = instance._state.adding
    try:
        with transaction.atomic():
            if creating:
                instance.save(force_insert=True)
            else:
                instance.save(update_fields=fields)
    except IntegrityError as error:
        raise ValidationError(
            _("This conflicts with a change someone has just made. Reload and try again.")
        ) from error
    return instance

"""The registry of recognised initiatives and research results (sáng kiến, đề tài) that the
rules of some titles ask for."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from blocs.models import Person, Unit
from blocs.selectors import unit_can_edit
from emulation_portal.lib.errors import RuleError

from .models import Initiative


@transaction.atomic
def initiative_add(
    *,
    user: AbstractBaseUser,
    kind: str,
    title: str,
    unit: Unit,
    authors: list[Person],
    year: int,
    level: str,
    recognised_by: str,
    recognised_on: datetime.date,
) -> Initiative:
    """Register an initiative or research result with the decision that recognised it."""
    if not unit_can_edit(user=user, unit=unit):
        raise PermissionDenied
    problems = {}
    if year > timezone.localdate().year:
        problems["year"] = _("%(year)s is in the future.") % {"year": year}
    if recognised_on > timezone.localdate():
        problems["recognised_on"] = _("The decision's date is in the future.")
    strangers = [a.full_name for a in authors if a.unit_id != unit.pk]
    if strangers:
        problems["authors"] = _("Not members of %(unit)s: %(people)s.") % {
            "unit": unit.name,
            "people": ", ".join(strangers),
        }
    if problems:
        raise RuleError(problems)
    initiative = Initiative(
        kind=kind,
        title=title.strip(),
        unit=unit,
        year=year,
        level=level.strip(),
        recognised_by=recognised_by.strip(),
        recognised_on=recognised_on,
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    initiative.full_clean()
    initiative.save()
    initiative.authors.set(authors)
    audit_record(
        action="initiative.add",
        actor=user,
        target=initiative,
        data={"authors": [a.full_name for a in authors]},
    )
    return initiative

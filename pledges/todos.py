"""The pledge's to-dos: a pledge awaiting the unit's signature, a review report due."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from emulation_portal.lib import todos

from .models import PledgeStatus, ReviewKind, Signature, UnitReview
from .selectors import pledge_current_version, pledge_list_for_user, units_user_signs_for

REVIEW_NOTICE = datetime.timedelta(days=30)  # a review report shows this long before it is due


@todos.register
def pledge_todos(user: Any, today: datetime.date) -> Iterator[todos.Todo]:
    for pledge in (
        pledge_list_for_user(user=user).filter(campaign__year=today.year).select_related("campaign")
    ):
        units = units_user_signs_for(user=user, pledge=pledge)
        if not units:
            continue
        if pledge.status == PledgeStatus.OPEN:
            version = pledge_current_version(pledge=pledge)
            signed = set(
                Signature.objects.filter(version=version).values_list("unit_id", flat=True)
            )
            for unit in units:
                if unit.pk not in signed:
                    yield todos.Todo(
                        _("Sign “%(pledge)s” for %(unit)s")
                        % {"pledge": pledge.title, "unit": unit.name},
                        reverse("pledges:sign", args=[pledge.pk]),
                        pledge.signing_deadline,
                    )
        if pledge.status != PledgeStatus.SIGNED:
            continue
        submitted = set(UnitReview.objects.filter(pledge=pledge).values_list("unit_id", "kind"))
        for kind, due in (
            (ReviewKind.MID_YEAR, pledge.mid_year_deadline),
            (ReviewKind.YEAR_END, pledge.year_end_deadline),
        ):
            if due is None or today < due - REVIEW_NOTICE:
                continue
            for unit in units:
                if (unit.pk, kind) not in submitted:
                    yield todos.Todo(
                        _("Submit the %(review)s of %(unit)s")
                        % {"review": ReviewKind(kind).label.lower(), "unit": unit.name},
                        reverse("pledges:review", args=[pledge.pk, kind]),
                        due,
                    )

"""The pledge's targets with their results, as a workbook (what the progress page lists)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.contrib.auth.models import AbstractBaseUser
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from emulation_portal.lib.exports import Column, Sheet

from .models import Pledge
from .progress import progress_targets, target_standing

TARGET_COLUMNS = [
    Column(pgettext_lazy("row number", "No."), "int", width=6),
    Column(_("Unit"), width=28),
    Column(_("Goal"), width=40),
    Column(_("Who it applies to"), width=24),
    Column(_("Content"), width=45),
    Column(_("Indicator"), width=30),
    Column(_("The target is reached at"), width=22),
    Column(_("Target value"), "number"),
    Column(_("Unit of measure"), width=14),
    Column(_("Deadline"), "date"),
    Column(_("Value reached"), "number"),
    Column(_("Reported on"), "datetime", width=17),
    Column(_("Standing"), width=16),
    Column(_("Evidence that proves it"), width=30),
]


def progress_sheets(*, user: AbstractBaseUser, pledge: Pledge, today: datetime.date) -> list[Sheet]:
    """The targets the user follows on the progress page, each with its latest result."""
    heading = [
        pledge.title,
        pledge.campaign.bloc.name,
        _("Results as of %(day)s") % {"day": date_format(today, "d/m/Y")},
    ]
    return [
        Sheet(
            _("Targets and results"),
            TARGET_COLUMNS,
            _target_rows(user=user, pledge=pledge, today=today),
            heading=heading,
        )
    ]


def _target_rows(
    *, user: AbstractBaseUser, pledge: Pledge, today: datetime.date
) -> Iterator[list[object]]:
    targets = progress_targets(user=user, pledge=pledge).iterator(chunk_size=1000)
    for number, target in enumerate(targets, start=1):
        standing = target_standing(target, today=today)
        yield [
            number,
            target.unit.name,
            target.goal,
            target.subject,
            target.content,
            target.indicator,
            target.get_direction_display(),
            target.target_value,
            target.measure_unit,
            target.deadline,
            standing.value,
            standing.reported_at,
            standing.light_label,
            target.evidence,
        ]

"""Progress through the year: reports on targets with evidence, unit reviews, traffic lights.

Services (writes) and the reads that compute each target's standing live together here;
``services.py`` holds the drafting and signing of the pledge itself.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from blocs.models import Unit
from blocs.scope import scope_for
from emulation_portal.lib.uploads import EVIDENCE, upload_check

from .models import (
    Evidence,
    Pledge,
    PledgeStatus,
    ProgressReport,
    ReviewKind,
    Target,
    TargetDirection,
    UnitReview,
)
from .selectors import pledge_can_manage


class Light:
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    MISSED = "missed"


LIGHT_LABELS = {
    Light.ACHIEVED: gettext_lazy("Achieved"),
    Light.ON_TRACK: gettext_lazy("On track"),
    Light.AT_RISK: gettext_lazy("At risk"),
    Light.MISSED: gettext_lazy("Missed"),
}
# Below this share of the value expected by now, a growing target is at risk.
ON_TRACK_SHARE = Decimal("0.8")


def report_can_view(*, user: AbstractBaseUser, target: Target) -> bool:
    """A unit's reports are seen by its commanders, the bloc's secretariat and the command."""
    scope = scope_for(user)
    campaign = target.pledge.campaign
    return (
        target.unit_id in scope.commanded_unit_ids
        or pledge_can_manage(user=user, pledge=target.pledge)
        or campaign.bloc_id in scope.secretariat_bloc_ids
        or campaign.bloc.command_id in scope.command_ids
        or scope.is_admin
    )


def target_light(*, target: Target, value: Decimal | None, today: datetime.date) -> str:
    """Achieved, on track, at risk or missed, from the latest value and the time elapsed.

    A growing target ("at least") is on track while its value keeps up with 80 % of a
    straight line from the campaign's start to the deadline; a limit ("at most") is on
    track while it is not exceeded. A target without a report is at risk once a quarter
    of its time has gone.
    """
    reached = value is not None and (
        value >= target.target_value
        if target.direction == TargetDirection.AT_LEAST
        else value <= target.target_value
    )
    if reached and (target.direction == TargetDirection.AT_LEAST or today >= target.deadline):
        return Light.ACHIEVED
    if today > target.deadline:
        return Light.MISSED
    start = target.pledge.campaign.start_date
    span = max((target.deadline - start).days, 1)
    elapsed = Decimal(min(max((today - start).days, 0), span)) / Decimal(span)
    if value is None:
        return Light.AT_RISK if elapsed > Decimal("0.25") else Light.ON_TRACK
    if target.direction == TargetDirection.AT_MOST:
        return Light.ON_TRACK if reached else Light.AT_RISK
    expected = target.target_value * elapsed * ON_TRACK_SHARE
    return Light.ON_TRACK if value >= expected else Light.AT_RISK


@dataclass(frozen=True)
class TargetStanding:
    target: Target
    value: Decimal | None
    reported_at: datetime.datetime | None
    light: str

    @property
    def light_label(self) -> str:
        return str(LIGHT_LABELS[self.light])


def progress_units(*, user: AbstractBaseUser, pledge: Pledge) -> list[Unit]:
    """The units whose targets the user may follow on the pledge."""
    units = Unit.objects.filter(pk__in=pledge.targets.values("unit_id")).order_by("name")
    if not _sees_every_unit(user=user, pledge=pledge):
        units = units.filter(pk__in=scope_for(user).commanded_unit_ids)
    return list(units)


def progress_targets(
    *, user: AbstractBaseUser, pledge: Pledge, unit_ids: set[int] | None = None
) -> QuerySet[Target]:
    """The targets the user may follow (of ``unit_ids``, a page of units, when given), each with
    its latest value (one query): what the progress page and its export read."""
    latest = ProgressReport.objects.filter(target=OuterRef("pk")).order_by("-reported_at", "-pk")
    targets: QuerySet[Target] = (
        pledge.targets.select_related("unit", "pledge__campaign__bloc")
        .annotate(
            latest_value=Subquery(latest.values("achieved_value")[:1]),
            latest_at=Subquery(latest.values("reported_at")[:1]),
        )
        .order_by("unit__name", "order", "pk")
    )
    if not _sees_every_unit(user=user, pledge=pledge):
        targets = targets.filter(unit_id__in=scope_for(user).commanded_unit_ids)
    if unit_ids is not None:
        targets = targets.filter(unit_id__in=unit_ids)
    return targets


def target_standing(target: Target, *, today: datetime.date) -> TargetStanding:
    """A target of ``progress_targets`` with its light."""
    value = target.latest_value
    light = target_light(target=target, value=value, today=today)
    return TargetStanding(target, value, target.latest_at, light)


def progress_board(
    *,
    user: AbstractBaseUser,
    pledge: Pledge,
    today: datetime.date,
    unit_ids: set[int] | None = None,
) -> list[TargetStanding]:
    """Every target the user may follow (of ``unit_ids``, a page of units), with its latest
    value and light (constant queries)."""
    targets = progress_targets(user=user, pledge=pledge, unit_ids=unit_ids)
    return [target_standing(t, today=today) for t in targets]


def _sees_every_unit(*, user: AbstractBaseUser, pledge: Pledge) -> bool:
    scope = scope_for(user)
    bloc = pledge.campaign.bloc
    return (
        scope.is_admin
        or bloc.pk in scope.secretariat_bloc_ids
        or bloc.command_id in scope.command_ids
    )


def target_report_progress(
    *,
    user: AbstractBaseUser,
    target: Target,
    achieved_value: Decimal,
    narrative: str,
    files: list[UploadedFile],
) -> ProgressReport:
    """Record a commander's progress on their unit's target, with its evidence files.

    Every file is checked by content before anything is stored; one bad file refuses the
    whole report, so nothing half-saved is left behind.
    """
    if target.unit_id not in scope_for(user).commanded_unit_ids:
        raise PermissionDenied
    if target.pledge.status != PledgeStatus.SIGNED:
        raise ValidationError(_("Progress is reported on a pledge every unit has signed."))
    checked = []
    for upload in files:
        try:
            checked.append((upload, upload_check(upload, EVIDENCE)))
        except ValidationError as error:
            raise ValidationError(
                {"files": [f"{upload.name}: {m}" for m in error.messages]}
            ) from error
    with transaction.atomic():
        report = ProgressReport.objects.create(
            target=target,
            achieved_value=achieved_value,
            narrative=narrative.strip(),
            reported_by=user,
            reported_at=timezone.now(),
        )
        for upload, info in checked:
            Evidence(report=report).store(upload, info)
        audit_record(
            action="progress.report",
            actor=user,
            target=target,
            data={"value": str(achieved_value), "files": [i.name for _, i in checked]},
        )
    return report


def review_submit(
    *, user: AbstractBaseUser, pledge: Pledge, unit: Any, kind: str, summary: str
) -> UnitReview:
    """A unit hands in its mid-year or year-end review; after the deadline it is marked late."""
    if unit.pk not in scope_for(user).commanded_unit_ids:
        raise PermissionDenied
    if pledge.status != PledgeStatus.SIGNED:
        raise ValidationError(_("Reviews are handed in on a pledge every unit has signed."))
    if not summary.strip():
        raise ValidationError({"summary": _("Write the review's results.")})
    deadline = pledge.mid_year_deadline if kind == ReviewKind.MID_YEAR else pledge.year_end_deadline
    today = timezone.localdate()
    with transaction.atomic():
        if UnitReview.objects.filter(pledge=pledge, unit=unit, kind=kind).exists():
            raise ValidationError(_("This unit has already submitted this review."))
        review = UnitReview.objects.create(
            pledge=pledge,
            unit=unit,
            kind=kind,
            summary=summary.strip(),
            submitted_by=user,
            submitted_at=timezone.now(),
            late=bool(deadline and today > deadline),
        )
        audit_record(action="review.submit", actor=user, target=review, data={"late": review.late})
    return review

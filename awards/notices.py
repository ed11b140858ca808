"""Public notice of nominees: working days, feedback and complaints, and what they block."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from blocs.models import Bloc, Membership
from blocs.scope import scope_for
from emulation_portal.lib.errors import RuleError
from emulation_portal.lib.text import free_text

from .models import (
    FeedbackKind,
    HolidayKind,
    NoticeFeedback,
    Proposal,
    ProposalStatus,
    PublicHoliday,
    PublicNotice,
)


def holiday_calendar(*, since: datetime.date) -> dict[datetime.date, str]:
    """The listed days from ``since`` on, each with its kind (day off or working day)."""
    return dict(PublicHoliday.objects.filter(date__gte=since).values_list("date", "kind"))


def is_working_day(day: datetime.date, calendar: Mapping[datetime.date, str]) -> bool:
    """A listed day is what the calendar says; any other day works from Monday to Friday."""
    kind = calendar.get(day)
    if kind is None:
        return day.weekday() < 5
    return kind == HolidayKind.WORKING_DAY


def working_days_end(
    *, start: datetime.date, days: int, calendar: Mapping[datetime.date, str]
) -> datetime.date:
    """The last day of a period of ``days`` working days beginning on ``start``.

    Saturdays, Sundays and the calendar's days off are not counted; a Saturday the calendar
    lists as a working day (làm bù) is.
    """
    day, counted = start, 0
    while True:
        if is_working_day(day, calendar):
            counted += 1
            if counted == days:
                return day
        day += datetime.timedelta(days=1)


def notice_can_publish(*, user: AbstractBaseUser, bloc: Bloc, year: int) -> bool:
    return scope_for(user).can_write_year(bloc.pk, year)


@transaction.atomic
def notice_publish(
    *,
    user: AbstractBaseUser,
    bloc: Bloc,
    year: int,
    working_days: int,
    starts_on: datetime.date | None = None,
) -> PublicNotice:
    """Make the bloc's submitted proposals of the year public from ``starts_on`` (today or
    later; the next working day when not given) for ``working_days`` working days."""
    if not notice_can_publish(user=user, bloc=bloc, year=year):
        raise PermissionDenied
    if working_days < 1:
        raise ValidationError(_("A notice lasts at least one working day."))
    today = timezone.localdate()
    if starts_on is not None and starts_on < today:
        raise RuleError({"starts_on": _("A notice cannot start before today.")})
    pending = Proposal.objects.filter(
        bloc=bloc, year=year, status=ProposalStatus.SUBMITTED
    ).exclude(notices__isnull=False)
    if not pending.exists():
        raise ValidationError(_("No submitted proposal is waiting for public notice."))
    calendar = holiday_calendar(since=today)
    if starts_on is None:
        tomorrow = today + datetime.timedelta(days=1)
        starts_on = working_days_end(start=tomorrow, days=1, calendar=calendar)
    notice = PublicNotice.objects.create(
        bloc=bloc,
        year=year,
        working_days=working_days,
        starts_on=starts_on,
        ends_on=working_days_end(start=starts_on, days=working_days, calendar=calendar),
        opened_by=user,
    )
    notice.proposals.set(pending)
    audit_record(
        action="notice.publish",
        actor=user,
        target=notice,
        data={"proposals": list(pending.values_list("pk", flat=True))},
    )
    return notice


def notice_days_left(*, notice: PublicNotice, today: datetime.date) -> int:
    """Working days of the notice still to run, today included (0 once it has ended)."""
    if today > notice.ends_on:
        return 0
    calendar = holiday_calendar(since=today)
    day, left = max(today, notice.starts_on), 0
    while day <= notice.ends_on:
        left += is_working_day(day, calendar)
        day += datetime.timedelta(days=1)
    return left


def notice_conclusion_day(*, notice: PublicNotice) -> datetime.date:
    """The first day a reviewer may conclude on its nominees (if no complaint is open)."""
    return notice.ends_on + datetime.timedelta(days=1)


def feedback_can_send(*, user: AbstractBaseUser, bloc_id: int, year: int) -> bool:
    """Users of the bloc's member units (commanders, the secretariat) and administrators."""
    scope = scope_for(user)
    member_units = set(
        Membership.objects.filter(bloc_id=bloc_id, year=year).values_list("unit_id", flat=True)
    )
    return scope.is_admin or bool(
        member_units & (scope.commanded_unit_ids | scope.secretariat_unit_ids)
    )


def notice_blocks_review(*, proposal: Proposal) -> str | None:
    """Why the review of ``proposal`` cannot conclude yet, or None."""
    today = timezone.localdate()
    notice = proposal.notices.order_by("-ends_on").first()
    if notice is None:
        return _("The proposal has not been made public yet.")
    if today <= notice.ends_on:
        return _("The public notice runs until %(date)s.") % {
            "date": notice.ends_on.strftime("%d/%m/%Y")
        }
    if proposal.feedback.filter(kind=FeedbackKind.COMPLAINT, resolved_at__isnull=True).exists():
        return _("A complaint about this nominee is not resolved yet.")
    return None


def feedback_send(
    *, user: AbstractBaseUser, proposal: Proposal, kind: str, text: str
) -> NoticeFeedback:
    """Users of the bloc comment on, or complain about, a nominee while the notice runs."""
    text = free_text(text)
    if not feedback_can_send(user=user, bloc_id=proposal.bloc_id, year=proposal.year):
        raise PermissionDenied
    notice = proposal.notices.order_by("-ends_on").first()
    today = timezone.localdate()
    if notice is None or not notice.starts_on <= today <= notice.ends_on:
        raise ValidationError(_("Feedback is taken while the public notice runs."))
    if not text.strip():
        raise ValidationError(_("Write the feedback."))
    feedback = NoticeFeedback.objects.create(
        notice=notice,
        proposal=proposal,
        kind=kind,
        text=text.strip(),
        author=user,
        created_at=timezone.now(),
    )
    audit_record(action=f"notice.{kind}", actor=user, target=proposal)
    return feedback


def feedback_resolve(
    *, user: AbstractBaseUser, feedback: NoticeFeedback, resolution: str
) -> NoticeFeedback:
    resolution = free_text(resolution)
    proposal = feedback.proposal
    if not scope_for(user).can_write_year(proposal.bloc_id, proposal.year):
        raise PermissionDenied
    if not resolution.strip():
        raise ValidationError(_("Write how it was resolved."))
    feedback.resolution, feedback.resolved_at, feedback.resolved_by = (
        resolution.strip(),
        timezone.now(),
        user,
    )
    feedback.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    audit_record(
        action="notice.resolve",
        actor=user,
        target=proposal,
        data={"resolution": resolution.strip()},
    )
    return feedback

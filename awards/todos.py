"""The awards' to-dos: nominees to make public, a notice running in the user's bloc, proposals
a reviewer may conclude on."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from blocs.scope import scope_for
from blocs.selectors import bloc_list_for_user
from emulation_portal.lib import todos

from .models import FeedbackKind, Proposal, ProposalStatus, PublicNotice
from .notices import feedback_can_send, notice_can_publish


@todos.register
def awards_todos(user: Any, today: datetime.date) -> Iterator[todos.Todo]:
    scope = scope_for(user)
    blocs = list(bloc_list_for_user(user=user))
    # One count for every bloc the user publishes for, however many blocs an administrator has.
    publishing = [b for b in blocs if notice_can_publish(user=user, bloc=b, year=today.year)]
    waiting_by_bloc = (
        Proposal.objects.filter(
            bloc__in=publishing,
            year=today.year,
            status=ProposalStatus.SUBMITTED,
            notices__isnull=True,
        )
        .values("bloc")
        .annotate(count=Count("pk"))
    )
    waiting = {row["bloc"]: row["count"] for row in waiting_by_bloc} if publishing else {}
    for bloc in publishing:
        if count := waiting.get(bloc.pk, 0):
            yield todos.Todo(
                ngettext(
                    "Make %(count)s submitted nominee of %(bloc)s public",
                    "Make %(count)s submitted nominees of %(bloc)s public",
                    count,
                )
                % {"count": count, "bloc": bloc.name},
                reverse("awards:notice_detail", args=[bloc.pk, today.year]),
            )
    running = PublicNotice.objects.filter(
        bloc__in=blocs, starts_on__lte=today, ends_on__gte=today
    ).select_related("bloc")
    for notice in running:
        if feedback_can_send(user=user, bloc_id=notice.bloc_id, year=notice.year):
            yield todos.Todo(
                _("Read the nominees of %(bloc)s made public, and comment if need be")
                % {"bloc": notice.bloc.name},
                reverse("awards:notice_detail", args=[notice.bloc_id, notice.year]),
                notice.ends_on,
            )
    if scope.review_command_ids or scope.is_admin:
        ready = (
            Proposal.objects.filter(status=ProposalStatus.SUBMITTED, notices__ends_on__lt=today)
            .exclude(feedback__kind=FeedbackKind.COMPLAINT, feedback__resolved_at__isnull=True)
            .distinct()
        )
        if not scope.is_admin:
            ready = ready.filter(Q(bloc__command_id__in=scope.review_command_ids))
        count = ready.count()
        if count:
            yield todos.Todo(
                ngettext(
                    "Review %(count)s proposal whose public notice has ended",
                    "Review %(count)s proposals whose public notice has ended",
                    count,
                )
                % {"count": count},
                reverse("awards:proposal_list") + "?status=submitted",
            )

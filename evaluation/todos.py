"""The evaluation's to-dos: a self-score to submit, a ballot open to the user's unit."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from blocs.models import Membership, Unit
from blocs.scope import scope_for
from emulation_portal.lib import todos

from .ballots import units_user_votes_for
from .models import BallotStatus, ScoreSheet, SheetStatus
from .selectors import ballot_list_for_user, table_list_for_user


@todos.register
def evaluation_todos(user: Any, today: datetime.date) -> Iterator[todos.Todo]:
    commanded = scope_for(user).commanded_unit_ids
    if not commanded:
        return
    for table in table_list_for_user(user=user).filter(year=today.year):
        members = Membership.objects.filter(bloc=table.bloc, year=table.year, unit__in=commanded)
        submitted = set(
            ScoreSheet.objects.filter(table=table, status=SheetStatus.SUBMITTED).values_list(
                "unit_id", flat=True
            )
        )
        for unit in Unit.objects.filter(memberships__in=members).exclude(pk__in=submitted):
            yield todos.Todo(
                _("Submit the self-score of %(unit)s") % {"unit": unit.name},
                reverse("evaluation:sheet", args=[table.pk, unit.pk]),
                table.self_score_deadline,
            )
    for ballot in ballot_list_for_user(user=user).filter(status=BallotStatus.OPEN):
        voted = set(ballot.voters.values_list("unit_id", flat=True))
        for unit in units_user_votes_for(user=user, ballot=ballot):
            if unit.pk not in voted:
                yield todos.Todo(
                    _("Vote for %(unit)s: %(question)s")
                    % {"unit": unit.name, "question": ballot.question},
                    reverse("evaluation:ballot_vote", args=[ballot.pk]),
                )

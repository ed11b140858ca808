"""Access-checked reads of the evaluation: a ballot or score table the user may see, else 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from audit.access import get_scoped_or_404
from blocs.selectors import bloc_list_for_user

from .models import Ballot, CriteriaTable, ScoreLine, ScoreSheet


def ballot_list_for_user(*, user: Any) -> QuerySet[Ballot]:
    return Ballot.objects.filter(bloc__in=bloc_list_for_user(user=user)).select_related(
        "bloc", "rule"
    )


def ballot_get_for_user(*, user: Any, pk: int) -> Ballot:
    return get_scoped_or_404(ballot_list_for_user(user=user), pk=pk, user=user)


def table_list_for_user(*, user: Any) -> QuerySet[CriteriaTable]:
    return CriteriaTable.objects.filter(bloc__in=bloc_list_for_user(user=user)).select_related(
        "bloc"
    )


def table_get_for_user(*, user: Any, pk: int) -> CriteriaTable:
    return get_scoped_or_404(table_list_for_user(user=user), pk=pk, user=user)


def sheet_for_display(*, table: CriteriaTable, unit: Any) -> tuple[ScoreSheet, list[ScoreLine]]:
    """A unit's sheet and one line per criterion, in the table's order, without writing anything.

    Before the unit's first save the sheet and its lines are unsaved rows: opening the page
    must not create them (a GET changes nothing); the first save does, through the service.
    """
    sheet = ScoreSheet.objects.filter(table=table, unit=unit).first()
    saved: dict[int, ScoreLine] = {}
    if sheet is None:
        sheet = ScoreSheet(table=table, unit=unit)
    else:
        saved = {
            line.criterion_id: line
            for line in sheet.lines.select_related("criterion").prefetch_related("evidence")
        }
    lines = [
        saved.get(criterion.pk) or ScoreLine(sheet=sheet, criterion=criterion)
        for criterion in table.criteria.order_by("order", "pk")
    ]
    return sheet, lines

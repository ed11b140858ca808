"""Access-checked reads of the evaluation: a ballot or score table the user may see, else 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from audit.access import get_scoped_or_404
from blocs.selectors import bloc_list_for_user

from .models import Ballot, CriteriaTable


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

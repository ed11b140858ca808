"""Access-checked reads of the year-end summaries: a bloc's versions for whoever reads the bloc."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from blocs.models import Bloc
from blocs.selectors import bloc_get_for_user

from .models import YearSummary


def summary_versions_for_user(
    *, user: Any, bloc_pk: int, year: int
) -> tuple[Bloc, list[YearSummary]]:
    """The bloc (404 unless the user reads it) and its summaries of the year, newest first."""
    bloc = bloc_get_for_user(user=user, pk=bloc_pk)
    versions = YearSummary.objects.filter(bloc=bloc, year=year).select_related("job", "written_by")
    return bloc, list(versions)


def summary_get_for_user(*, user: Any, bloc_pk: int, year: int, version: int) -> YearSummary:
    _bloc, versions = summary_versions_for_user(user=user, bloc_pk=bloc_pk, year=year)
    for summary in versions:
        if summary.version == version:
            return summary
    raise Http404

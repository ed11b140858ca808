"""The archive (a search across all years, a unit's or a person's record) and the command's
statistics; each printable (a print stylesheet) and exportable (.xlsx)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from emulation_portal.lib.charts import Bar, bar_chart
from emulation_portal.lib.exports import workbook_response

from . import selectors, statistics
from .exports import dossier_sheets, statistics_sheets

QUERY_LENGTH = 200


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@require_safe
@login_required
def search(request: HttpRequest) -> HttpResponse:
    _require(selectors.archive_can_search(user=request.user))
    query = request.GET.get("q", "")[:QUERY_LENGTH]
    result = selectors.archive_search(user=request.user, query=query)
    return render(request, "archive/search.html", {"result": result, "query": query})


@require_safe
@login_required
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.archive_unit_get_for_user(user=request.user, pk=pk)
    dossier = selectors.unit_dossier(user=request.user, unit=found)
    context = {"unit": found, "dossier": dossier, "years": selectors.dossier_by_year(dossier)}
    return render(request, "archive/unit.html", context)


@require_safe
@login_required
def unit_export(request: HttpRequest, pk: int) -> FileResponse:
    found = selectors.archive_unit_get_for_user(user=request.user, pk=pk)
    dossier = selectors.unit_dossier(user=request.user, unit=found)
    heading = [_("Archive of %(name)s") % {"name": found.name}, _printed_on()]
    return workbook_response(
        _("Archive %(name)s") % {"name": found.name}, dossier_sheets(dossier, heading=heading)
    )


@require_safe
@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.archive_person_get_for_user(user=request.user, pk=pk)
    dossier = selectors.person_dossier(user=request.user, person=found)
    context = {"person": found, "dossier": dossier, "years": selectors.dossier_by_year(dossier)}
    return render(request, "archive/person.html", context)


@require_safe
@login_required
def person_export(request: HttpRequest, pk: int) -> FileResponse:
    found = selectors.archive_person_get_for_user(user=request.user, pk=pk)
    dossier = selectors.person_dossier(user=request.user, person=found)
    heading = [
        _("Archive of %(name)s, %(unit)s") % {"name": str(found), "unit": found.unit.name},
        _printed_on(),
    ]
    return workbook_response(
        _("Archive %(name)s") % {"name": found.full_name}, dossier_sheets(dossier, heading=heading)
    )


def _printed_on() -> str:
    return _("Exported on %(date)s") % {"date": f"{timezone.localdate():%d/%m/%Y}"}


def _statistics_params(request: HttpRequest) -> tuple[list[int], int | None, list[int]]:
    """The years the user's blocs have, the year asked for (the newest by default) and the
    blocs asked for (all by default); anything else in the query is ignored."""
    _require(statistics.statistics_can_read(user=request.user))
    blocs = statistics.statistics_bloc_list_for_user(user=request.user)
    years = statistics.statistics_years(blocs=blocs)
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and int(asked) in years else (years[0] if years else None)
    bloc_ids = [int(b) for b in request.GET.getlist("bloc") if b.isdigit()]
    return years, year, bloc_ids


def _charts(figures: list[statistics.BlocFigures]) -> list[Any]:
    charts = [
        bar_chart([Bar(f.bloc.name, f.proposed) for f in figures], title=_("Proposals")),
        bar_chart([Bar(f.bloc.name, f.awarded) for f in figures], title=_("Awards")),
    ]
    signing = [
        Bar(f.bloc.name, float(f.signing.share_on_time * 100), f"{f.signing.on_time}/{f.units}")
        for f in figures
        if f.signing is not None and f.signing.share_on_time is not None
    ]
    if signing:
        charts.append(bar_chart(signing, title=_("Pledge signed on time (%)"), maximum=100))
    for f in figures:
        if f.score_ranges is not None:
            bars = [
                Bar(label, count)
                for (label, _low, _high), count in zip(
                    statistics.SCORE_RANGES, f.score_ranges, strict=True
                )
            ]
            title = _("Units by score range: %(bloc)s") % {"bloc": f.bloc.name}
            charts.append(bar_chart(bars, title=title))
    return charts


@require_safe
@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    years, year, bloc_ids = _statistics_params(request)
    blocs = statistics.statistics_bloc_list_for_user(user=request.user)
    figures = (
        statistics.statistics_compute(user=request.user, year=year, bloc_ids=bloc_ids)
        if year is not None
        else []
    )
    context = {
        "years": years,
        "year": year,
        "blocs": blocs,
        "chosen": bloc_ids,
        "figures": figures,
        "score_ranges": [label for label, _low, _high in statistics.SCORE_RANGES],
        "charts": _charts(figures) if figures else [],
        "query": request.GET.urlencode(),
    }
    return render(request, "archive/statistics.html", context)


@require_safe
@login_required
def statistics_export(request: HttpRequest) -> HttpResponse:
    _years, year, bloc_ids = _statistics_params(request)
    if year is None:
        raise Http404  # no bloc of the user's has a year to export
    figures = statistics.statistics_compute(user=request.user, year=year, bloc_ids=bloc_ids)
    return workbook_response(
        _("Emulation statistics %(year)s") % {"year": year},
        statistics_sheets(figures, year=year),
    )

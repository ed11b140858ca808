"""Spreadsheet exports of units, people, a year's membership and strengths, in the layout of
their import templates (``emulation_portal.lib.imports.export_sheet``): what the user may read,
filtered as the list page is, and importable again as it is."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from emulation_portal.lib.exports import workbook_response
from emulation_portal.lib.imports import export_sheet

from . import selectors
from .filters import PersonFilter, UnitFilter
from .models import UnitStrength
from .person_sheet import PEOPLE_KIND, person_rows
from .unit_sheets import (
    MEMBERSHIP_KIND,
    STRENGTH_KIND,
    UNIT_KIND,
    membership_rows,
    strength_rows,
    unit_rows,
)


@require_safe
@login_required
def unit_export(request: HttpRequest) -> FileResponse:
    """The units list as the page filters it."""
    units = selectors.unit_list_for_user(user=request.user)
    blocs = selectors.bloc_list_for_user(user=request.user)
    filterset = UnitFilter(request.GET, queryset=units, blocs=blocs)
    sheet = export_sheet(kind=UNIT_KIND, rows=unit_rows(filterset.qs))
    return workbook_response("Đơn vị.xlsx", [sheet])


@require_safe
@login_required
def person_export(request: HttpRequest) -> FileResponse:
    """The people list as the page filters it."""
    people = selectors.person_list_for_user(user=request.user)
    units = selectors.unit_list_for_user(user=request.user)
    filterset = PersonFilter(request.GET, queryset=people, units=units)
    sheet = export_sheet(kind=PEOPLE_KIND, rows=person_rows(filterset.qs))
    return workbook_response("Quân nhân.xlsx", [sheet])


@require_safe
@login_required
def bloc_export(request: HttpRequest, pk: int, year: int, export_kind: str) -> FileResponse:
    """A bloc's year as one kind's import file: its members' units, roles, strengths or people
    (strengths and people only of the units the user may read, as their pages show them)."""
    bloc = selectors.bloc_get_for_user(user=request.user, pk=pk)
    memberships = selectors.memberships_of_year(bloc=bloc, year=year)
    readable = selectors.unit_list_for_user(user=request.user).filter(
        pk__in=memberships.values("unit_id")
    )
    if export_kind == MEMBERSHIP_KIND.code:
        kind, rows = MEMBERSHIP_KIND, membership_rows(memberships)
    elif export_kind == UNIT_KIND.code:
        kind, rows = UNIT_KIND, unit_rows(readable)
    elif export_kind == STRENGTH_KIND.code:
        strengths = UnitStrength.objects.filter(unit__in=readable, year=year)
        kind, rows = STRENGTH_KIND, strength_rows(strengths)
    elif export_kind == PEOPLE_KIND.code:
        people = selectors.person_list_for_user(user=request.user).filter(unit__in=readable)
        kind, rows = PEOPLE_KIND, person_rows(people)
    else:
        raise Http404
    heading = [f"{bloc.name} – {year}"]
    sheet = export_sheet(kind=kind, rows=rows, heading=heading)
    return workbook_response(f"{kind.sheet_title} - {bloc.name} - {year}.xlsx", [sheet])

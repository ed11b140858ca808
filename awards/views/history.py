"""Award history pages: a unit's and a person's awards across years, recording awards decided
outside the portal, the registry of initiatives."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from blocs.selectors import person_get_for_user, unit_get_for_user
from emulation_portal.lib.exports import EXPORT_LANGUAGE, workbook_response
from emulation_portal.lib.views import form_page

from .. import exports, history, initiatives
from ..forms import AwardRecordForm, AwardRecordRevokeForm, InitiativeForm
from ..models import AwardRecord, AwardType, Initiative


@require_safe
@login_required
def unit_history(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """Everything the unit and its people hold, year by year, and what the rules read with it."""
    unit = unit_get_for_user(user=request.user, pk=unit_pk)
    own = history.held_by(unit=unit, with_revoked=True)
    members = history.held_by(members_of=unit, with_revoked=True)
    years = sorted({h.year for h in [*own, *members]}, reverse=True)
    context = {
        "unit": unit,
        "years": [
            (
                year,
                [h for h in own if h.year == year],
                [h for h in members if h.year == year],
            )
            for year in years
        ],
        "initiatives": Initiative.objects.filter(unit=unit).prefetch_related("authors"),
        "strengths": unit.strengths.all(),
        "may_record": history.record_can_add(user=request.user, unit=unit),
    }
    return render(request, "awards/unit_history.html", context)


@require_safe
@login_required
def person_history(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get_for_user(user=request.user, pk=person_pk)
    context = {
        "person": person,
        "held": list(reversed(history.held_by(person=person, with_revoked=True))),
        "initiatives": person.initiatives.prefetch_related("authors"),
    }
    return render(request, "awards/person_history.html", context)


@require_safe
@login_required
def unit_history_export(request: HttpRequest, unit_pk: int) -> FileResponse:
    """The unit's award history page as a workbook: its own awards and its people's."""
    unit = unit_get_for_user(user=request.user, pk=unit_pk)
    with translation.override(EXPORT_LANGUAGE):
        filename = _("Award history %(unit)s") % {"unit": unit.name}
        return workbook_response(filename, exports.unit_history_sheets(unit=unit))


@require_safe
@login_required
def person_history_export(request: HttpRequest, person_pk: int) -> FileResponse:
    person = person_get_for_user(user=request.user, pk=person_pk)
    with translation.override(EXPORT_LANGUAGE):
        filename = _("Award history %(unit)s") % {"unit": person.full_name}
        return workbook_response(filename, exports.person_history_sheets(person=person))


def _unit_for_recording(request: HttpRequest, unit_pk: int) -> Any:
    unit = unit_get_for_user(user=request.user, pk=unit_pk)
    if not history.record_can_add(user=request.user, unit=unit):
        raise PermissionDenied
    return unit


@require_http_methods(["GET", "POST"])
@login_required
def award_record_add(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = _unit_for_recording(request, unit_pk)
    form = AwardRecordForm(
        request.POST or None,
        awards=AwardType.objects.filter(active=True),
        people=unit.people.all(),
        initial={"year": timezone.localdate().year - 1},
    )

    def save(data: dict[str, Any]) -> Any:
        return history.award_record_add(user=request.user, unit=unit, **data)

    return form_page(
        request,
        form=form,
        save=save,
        success_url=lambda record: reverse("awards:unit_history", args=[unit.pk]),
        template_name="awards/history_form.html",
        context={"unit": unit, "title": _("Record an award decided outside the portal")},
        success=lambda record: _("Recorded %(record)s in the award history.") % {"record": record},
    )


@require_http_methods(["GET", "POST"])
@login_required
def award_record_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(AwardRecord.objects.select_related("unit", "award", "person"), pk=pk)
    unit = _unit_for_recording(request, record.unit_id)
    form = AwardRecordRevokeForm(request.POST or None)

    def save(data: dict[str, Any]) -> Any:
        return history.award_record_revoke(
            user=request.user, record=record, on=data["revoked_on"], reason=data["reason"]
        )

    return form_page(
        request,
        form=form,
        save=save,
        success_url=lambda record: reverse("awards:unit_history", args=[unit.pk]),
        template_name="awards/history_form.html",
        context={"unit": unit, "title": _("Revoked: %(record)s") % {"record": record}},
        success=lambda revoked: _("Recorded that %(record)s was revoked.") % {"record": record},
    )


@require_http_methods(["GET", "POST"])
@login_required
def initiative_add(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = _unit_for_recording(request, unit_pk)
    form = InitiativeForm(
        request.POST or None,
        people=unit.people.all(),
        initial={"year": timezone.localdate().year, "kind": "initiative"},
    )

    def save(data: dict[str, Any]) -> Any:
        return initiatives.initiative_add(
            user=request.user, unit=unit, **{**data, "authors": list(data["authors"])}
        )

    return form_page(
        request,
        form=form,
        save=save,
        success_url=lambda item: reverse("awards:unit_history", args=[unit.pk]),
        template_name="awards/history_form.html",
        context={"unit": unit, "title": _("Register an initiative or research result")},
        success=lambda item: _("Registered “%(title)s”.") % {"title": item.title},
    )

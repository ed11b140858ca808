"""The page of exemplary models."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from audit.access import get_scoped_or_404
from blocs.models import Person, Unit
from blocs.scope import scope_for
from blocs.selectors import bloc_get_for_user, bloc_list_for_user
from emulation_portal.lib.views import service_run

from .. import exemplary


@require_safe
@login_required
def exemplary_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    models_ = list(exemplary.exemplary_list_for_user(user=request.user))
    year = timezone.localdate().year
    manageable = [
        b for b in bloc_list_for_user(user=request.user) if scope.can_write_year(b.pk, year)
    ]
    units = Unit.objects.filter(memberships__bloc__in=manageable, memberships__year=year).distinct()
    context = {
        "models": [(m, exemplary.units_adopting_for(user=request.user, model=m)) for m in models_],
        "manageable": manageable,
        "units": units,
        "people": Person.objects.filter(unit__in=units).select_related("unit"),
        "year": year,
    }
    return render(request, "awards/exemplary_list.html", context)


@login_required
@require_POST
def exemplary_mark(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    """The secretariat marks a collective or a person as an exemplary model of the bloc."""
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    unit = get_object_or_404(Unit, pk=request.POST.get("unit") or 0)
    person = Person.objects.filter(pk=request.POST.get("person") or None).first()
    service_run(
        request,
        lambda: exemplary.exemplary_mark(
            user=request.user,
            bloc=bloc,
            year=year,
            unit=unit,
            person=person,
            practice=request.POST.get("practice", ""),
        ),
        success=_("Marked %(model)s as an exemplary model of %(bloc)s.")
        % {"model": person.full_name if person else unit.name, "bloc": bloc.name},
    )
    return redirect("awards:exemplary")


@login_required
@require_POST
def exemplary_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit records that it adopted an exemplary model's practice."""
    visible = exemplary.exemplary_list_for_user(user=request.user)
    model = get_scoped_or_404(visible, pk=pk, user=request.user)
    unit = get_object_or_404(Unit, pk=request.POST.get("unit") or 0)
    service_run(
        request,
        lambda: exemplary.exemplary_adopt(
            user=request.user, model=model, unit=unit, note=request.POST.get("note", "")
        ),
        success=_("Recorded that %(unit)s adopted the practice of %(model)s.")
        % {"unit": unit.name, "model": model.person.full_name if model.person else model.unit.name},
    )
    return redirect("awards:exemplary")

"""The page of exemplary models."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from audit.access import get_scoped_or_404
from blocs.models import Person, Unit
from blocs.scope import scope_for
from blocs.selectors import bloc_get_for_user, bloc_list_for_user

from .. import exemplary


@require_http_methods(["GET", "POST"])
@login_required
def exemplary_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if request.method == "POST":
        _exemplary_action(request)
        return redirect("awards:exemplary")
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


def _exemplary_action(request: HttpRequest) -> None:
    data = request.POST
    try:
        if data.get("action") == "mark":
            bloc = bloc_get_for_user(user=request.user, pk=int(data.get("bloc", 0)))
            unit = get_object_or_404(Unit, pk=data.get("unit"))
            person = Person.objects.filter(pk=data.get("person") or None).first()
            exemplary.exemplary_mark(
                user=request.user, bloc=bloc, year=int(data.get("year", 0)), unit=unit,
                person=person, practice=data.get("practice", ""),
            )  # fmt: skip
        elif data.get("action") == "adopt":
            model = get_scoped_or_404(exemplary.exemplary_list_for_user(user=request.user),
                                      pk=data.get("model"), user=request.user)  # fmt: skip
            unit = get_object_or_404(Unit, pk=data.get("unit"))
            exemplary.exemplary_adopt(
                user=request.user, model=model, unit=unit, note=data.get("note", "")
            )
    except (ValidationError, ValueError) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)

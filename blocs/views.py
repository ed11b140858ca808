"""Pages of blocs, units, memberships, campaigns, people and background jobs.

Each view parses input, calls a selector or a service, and renders; access rules live in
``blocs.scope`` and ``blocs.selectors``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emulation_portal.lib import imports as sheets
from emulation_portal.lib.downloads import file_attachment
from emulation_portal.lib.todos import todos_for
from emulation_portal.lib.views import SAVED, form_page
from jobs.models import Job, JobStatus
from jobs.selectors import job_result
from jobs.services import job_request
from jobs.services import job_retry as job_retry_service

from . import selectors, services
from .documents import ROSTER
from .filters import BlocFilter, CampaignFilter, PersonFilter, UnitFilter
from .forms import (
    BlocForm,
    CampaignForm,
    MembershipCreateForm,
    MembershipRoleForm,
    PersonForm,
    RosterForm,
    UnitCreateForm,
    UnitForm,
    UnitStrengthForm,
)
from .scope import scope_for


def _filtered_page(request: HttpRequest, filterset: Any) -> dict[str, Any]:
    paginator = Paginator(filterset.qs, settings.PORTAL_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"filter": filterset, "page_obj": page, "query": query.urlencode()}


# --- Dashboard --------------------------------------------------------------------------------


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    today = timezone.localdate()
    year = today.year
    blocs = selectors.bloc_list_for_user(user=request.user)
    context = {
        "role": scope.primary_role,
        "year": year,
        "blocs": blocs,
        "memberships": selectors.membership_list_for_user(user=request.user)
        .filter(year=year)
        .order_by("bloc__name", "role", "unit__name"),
        "campaigns": selectors.campaign_list_for_user(user=request.user).filter(year=year),
        "own_units": selectors.unit_list_for_user(user=request.user).filter(
            pk__in=scope.commanded_unit_ids
        ),
        "jobs": selectors.job_list_for_user(user=request.user)[:5],
        "scope": scope,
        "today": today,
        "todos": todos_for(request.user, today) if scope.primary_role else [],
        "may_add_person": scope.primary_role == "secretariat"
        and selectors.units_staffable_for_user(user=request.user).exists(),
    }
    if scope.primary_role in ("reviewer", "superior"):
        context["overview"] = selectors.bloc_overview_for_user(user=request.user, year=year)
    return render(request, "blocs/dashboard.html", context)


# --- Blocs ------------------------------------------------------------------------------------


@require_safe
@login_required
def bloc_list(request: HttpRequest) -> HttpResponse:
    blocs = selectors.bloc_list_for_user(user=request.user)
    filterset = BlocFilter(request.GET, queryset=blocs)
    filterset.filters["command"].queryset = (
        filterset.filters["command"].queryset.filter(blocs__in=blocs).distinct()
    )
    context = _filtered_page(request, filterset)
    context["can_create"] = scope_for(request.user).is_admin
    return render(request, "blocs/bloc_list.html", context)


@require_safe
@login_required
def bloc_detail(request: HttpRequest, pk: int, year: int | None = None) -> HttpResponse:
    bloc = selectors.bloc_get_for_user(user=request.user, pk=pk)
    scope = scope_for(request.user)
    years = selectors.bloc_years(bloc=bloc)
    year = year or (years[0] if years else timezone.localdate().year)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    memberships = selectors.memberships_of_year(bloc=bloc, year=year)
    import_kinds = [
        kind
        for kind in sheets.kinds()
        if kind.permitted(user=request.user, bloc_id=bloc.pk, year=year)
    ]
    context = {
        "bloc": bloc,
        "year": year,
        "years": years,
        "memberships": memberships,
        "campaigns": bloc.campaigns.filter(year=year),
        "can_write": scope.can_write_year(bloc.pk, year),
        "can_edit_bloc": scope.can_manage_bloc_now(bloc.pk),
        "can_print": selectors.roster_can_request(user=request.user, bloc=bloc),
        "roster_form": RosterForm(initial={"year": year}),
        "jobs": selectors.job_list_for_user(user=request.user).filter(bloc_id=bloc.pk)[:5],
        "import_kinds": import_kinds,
    }
    return render(request, "blocs/bloc_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def bloc_create(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).is_admin:
        raise PermissionDenied
    return form_page(
        request,
        form=BlocForm(request.POST or None),
        save=lambda data: services.bloc_save(user=request.user, data=data),
        success_url=lambda bloc: reverse("blocs:bloc_detail", args=[bloc.pk]),
        template_name="blocs/bloc_form.html",
        success=lambda bloc: _("Added %(bloc)s.") % {"bloc": bloc.name},
    )


@require_http_methods(["GET", "POST"])
@login_required
def bloc_update(request: HttpRequest, pk: int) -> HttpResponse:
    bloc = selectors.bloc_get_for_user(user=request.user, pk=pk, for_write=True)
    is_admin = scope_for(request.user).is_admin
    return form_page(
        request,
        form=BlocForm(request.POST or None, instance=bloc, can_change_command=is_admin),
        save=lambda data: services.bloc_save(user=request.user, bloc=bloc, data=data),
        success_url=lambda bloc: reverse("blocs:bloc_detail", args=[bloc.pk]),
        template_name="blocs/bloc_form.html",
        context={"bloc": bloc},
        success=lambda bloc: SAVED % {"name": bloc.name},
    )


# --- Memberships ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def membership_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    bloc = selectors.bloc_get_for_user(user=request.user, pk=pk)
    if not scope_for(request.user).can_write_year(bloc.pk, year):
        raise PermissionDenied
    form = MembershipCreateForm(request.POST or None, user=request.user, year=year)
    return form_page(
        request,
        form=form,
        save=lambda data: services.membership_save(
            user=request.user, data={**data, "bloc": bloc, "year": year}
        ),
        success_url=lambda m: reverse("blocs:bloc_year", args=[bloc.pk, year]),
        template_name="blocs/membership_form.html",
        context={"bloc": bloc, "year": year},
        success=lambda m: (
            _("%(unit)s joined %(bloc)s for %(year)s.")
            % {"unit": m.unit.name, "bloc": bloc.name, "year": year}
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def membership_update(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, pk=pk, for_write=True)
    return form_page(
        request,
        form=MembershipRoleForm(request.POST or None, instance=membership),
        save=lambda data: services.membership_save(
            user=request.user, membership=membership, data=data
        ),
        success_url=lambda m: reverse("blocs:bloc_year", args=[m.bloc_id, m.year]),
        template_name="blocs/membership_form.html",
        context={"bloc": membership.bloc, "year": membership.year, "membership": membership},
        success=lambda m: (
            _("Saved the role of %(unit)s in %(bloc)s for %(year)s.")
            % {"unit": m.unit.name, "bloc": m.bloc.name, "year": m.year}
        ),
    )


@login_required
@require_POST
def membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, pk=pk, for_write=True)
    services.membership_delete(user=request.user, membership=membership)
    messages.success(
        request,
        _("Removed %(unit)s from %(bloc)s for %(year)s.")
        % {"unit": membership.unit.name, "bloc": membership.bloc.name, "year": membership.year},
    )
    return redirect("blocs:bloc_year", membership.bloc_id, membership.year)


# --- Units ------------------------------------------------------------------------------------


@require_safe
@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = selectors.unit_list_for_user(user=request.user)
    blocs = selectors.bloc_list_for_user(user=request.user)
    filterset = UnitFilter(request.GET, queryset=units, blocs=blocs)
    context = _filtered_page(request, filterset)
    context["can_create"] = scope_for(request.user).manages_any_bloc
    return render(request, "blocs/unit_list.html", context)


@require_safe
@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get_for_user(user=request.user, pk=pk)
    visible_blocs = selectors.bloc_list_for_user(user=request.user)
    context = {
        "unit": unit,
        "memberships": unit.memberships.filter(bloc__in=visible_blocs).select_related("bloc"),
        # A brigade has hundreds of people: read by pages, as the people list is.
        "page_obj": Paginator(unit.people.all(), settings.PORTAL_PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "strengths": unit.strengths.all(),
        "can_edit": selectors.unit_can_edit(user=request.user, unit=unit),
        "can_staff": selectors.person_can_edit(user=request.user, unit=unit),
    }
    return render(request, "blocs/unit_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def unit_strength(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's strength for a year (a new figure replaces the year's old one, audited)."""
    unit = selectors.unit_get_for_user(user=request.user, pk=pk, for_write=True)
    form = UnitStrengthForm(request.POST or None, initial={"year": timezone.localdate().year})

    def save(data: dict[str, Any]) -> Any:
        return services.unit_strength_set(user=request.user, unit=unit, **data)

    return form_page(
        request,
        form=form,
        save=save,
        success_url=lambda row: reverse("blocs:unit_detail", args=[unit.pk]),
        template_name="blocs/unit_strength.html",
        context={"unit": unit, "strengths": unit.strengths.all()},
        success=lambda row: (
            _("Recorded the strength of %(unit)s for %(year)s: %(strength)s.")
            % {"unit": unit.name, "year": row.year, "strength": row.strength}
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).manages_any_bloc:
        raise PermissionDenied
    form = UnitCreateForm(
        request.POST or None, user=request.user, initial={"year": timezone.localdate().year}
    )

    def save(data: dict[str, Any]) -> Any:
        return services.unit_create(
            user=request.user,
            data=data,
            bloc=data["bloc"],
            year=data["year"],
            role=data["role"],
        )

    return form_page(
        request,
        form=form,
        save=save,
        success_url=lambda unit: reverse("blocs:unit_detail", args=[unit.pk]),
        template_name="blocs/unit_form.html",
        success=lambda unit: _("Added the unit %(unit)s.") % {"unit": unit.name},
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_update(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get_for_user(user=request.user, pk=pk, for_write=True)
    return form_page(
        request,
        form=UnitForm(request.POST or None, instance=unit),
        save=lambda data: services.unit_update(user=request.user, unit=unit, data=data),
        success_url=lambda unit: reverse("blocs:unit_detail", args=[unit.pk]),
        template_name="blocs/unit_form.html",
        context={"unit": unit},
        success=lambda unit: SAVED % {"name": unit.name},
    )


# --- Campaigns --------------------------------------------------------------------------------


@require_safe
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = selectors.campaign_list_for_user(user=request.user)
    blocs = selectors.bloc_list_for_user(user=request.user)
    filterset = CampaignFilter(request.GET, queryset=campaigns, blocs=blocs)
    context = _filtered_page(request, filterset)
    context["can_create"] = scope_for(request.user).manages_any_bloc
    return render(request, "blocs/campaign_list.html", context)


@require_safe
@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    can_edit = scope_for(request.user).can_write_year(campaign.bloc_id, campaign.year)
    return render(
        request, "blocs/campaign_detail.html", {"campaign": campaign, "can_edit": can_edit}
    )


@require_http_methods(["GET", "POST"])
@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).manages_any_bloc:
        raise PermissionDenied
    initial = {"year": timezone.localdate().year, "bloc": request.GET.get("bloc")}
    return form_page(
        request,
        form=CampaignForm(request.POST or None, user=request.user, initial=initial),
        save=lambda data: services.campaign_save(user=request.user, data=data),
        success_url=lambda campaign: reverse("blocs:campaign_detail", args=[campaign.pk]),
        template_name="blocs/campaign_form.html",
        success=lambda campaign: _("Created “%(campaign)s”.") % {"campaign": campaign.name},
    )


@require_http_methods(["GET", "POST"])
@login_required
def campaign_update(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk, for_write=True)
    return form_page(
        request,
        form=CampaignForm(request.POST or None, user=request.user, instance=campaign),
        save=lambda data: services.campaign_save(user=request.user, campaign=campaign, data=data),
        success_url=lambda campaign: reverse("blocs:campaign_detail", args=[campaign.pk]),
        template_name="blocs/campaign_form.html",
        context={"campaign": campaign},
        success=lambda campaign: SAVED % {"name": f"“{campaign.name}”"},
    )


# --- People -----------------------------------------------------------------------------------


@require_safe
@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    people = selectors.person_list_for_user(user=request.user)
    units = selectors.unit_list_for_user(user=request.user)
    filterset = PersonFilter(request.GET, queryset=people, units=units)
    context = _filtered_page(request, filterset)
    context["can_create"] = selectors.units_staffable_for_user(user=request.user).exists()
    return render(request, "blocs/person_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    if not selectors.units_staffable_for_user(user=request.user).exists():
        raise PermissionDenied
    initial = {"unit": request.GET.get("unit")}
    return form_page(
        request,
        form=PersonForm(request.POST or None, user=request.user, initial=initial),
        save=lambda data: services.person_save(user=request.user, data=data),
        success_url=lambda person: reverse("blocs:person_list"),
        template_name="blocs/person_form.html",
        success=lambda person: (
            _("Added %(person)s to %(unit)s.")
            % {"person": person.full_name, "unit": person.unit.name}
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_update(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk, for_write=True)
    return form_page(
        request,
        form=PersonForm(request.POST or None, user=request.user, instance=person),
        save=lambda data: services.person_save(user=request.user, person=person, data=data),
        success_url=lambda person: reverse("blocs:unit_detail", args=[person.unit_id]),
        template_name="blocs/person_form.html",
        context={"person": person},
        success=lambda person: SAVED % {"name": person.full_name},
    )


# --- Background jobs --------------------------------------------------------------------------


@login_required
@require_POST
def roster_request(request: HttpRequest, pk: int) -> HttpResponse:
    bloc = selectors.bloc_get_for_user(user=request.user, pk=pk)
    if not selectors.roster_can_request(user=request.user, bloc=bloc):
        raise PermissionDenied
    form = RosterForm(request.POST)
    if not form.is_valid():
        return redirect("blocs:bloc_detail", bloc.pk)
    job = job_request(
        user=request.user,
        kind=ROSTER,
        bloc_id=bloc.pk,
        year=form.cleaned_data["year"],
        language=get_language(),
    )
    return redirect("blocs:job_detail", job.pk)


@require_safe
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.job_list_for_user(user=request.user)
    page = Paginator(jobs, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "blocs/job_list.html", {"page_obj": page, "query": ""})


def job_progress_text(job: Job) -> str:
    """The count of a batch and the time left ("120 of 1000 · about 2 minutes left")."""
    if not job.items_total:
        return ""
    text = _("%(done)s of %(total)s") % {"done": job.items_done, "total": job.items_total}
    remaining = job.remaining_estimate(timezone.now())
    if remaining is not None:
        minutes = round(remaining.total_seconds() / 60)
        left = (
            _("less than a minute left")
            if minutes < 1
            else ngettext("about %(n)s minute left", "about %(n)s minutes left", minutes)
            % {"n": minutes}
        )
        text = f"{text} · {left}"
    return text


@require_safe
@login_required
def job_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    job = selectors.job_get_for_user(user=request.user, pk=pk)
    return render(
        request, "blocs/job_detail.html", {"job": job, "progress_text": job_progress_text(job)}
    )


@require_safe
@login_required
def job_status(request: HttpRequest, pk: UUID) -> JsonResponse:
    job = selectors.job_get_for_user(user=request.user, pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "note": job.progress_note,
            "count": job_progress_text(job),
            "error": job.error,
            "download_url": reverse("blocs:job_download", args=[job.pk])
            if job.status == JobStatus.DONE
            else None,
        }
    )


@require_safe
@login_required
def job_download(request: HttpRequest, pk: UUID) -> FileResponse:
    job = job_result(selectors.job_get_for_user(user=request.user, pk=pk))
    return file_attachment(job.file, filename=job.filename)


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: UUID) -> HttpResponse:
    job = selectors.job_get_for_user(user=request.user, pk=pk)
    job_retry_service(user=request.user, job=job)
    messages.success(request, _("Trying “%(job)s” again.") % {"job": job.kind_label})
    return redirect("blocs:job_detail", job.pk)

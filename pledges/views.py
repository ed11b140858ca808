"""Pages of the pledge: drafting, proposals, opening, signing, verification."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from blocs.models import Unit
from blocs.scope import scope_for
from blocs.selectors import campaign_get_for_user
from emulation_portal.lib.downloads import file_attachment
from emulation_portal.lib.exports import EXPORT_LANGUAGE, workbook_response
from emulation_portal.lib.forms import add_service_errors
from emulation_portal.lib.numbers import number
from emulation_portal.lib.views import SAVED, form_page, service_run
from jobs.selectors import job_result

from . import exports, progress, selectors, services
from .forms import (
    DelegationForm,
    NewVersionForm,
    PledgeCreateForm,
    PledgeForm,
    ProgressForm,
    RegistrationForm,
    ReviewForm,
    SectionForm,
    SignForm,
    TargetForm,
)
from .models import (
    Evidence,
    Pledge,
    PledgeSection,
    PledgeStatus,
    ReviewKind,
    SigningDelegation,
    TitleRegistration,
)


def _frozen(request: HttpRequest, pledge: Pledge) -> HttpResponse | None:
    """Back to the pledge with a word, instead of a form the service would refuse: its text
    changes only while it is a draft."""
    if pledge.is_editable:
        return None
    messages.info(
        request,
        _("“%(title)s” is frozen for signature: start a new version to change its text.")
        % {"title": pledge.title},
    )
    return redirect(_detail(pledge))


def _not_signed(request: HttpRequest, pledge: Pledge) -> HttpResponse | None:
    """Progress and reviews are reported on a pledge every unit has signed."""
    if pledge.status == PledgeStatus.SIGNED:
        return None
    messages.info(
        request,
        _("Progress and reviews are reported once every unit has signed “%(title)s”.")
        % {"title": pledge.title},
    )
    return redirect(_detail(pledge))


def _detail(pledge: Pledge) -> str:
    return reverse("pledges:detail", args=[pledge.pk])


# A pledge's page and its progress board show this many member units at a time (their targets,
# signatures, registrations): a bloc of 200 units made pages of half a megabyte.
UNITS_PER_PAGE = 20


def _unit_page(request: HttpRequest, units: list[Unit], own: set[int]) -> Page:
    """The page of units to show: the user's own units first, then by name; ``?unit=`` (the
    unit picker) opens the page holding that unit, ``?page=`` a page by number."""
    ordered = sorted(units, key=lambda unit: (unit.pk not in own, unit.name))
    paginator = Paginator(ordered, UNITS_PER_PAGE)
    picked = request.GET.get("unit", "")
    position = next((i for i, unit in enumerate(ordered) if str(unit.pk) == picked), None)
    if position is not None:
        return paginator.page(position // UNITS_PER_PAGE + 1)
    return paginator.get_page(request.GET.get("page"))


@require_safe
@login_required
def pledge_list(request: HttpRequest) -> HttpResponse:
    pledges = selectors.pledge_list_for_user(user=request.user).order_by("-campaign__year")
    return render(request, "pledges/pledge_list.html", {"pledges": pledges})


@require_http_methods(["GET", "POST"])
@login_required
def pledge_create(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(user=request.user, pk=campaign_pk, for_write=True)
    if hasattr(campaign, "pledge"):
        return redirect(_detail(campaign.pledge))
    earlier = selectors.pledge_list_for_user(user=request.user).filter(
        campaign__bloc=campaign.bloc, campaign__year__lt=campaign.year
    )
    form = PledgeCreateForm(
        request.POST or None,
        earlier=earlier,
        initial={"title": _("Emulation pledge of %(year)s") % {"year": campaign.year}},
    )
    return form_page(
        request,
        form=form,
        save=lambda data: services.pledge_create(
            user=request.user, campaign=campaign, data=data, copy_from=data.get("copy_from")
        ),
        success_url=_detail,
        template_name="pledges/pledge_form.html",
        context={"campaign": campaign},
        success=lambda pledge: _("Drafted “%(title)s”.") % {"title": pledge.title},
    )


@require_safe
@login_required
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk)
    manager = selectors.pledge_can_manage(user=request.user, pledge=pledge)
    commanded = scope_for(request.user).commanded_unit_ids
    version = selectors.pledge_current_version(pledge=pledge)
    members = list(selectors.pledge_member_units(pledge=pledge))
    own = commanded | selectors.units_delegated_to(user=request.user)
    page = _unit_page(request, members, own)
    shown = {unit.pk: index for index, unit in enumerate(page)}
    targets = selectors.pledge_targets(pledge=pledge).filter(unit_id__in=shown)
    context = {
        "pledge": pledge,
        "campaign": pledge.campaign,
        "manager": manager,
        "commanded": commanded,
        "sections": pledge.sections.all(),
        "targets": sorted(targets, key=lambda target: shown[target.unit_id]),
        "board": selectors.signing_board(pledge=pledge, version=version, units=list(page)),
        "signed_count": len(version.signatures.all()) if version else 0,
        "member_count": len(members),
        "units": sorted(members, key=lambda unit: (unit.pk not in own, unit.name)),
        "page_obj": page,
        "version": version,
        "events": pledge.events.select_related("actor"),
        "can_sign": bool(selectors.units_user_signs_for(user=request.user, pledge=pledge)),
        "new_version_form": NewVersionForm(),
        "document": selectors.pledge_document_job(pledge=pledge, version=version),
    }
    return render(request, "pledges/pledge_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def pledge_update(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk, for_write=True)
    if refused := _frozen(request, pledge):
        return refused
    return form_page(
        request,
        form=PledgeForm(request.POST or None, instance=pledge),
        save=lambda data: services.pledge_update(user=request.user, pledge=pledge, data=data),
        success_url=_detail,
        template_name="pledges/pledge_form.html",
        context={"campaign": pledge.campaign, "pledge": pledge},
        success=lambda pledge: SAVED % {"name": f"“{pledge.title}”"},
    )


@require_http_methods(["GET", "POST"])
@login_required
def section_edit(request: HttpRequest, pk: int, section_pk: int | None = None) -> HttpResponse:
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk, for_write=True)
    section = get_object_or_404(PledgeSection, pk=section_pk, pledge=pledge) if section_pk else None
    if refused := _frozen(request, pledge):
        return refused
    return form_page(
        request,
        form=SectionForm(request.POST or None, instance=section),
        save=lambda data: services.section_save(
            user=request.user, pledge=pledge, data=data, section=section
        ),
        success_url=lambda s: _detail(pledge),
        template_name="pledges/section_form.html",
        context={"pledge": pledge},
        success=lambda section: (
            _("Saved the section “%(section)s” of the pledge.") % {"section": section.title}
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def target_edit(request: HttpRequest, pk: int, target_pk: int | None = None) -> HttpResponse:
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk)
    target = selectors.target_get_for_user(user=request.user, pk=target_pk) if target_pk else None
    if target is not None and target.pledge_id != pledge.pk:
        raise Http404
    manager = selectors.pledge_can_manage(user=request.user, pledge=pledge)
    units = selectors.pledge_member_units(pledge=pledge)
    if not manager:
        units = units.filter(pk__in=scope_for(request.user).commanded_unit_ids)
    if not units.exists() or (
        target and not services.target_can_edit(user=request.user, target=target)
    ):
        raise PermissionDenied
    if refused := _frozen(request, pledge):
        return refused
    initial = {"unit": request.GET.get("unit")}
    return form_page(
        request,
        form=TargetForm(request.POST or None, instance=target, units=units, initial=initial),
        save=lambda data: services.target_save(
            user=request.user, pledge=pledge, data=data, target=target
        ),
        success_url=lambda t: _detail(pledge) + f"#unit-{t.unit_id}",
        template_name="pledges/target_form.html",
        context={"pledge": pledge, "target": target},
        success=lambda t: (
            _("Saved the target “%(goal)s” of %(unit)s.") % {"goal": t.goal, "unit": t.unit.name}
        ),
    )


@login_required
@require_POST
def target_review(request: HttpRequest, target_pk: int) -> HttpResponse:
    target = selectors.target_get_for_user(user=request.user, pk=target_pk)
    accept = request.POST.get("decision") == "accept"
    comment = "" if accept else request.POST.get("comment", "")
    done = (
        _("Accepted the target “%(goal)s” of %(unit)s.")
        if accept
        else _("Returned the target “%(goal)s” to %(unit)s.")
    )
    service_run(
        request,
        lambda: services.target_review(
            user=request.user, target=target, accept=accept, comment=comment
        ),
        success=done % {"goal": target.goal, "unit": target.unit.name},
    )
    return redirect(_detail(target.pledge) + f"#unit-{target.unit_id}")


@login_required
@require_POST
def target_delete(request: HttpRequest, target_pk: int) -> HttpResponse:
    target = selectors.target_get_for_user(user=request.user, pk=target_pk)
    service_run(
        request,
        lambda: services.target_delete(user=request.user, target=target),
        success=_("Deleted the target “%(goal)s” of %(unit)s.")
        % {"goal": target.goal, "unit": target.unit.name},
    )
    return redirect(_detail(target.pledge))


@require_http_methods(["GET", "POST"])
@login_required
def registration_edit(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk)
    unit = get_object_or_404(selectors.pledge_member_units(pledge=pledge), pk=unit_pk)
    manager = selectors.pledge_can_manage(user=request.user, pledge=pledge)
    if not manager and unit.pk not in scope_for(request.user).commanded_unit_ids:
        raise PermissionDenied
    instance = TitleRegistration.objects.filter(pledge=pledge, unit=unit).first()
    return form_page(
        request,
        form=RegistrationForm(request.POST or None, instance=instance),
        save=lambda data: services.registration_save(
            user=request.user, pledge=pledge, unit=unit, data=data
        ),
        success_url=lambda r: _detail(pledge) + "#registrations",
        template_name="pledges/registration_form.html",
        context={"pledge": pledge, "unit": unit},
        success=lambda r: _("Saved the titles %(unit)s registers for.") % {"unit": unit.name},
    )


@login_required
@require_POST
def pledge_open(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk, for_write=True)
    service_run(
        request,
        lambda: services.pledge_open_for_signature(user=request.user, pledge=pledge),
        success=_("“%(title)s” is open for signature; the units' commanders were told.")
        % {"title": pledge.title},
    )
    return redirect(_detail(pledge))


@login_required
@require_POST
def pledge_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk, for_write=True)
    reason = request.POST.get("reason", "")
    service_run(
        request,
        lambda: services.pledge_new_version(user=request.user, pledge=pledge, reason=reason),
        success=_("“%(title)s” is a draft again; the signatures of the old version are void.")
        % {"title": pledge.title},
    )
    return redirect(_detail(pledge))


@require_http_methods(["GET", "POST"])
@login_required
def pledge_sign(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk)
    units = selectors.units_user_signs_for(user=request.user, pledge=pledge)
    if not units:
        raise PermissionDenied
    if pledge.status != PledgeStatus.OPEN:
        messages.info(
            request, _("“%(title)s” is not open for signature.") % {"title": pledge.title}
        )
        return redirect(_detail(pledge))
    version = selectors.pledge_current_version(pledge=pledge)
    signed = set(version.signatures.values_list("unit_id", flat=True)) if version else set()
    units = [unit for unit in units if unit.pk not in signed]
    if not units:
        messages.info(
            request,
            _("“%(title)s” is signed for every unit you sign for.") % {"title": pledge.title},
        )
        return redirect(_detail(pledge) + "#board")
    needs_code = services.signing_requires_otp(user=request.user)
    form = SignForm(
        request.POST or None,
        units=Unit.objects.filter(pk__in=[u.pk for u in units]),
        needs_code=needs_code,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_sign(
                user=request.user,
                pledge=pledge,
                unit=form.cleaned_data["unit"],
                password=form.cleaned_data["password"],
                otp_code=form.cleaned_data.get("otp_code", ""),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Signed “%(title)s” for %(unit)s. The signature is on the signing board.")
                % {"title": pledge.title, "unit": form.cleaned_data["unit"].name},
            )
            return redirect(_detail(pledge) + "#board")
    context = {"pledge": pledge, "form": form, "version": version}
    return render(request, "pledges/sign_form.html", context, status=400 if form.errors else 200)


@require_safe
@login_required
def pledge_verify(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk)
    result = services.pledge_verify(pledge=pledge)
    return render(
        request, "pledges/verify.html", {"pledge": pledge, "result": result, "public": False}
    )


@require_safe
def pledge_verify_public(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """No login: the QR code on the printed pledge leads here. Shows no personal data."""
    pledge = get_object_or_404(Pledge.objects.select_related("campaign__bloc"), public_id=public_id)
    result = services.pledge_verify(pledge=pledge)
    return render(
        request, "pledges/verify.html", {"pledge": pledge, "result": result, "public": True}
    )


@require_safe
@login_required
def pledge_document(request: HttpRequest, pk: int) -> FileResponse:
    """The signed pledge's PDF, for everyone who may read the pledge."""
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk)
    version = selectors.pledge_current_version(pledge=pledge)
    job = job_result(selectors.pledge_document_job(pledge=pledge, version=version))
    return file_attachment(job.file, filename=job.filename)


@login_required
@require_POST
def pledge_document_render(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk, for_write=True)
    service_run(
        request,
        lambda: services.pledge_document_request(user=request.user, pledge=pledge),
        success=_("Printing the signed “%(title)s”.") % {"title": pledge.title},
    )
    return redirect(_detail(pledge) + "#document")


# --- Progress through the year ----------------------------------------------------------------


@require_safe
@login_required
def progress_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    commanded = scope_for(request.user).commanded_unit_ids
    units = progress.progress_units(user=request.user, pledge=pledge)
    page = _unit_page(request, units, commanded)
    shown = {unit.pk: index for index, unit in enumerate(page)}
    standings = progress.progress_board(
        user=request.user, pledge=pledge, today=today, unit_ids=set(shown)
    )
    reviews = {(r.unit_id, r.kind): r for r in pledge.reviews.filter(unit__in=shown)}
    review_rows = [
        (
            unit,
            reviews.get((unit.pk, ReviewKind.MID_YEAR)),
            reviews.get((unit.pk, ReviewKind.YEAR_END)),
        )
        for unit in page
    ]
    context = {
        "pledge": pledge,
        "standings": sorted(standings, key=lambda standing: shown[standing.target.unit_id]),
        "review_rows": review_rows,
        "commanded": commanded,
        "units": sorted(units, key=lambda unit: (unit.pk not in commanded, unit.name)),
        "page_obj": page,
        "today": today,
    }
    return render(request, "pledges/progress_dashboard.html", context)


@require_safe
@login_required
def progress_export(request: HttpRequest, pk: int) -> FileResponse:
    """The progress page's targets and results as a workbook, for whoever reads the page."""
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    with translation.override(EXPORT_LANGUAGE):
        sheets = exports.progress_sheets(user=request.user, pledge=pledge, today=today)
        filename = _("Targets and results %(pledge)s") % {"pledge": pledge.title}
        return workbook_response(filename, sheets)


@require_http_methods(["GET", "POST"])
@login_required
def target_progress(request: HttpRequest, target_pk: int) -> HttpResponse:
    target = selectors.target_get_for_user(user=request.user, pk=target_pk)
    if not progress.report_can_view(user=request.user, target=target):
        raise PermissionDenied
    commands = target.unit_id in scope_for(request.user).commanded_unit_ids
    may_report = commands and target.pledge.status == PledgeStatus.SIGNED
    form = ProgressForm(request.POST or None, request.FILES or None) if may_report else None
    if request.method == "POST":
        if not commands:
            raise PermissionDenied
        if refused := _not_signed(request, target.pledge):
            return refused
        if form.is_valid():
            try:
                progress.target_report_progress(
                    user=request.user,
                    target=target,
                    achieved_value=form.cleaned_data["achieved_value"],
                    narrative=form.cleaned_data["narrative"],
                    files=form.cleaned_data["files"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Recorded %(value)s %(measure)s for the target “%(goal)s” of %(unit)s.")
                    % {
                        "value": number(form.cleaned_data["achieved_value"]),
                        "measure": target.measure_unit,
                        "goal": target.goal,
                        "unit": target.unit.name,
                    },
                )
                return redirect("pledges:target_progress", target.pk)
    reports = target.reports.select_related("reported_by").prefetch_related("evidence")
    light = progress.target_light(
        target=target,
        value=reports[0].achieved_value if reports else None,
        today=timezone.localdate(),
    )
    context = {
        "target": target,
        "form": form,
        "reports": reports,
        "light": progress.LIGHT_LABELS[light],
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "pledges/target_progress.html", context, status=status)


@require_safe
@login_required
def evidence_download(request: HttpRequest, evidence_pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("report__target"), pk=evidence_pk)
    target = selectors.target_get_for_user(user=request.user, pk=evidence.report.target_id)
    if not progress.report_can_view(user=request.user, target=target):
        raise Http404
    return file_attachment(
        evidence.file, filename=evidence.name, content_type=evidence.content_type
    )


@require_http_methods(["GET", "POST"])
@login_required
def review_submit(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    pledge = selectors.pledge_get_for_user(user=request.user, pk=pk)
    if kind not in ReviewKind.values:
        raise Http404
    units = selectors.pledge_member_units(pledge=pledge).filter(
        pk__in=scope_for(request.user).commanded_unit_ids
    )
    if not units.exists():
        raise PermissionDenied
    if refused := _not_signed(request, pledge):
        return refused
    units = units.exclude(pk__in=pledge.reviews.filter(kind=kind).values("unit_id"))
    if not units.exists():
        messages.info(
            request,
            _("The %(review)s is handed in for every unit you command.")
            % {"review": ReviewKind(kind).label.lower()},
        )
        return redirect("pledges:progress", pledge.pk)
    form = ReviewForm(request.POST or None, units=units)
    return form_page(
        request,
        form=form,
        save=lambda data: progress.review_submit(
            user=request.user, pledge=pledge, unit=data["unit"], kind=kind, summary=data["summary"]
        ),
        success_url=lambda review: reverse("pledges:progress", args=[pledge.pk]),
        template_name="pledges/review_form.html",
        context={"pledge": pledge, "kind": ReviewKind(kind).label},
        success=lambda review: (
            _("Handed in the %(review)s of %(unit)s.")
            % {"review": ReviewKind(kind).label.lower(), "unit": review.unit.name}
        ),
    )


# --- Delegation -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def delegation_list(request: HttpRequest) -> HttpResponse:
    commanded = scope_for(request.user).commanded_unit_ids
    if not commanded:
        raise PermissionDenied
    units = Unit.objects.filter(pk__in=commanded)
    people = get_user_model().objects.filter(person__unit__in=units).exclude(pk=request.user.pk)
    form = DelegationForm(request.POST or None, units=units, people=people.select_related("person"))
    delegations = SigningDelegation.objects.filter(unit__in=units).select_related(
        "unit", "delegate__person", "granted_by", "revoked_by"
    )
    return form_page(
        request,
        form=form,
        save=lambda data: services.delegation_grant(
            user=request.user, unit=data["unit"], delegate=data["delegate"]
        ),
        success_url=lambda d: reverse("pledges:delegations"),
        template_name="pledges/delegation_list.html",
        context={"delegations": delegations},
        success=lambda d: (
            _("%(person)s may now sign for %(unit)s.")
            % {"person": _delegate_name(d.delegate), "unit": d.unit.name}
        ),
    )


@login_required
@require_POST
def delegation_revoke(request: HttpRequest, delegation_pk: int) -> HttpResponse:
    commanded = scope_for(request.user).commanded_unit_ids
    delegation = get_object_or_404(SigningDelegation, pk=delegation_pk, unit__in=commanded)
    services.delegation_revoke(user=request.user, delegation=delegation)
    messages.success(
        request,
        _("%(person)s no longer signs for %(unit)s.")
        % {"person": _delegate_name(delegation.delegate), "unit": delegation.unit.name},
    )
    return redirect("pledges:delegations")


def _delegate_name(user: Any) -> str:
    person = getattr(user, "person", None)
    return person.full_name if person else (user.get_full_name() or user.get_username())

"""Pages of certificates: decisions to print, templates, printers, and the public check."""

from __future__ import annotations

import contextlib
import logging

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import get_usage, is_ratelimited

from awards.models import AwardDecision, AwardType, ProposalStatus
from blocs.models import Bloc
from emulation_portal.lib.downloads import attachment
from emulation_portal.lib.exports import EXPORT_LANGUAGE, workbook_response
from emulation_portal.lib.forms import add_service_errors
from emulation_portal.lib.search import search_filter
from emulation_portal.lib.views import form_page

from . import exports, selectors, services
from .documents import calibration_pdf, certificates_pdf
from .forms import BatchForm, PrinterProfileForm, TemplateForm
from .models import Certificate

PDF = "application/pdf"
MISSES = "certificate-verify-miss"
# What the decision list's search box reads.
SEARCH_FIELDS = ("number", "authority", "signer_name")
RECIPIENTS_PER_PAGE = 50  # a decision's page lists its recipients by pages; all are printed
# The rate limit counts in the cache (Redis in production); these mean it cannot count.
CACHE_DOWN = services.CACHE_DOWN
REFUSAL_PAGES = {
    429: "certificates/verify_limited.html",
    503: "certificates/verify_unavailable.html",
}

logger = logging.getLogger(__name__)


@require_safe
@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")
    decisions = search_filter(
        selectors.decision_list_for_user(user=request.user), fields=SEARCH_FIELDS, query=search
    )
    page = Paginator(decisions, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "search": search,
        "query": urlencode({"q": search}) if search else "",
        "may_edit_templates": services.template_can_edit(user=request.user),
        "may_manage_printers": services.printer_can_manage(user=request.user),
    }
    return render(request, "certificates/decision_list.html", context)


def _print_sections(
    request: HttpRequest,
    decision: AwardDecision,
    blocs: list[Bloc],
    forms: dict[int, BatchForm] | None = None,
) -> list[dict[str, object]]:
    """A printing form for each bloc the user prints for, with what to fix first. Every bloc's
    years, printers and pre-print check are read together: the queries do not grow with the
    blocs."""
    years = services.awards_years(decision=decision, blocs=blocs)
    printing = [
        bloc
        for bloc in blocs
        if services.certificate_can_print(user=request.user, bloc=bloc, year=years[bloc.pk])
    ]
    if not printing:
        return []
    printers = selectors.printers_by_bloc(blocs=printing)
    problems = services.print_checks(decision=decision, blocs=printing)
    # A blank form is the same for every bloc with the same printers: rendered once, not once
    # a bloc (a reviewer's decision may span twenty blocs).
    blank: dict[tuple, str] = {}
    sections = []
    for bloc in printing:
        form = (forms or {}).get(bloc.pk)
        if form is None:
            key = tuple((printer.pk, printer.name) for printer in printers[bloc.pk])
            if key not in blank:
                blank[key] = as_crispy_form(BatchForm(printers=printers[bloc.pk]))
            html = blank[key]
        else:
            html = as_crispy_form(form)
        sections.append({"bloc": bloc, "form": html, "problems": problems[bloc.pk]})
    return sections


def _decision_page(
    request: HttpRequest, decision: AwardDecision, *, forms: dict | None = None, status: int = 200
) -> HttpResponse:
    blocs = selectors.decision_blocs_for_user(user=request.user, decision=decision)
    recipients = selectors.decision_recipients(decision=decision, blocs=blocs)
    sections = _print_sections(request, decision, blocs, forms)
    context = {
        "decision": decision,
        "page_obj": Paginator(recipients, RECIPIENTS_PER_PAGE).get_page(request.GET.get("page")),
        "several_blocs": len(blocs) > 1,
        "sections": sections,
        "print_bloc_ids": {section["bloc"].pk for section in sections},
        "jobs": selectors.decision_jobs_for_user(user=request.user, decision=decision),
        "revoked": ProposalStatus.REVOKED,
    }
    return render(request, "certificates/decision_detail.html", context, status=status)


@require_safe
@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    return _decision_page(request, decision)


@require_safe
@login_required
def decision_export(request: HttpRequest, pk: int) -> FileResponse:
    """The decision's recipients with their serial numbers, for whoever reads its page."""
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    with translation.override(EXPORT_LANGUAGE):
        filename = _("Recipients of decision %(number)s") % {"number": decision.number}
        sheets = exports.decision_sheets(user=request.user, decision=decision)
        return workbook_response(filename, sheets)


@login_required
@require_POST
def batch_request(request: HttpRequest, pk: int, bloc_pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    blocs = {
        b.pk: b for b in selectors.decision_blocs_for_user(user=request.user, decision=decision)
    }
    bloc = blocs.get(bloc_pk)
    if bloc is None:
        raise PermissionDenied
    if not services.certificate_can_print(
        user=request.user, bloc=bloc, year=services.awards_year(decision=decision, bloc=bloc)
    ):
        raise PermissionDenied
    form = BatchForm(request.POST, printers=list(bloc.printer_profiles.order_by("name")))
    if form.is_valid():
        try:
            job = services.batch_request(
                user=request.user,
                decision=decision,
                bloc=bloc,
                output=form.cleaned_data["output"],
                mode=form.cleaned_data["mode"],
                profile=form.cleaned_data["printer"],
                language=get_language(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("blocs:job_detail", job.pk)
    return _decision_page(request, decision, forms={bloc.pk: form}, status=400)


@require_safe
@login_required
def certificate_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Reprint one certificate: the same serial and text as first issued."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("proposal__bloc", "proposal__decision"), pk=pk
    )
    proposal = certificate.proposal
    selectors.decision_get_for_user(user=request.user, pk=proposal.decision_id)  # 404 outside
    if not services.certificate_can_print(
        user=request.user, bloc=proposal.bloc, year=proposal.year
    ):
        raise PermissionDenied
    if not services.certificate_printable(certificate):
        return render(
            request, "certificates/not_printable.html", {"certificate": certificate}, status=409
        )
    pdf = certificates_pdf([certificate])
    return attachment(pdf, filename=f"{certificate.serial}.pdf", content_type=PDF)


# --- Public check ----------------------------------------------------------------------------


@require_safe
@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone holding a certificate may check it: genuine, and whether it was revoked.

    It shows the recipient, unit, award and decision, and nothing else. Lookups are limited per
    address, and codes that match nothing are limited much harder, so codes cannot be guessed.
    """
    if (refusal := _verify_refusal(request)) is not None:
        return render(request, REFUSAL_PAGES[refusal], status=refusal)
    certificate = (
        Certificate.objects.select_related(
            "proposal__award", "proposal__unit", "proposal__person", "proposal__decision"
        )
        .filter(code=code)
        .first()
    )
    if certificate is None:
        _count_miss(request)
        return render(request, "certificates/verify_not_found.html", status=404)
    proposal = certificate.proposal
    context = {
        "certificate": certificate,
        "recipient": certificate.lines.get("recipient", ""),
        "unit": proposal.unit.name,
        "award": proposal.award.name,
        "decision": proposal.decision,
        "revoked": proposal.status == ProposalStatus.REVOKED,
    }
    return render(request, "certificates/verify.html", context)


def _verify_refusal(request: HttpRequest) -> int | None:
    """429 over the address's limits; 503 if the cache cannot count and the limit fails closed.

    Failing open is the default (``PORTAL_VERIFY_RATELIMIT_FAIL_OPEN``): codes carry 120
    random bits, so the limit is a second line against guessing, not the first.
    """
    try:
        if is_ratelimited(
            request, group="verify", key="ip", rate=settings.PORTAL_VERIFY_RATE, increment=True
        ):
            return 429
        misses = get_usage(request, group=MISSES, key="ip", rate=settings.PORTAL_VERIFY_MISS_RATE)
    except CACHE_DOWN as error:
        logger.warning("certificate check: the rate-limit cache is down (%s)", error)
        return None if settings.PORTAL_VERIFY_RATELIMIT_FAIL_OPEN else 503
    return 429 if misses is not None and misses["count"] >= misses["limit"] else None


def _count_miss(request: HttpRequest) -> None:
    with contextlib.suppress(*CACHE_DOWN):  # failing open, and logged by _verify_refusal
        get_usage(
            request, group=MISSES, key="ip", rate=settings.PORTAL_VERIFY_MISS_RATE, increment=True
        )


# --- Templates (administrators) --------------------------------------------------------------


@require_safe
@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    if not services.template_can_edit(user=request.user):
        raise PermissionDenied
    awards = AwardType.objects.filter(active=True).select_related("certificate_template")
    return render(request, "certificates/template_list.html", {"awards": awards})


@require_http_methods(["GET", "POST"])
@login_required
def template_edit(request: HttpRequest, award_pk: int) -> HttpResponse:
    if not services.template_can_edit(user=request.user):
        raise PermissionDenied
    award = get_object_or_404(AwardType, pk=award_pk)
    form = TemplateForm(request.POST or None, texts=services.template_texts(award))
    return form_page(
        request,
        form=form,
        save=lambda data: services.template_save(user=request.user, award=award, texts=data),
        success_url=lambda template: reverse("certificates:templates"),
        template_name="certificates/template_form.html",
        context={"award": award, "placeholders": services.layout.PLACEHOLDERS.items()},
        success=lambda template: (
            _("Saved the certificate template of “%(award)s”.") % {"award": award.name}
        ),
    )


# --- Printers --------------------------------------------------------------------------------


@require_safe
@login_required
def printer_list(request: HttpRequest) -> HttpResponse:
    printers = selectors.printer_list_for_user(user=request.user)
    blocs = [
        bloc
        for bloc in Bloc.objects.order_by("name")
        if services.printer_can_manage(user=request.user, bloc=bloc)
    ]
    if not blocs:
        raise PermissionDenied
    return render(request, "certificates/printer_list.html", {"printers": printers, "blocs": blocs})


@require_http_methods(["GET", "POST"])
@login_required
def printer_edit(
    request: HttpRequest, pk: int | None = None, bloc_pk: int | None = None
) -> HttpResponse:
    profile = selectors.printer_get_for_user(user=request.user, pk=pk) if pk else None
    bloc = profile.bloc if profile else get_object_or_404(Bloc, pk=bloc_pk)
    if not services.printer_can_manage(user=request.user, bloc=bloc):
        raise PermissionDenied
    form = PrinterProfileForm(request.POST or None, instance=profile)
    return form_page(
        request,
        form=form,
        save=lambda data: services.profile_save(
            user=request.user, bloc=bloc, data=data, profile=profile
        ),
        success_url=lambda saved: reverse("certificates:printers"),
        template_name="certificates/printer_form.html",
        context={"bloc": bloc, "profile": profile},
        success=lambda saved: _("Saved the printer “%(printer)s”.") % {"printer": saved.name},
    )


@require_safe
@login_required
def printer_calibration(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.printer_get_for_user(user=request.user, pk=pk)
    pdf = calibration_pdf(
        printer=profile.name, offset_x=profile.offset_x_mm, offset_y=profile.offset_y_mm
    )
    name = _("Calibration %(printer)s.pdf") % {"printer": profile.name}
    return attachment(pdf, filename=name, content_type=PDF)

"""Pages of award proposals: nominating, public notice, review, decisions."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from blocs.models import Person
from blocs.scope import scope_for
from blocs.selectors import bloc_get_for_user, bloc_list_for_user
from emulation_portal.lib.downloads import file_attachment
from emulation_portal.lib.exports import EXPORT_LANGUAGE, workbook_response
from emulation_portal.lib.views import form_page, service_run
from jobs.services import job_request

from .. import documents, exports, notices, proposals
from ..forms import (
    DecisionCorrectionForm,
    DecisionForm,
    ProposalForm,
)
from ..models import (
    AwardDecision,
    AwardRule,
    AwardType,
    FeedbackKind,
    Proposal,
    ProposalDocument,
    ProposalStatus,
)
from ..selectors import (
    noticed_proposal_get_for_user,
    notices_for_user,
    proposal_get_for_user,
    proposal_list_filtered,
)


@require_safe
@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    status, search = request.GET.get("status", ""), request.GET.get("q", "")
    queryset = proposal_list_filtered(user=request.user, status=status, search=search)
    page = Paginator(queryset, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
    scope = scope_for(request.user)
    nominate = (
        [
            (bloc, year)
            for bloc in bloc_list_for_user(user=request.user)
            for year in {timezone.localdate().year}
            if proposals.units_user_nominates_for(user=request.user, bloc=bloc, year=year).exists()
        ]
        if scope.commanded_unit_ids or scope.writable_years
        else []
    )
    year = timezone.localdate().year
    notice_pages = [(bloc, year) for bloc in bloc_list_for_user(user=request.user)]
    context = {
        "page_obj": page,
        "statuses": ProposalStatus.choices,
        "status": status,
        "search": search,
        "nominate": nominate,
        "notice_pages": notice_pages,
        "may_record_decision": proposals.decision_can_record(user=request.user),
        "query": urlencode(
            {key: value for key, value in [("status", status), ("q", search)] if value}
        ),
    }
    return render(request, "awards/proposal_list.html", context)


@require_safe
@login_required
def proposal_export(request: HttpRequest) -> FileResponse:
    """The proposals the list shows (its status and search filters applied) as the official
    list of nominees (danh sách đề nghị khen thưởng), every page of it."""
    status, search = request.GET.get("status", ""), request.GET.get("q", "")
    queryset = proposal_list_filtered(user=request.user, status=status, search=search)
    with translation.override(EXPORT_LANGUAGE):
        sheets = exports.proposal_sheets(queryset, status=status, search=search)
        return workbook_response(_("Award proposals"), sheets)


@require_http_methods(["GET", "POST"])
@login_required
def proposal_create(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    units = proposals.units_user_nominates_for(user=request.user, bloc=bloc, year=year)
    if not units.exists():
        raise PermissionDenied
    form = ProposalForm(
        request.POST or None,
        units=units,
        people=Person.objects.filter(unit__in=units),
        awards=AwardType.objects.filter(active=True),
    )
    return form_page(
        request,
        form=form,
        save=lambda data: proposals.proposal_create(
            user=request.user,
            award=data["award"],
            bloc=bloc,
            year=year,
            unit=data["unit"],
            person=data["person"],
            data=data,
        ),
        success_url=lambda proposal: reverse("awards:proposal_detail", args=[proposal.pk]),
        template_name="awards/proposal_form.html",
        context={"bloc": bloc, "year": year},
        success=lambda proposal: (
            _("Saved the proposal “%(award)s” for %(nominee)s.")
            % {"award": proposal.award.name, "nominee": _nominee(proposal)}
        ),
    )


@require_safe
@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    scope = scope_for(request.user)
    files = list(proposal.files.all())
    nominators = proposals.units_user_nominates_for(
        user=request.user, bloc=proposal.bloc, year=proposal.year
    )
    context = {
        "proposal": proposal,
        "results": proposals.proposal_check(proposal=proposal),
        "events": proposal.events.select_related("actor"),
        "overrides": proposal.overrides.select_related("rule", "by"),
        "may_submit": proposal.status in (ProposalStatus.DRAFT, ProposalStatus.RETURNED)
        and nominators.filter(pk=proposal.unit_id).exists(),
        "may_override": scope.can_write_year(proposal.bloc_id, proposal.year),
        "may_review": proposal.status == ProposalStatus.SUBMITTED
        and proposals.proposal_can_review(user=request.user, proposal=proposal),
        "notice": proposal.notices.order_by("-ends_on").first(),
        "dossier": [
            (kind, [f for f in files if f.kind == kind])
            for kind in proposal.award.required_documents
        ],
        "feedback": proposal.feedback.select_related("author", "resolved_by"),
        "may_send_feedback": notices.feedback_can_send(
            user=request.user, bloc_id=proposal.bloc_id, year=proposal.year
        ),
        "review_blocked": notices.notice_blocks_review(proposal=proposal),
        "may_revoke": proposal.status == ProposalStatus.DECIDED
        and proposals.decision_can_record(user=request.user, bloc=proposal.bloc),
    }
    return render(request, "awards/proposal_detail.html", context)


def _nominee(proposal: Proposal) -> str:
    return proposal.person.full_name if proposal.person_id else proposal.unit.name


def _transition(
    request: HttpRequest,
    pk: int,
    action: Callable[[Proposal], object],
    success: str,
    **names: str,
) -> HttpResponse:
    """Run one transition of the proposal ``pk``; say what happened (``success`` names the
    award, the nominee and ``names``), or what refused it."""
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    message = success % {"award": proposal.award.name, "nominee": _nominee(proposal), **names}
    service_run(request, lambda: action(proposal), success=message)
    return redirect("awards:proposal_detail", proposal.pk)


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        lambda p: proposals.proposal_submit(user=request.user, proposal=p),
        _("Submitted “%(award)s” for %(nominee)s for review."),
    )


@login_required
@require_POST
def proposal_attach(request: HttpRequest, pk: int) -> HttpResponse:
    upload = request.FILES.get("file")

    def attach(proposal: Proposal) -> object:
        if upload is None:
            raise ValidationError(_("Choose a file to attach."))
        return proposals.proposal_attach(
            user=request.user, proposal=proposal, kind=request.POST.get("kind", ""), upload=upload
        )

    done = _("Attached “%(document)s” to the dossier of %(nominee)s.")
    return _transition(request, pk, attach, done, document=request.POST.get("kind", ""))


@login_required
@require_POST
def proposal_override(request: HttpRequest, pk: int) -> HttpResponse:
    def override(proposal: Proposal) -> object:
        rule = get_object_or_404(AwardRule, pk=request.POST.get("rule"), award=proposal.award)
        return proposals.proposal_override(
            user=request.user, proposal=proposal, rule=rule, reason=request.POST.get("reason", "")
        )

    return _transition(request, pk, override, _("The rule is overridden for %(nominee)s."))


REVIEW_MESSAGES = {
    "approve": gettext_lazy("Approved “%(award)s” for %(nominee)s."),
    "return": gettext_lazy("Returned “%(award)s” for %(nominee)s for revision."),
    "reject": gettext_lazy("Rejected “%(award)s” for %(nominee)s."),
}


@login_required
@require_POST
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    decision = request.POST.get("decision", "")
    if decision not in REVIEW_MESSAGES:
        return HttpResponseBadRequest()
    return _transition(
        request,
        pk,
        lambda p: proposals.proposal_review(
            user=request.user,
            proposal=p,
            decision=decision,
            reason=request.POST.get("reason", ""),
        ),
        REVIEW_MESSAGES[decision],
    )


@login_required
@require_POST
def proposal_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        lambda p: proposals.proposal_revoke(
            user=request.user, proposal=p, reason=request.POST.get("reason", "")
        ),
        _("Revoked “%(award)s” of %(nominee)s."),
    )


@login_required
@require_POST
def feedback_send(request: HttpRequest, pk: int) -> HttpResponse:
    kind = request.POST.get("kind", "")
    if kind not in FeedbackKind.values:
        return HttpResponseBadRequest()
    return _transition(
        request,
        pk,
        lambda p: notices.feedback_send(
            user=request.user, proposal=p, kind=kind, text=request.POST.get("text", "")
        ),
        _("Your feedback on %(nominee)s was sent to the secretariat."),
    )


@login_required
@require_POST
def feedback_resolve(request: HttpRequest, pk: int, feedback_pk: int) -> HttpResponse:
    def resolve(proposal: Proposal) -> object:
        feedback = get_object_or_404(proposal.feedback, pk=feedback_pk)
        return notices.feedback_resolve(
            user=request.user, feedback=feedback, resolution=request.POST.get("resolution", "")
        )

    return _transition(
        request, pk, resolve, _("Recorded how the feedback on %(nominee)s was resolved.")
    )


@require_safe
@login_required
def notice_detail(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    """The bloc's public notice of the year: every user of the bloc reads the nominees, their
    award and a summary of their achievements, and sends feedback or a complaint from here."""
    bloc, notice_list = notices_for_user(user=request.user, bloc_pk=bloc_pk, year=year)
    today = timezone.localdate()
    context = {
        "bloc": bloc,
        "year": year,
        "today": today,
        "notices": [
            {
                "notice": notice,
                "running": notice.starts_on <= today <= notice.ends_on,
                "days_left": notices.notice_days_left(notice=notice, today=today),
                "conclusion": notices.notice_conclusion_day(notice=notice),
            }
            for notice in notice_list
        ],
        "may_publish": notices.notice_can_publish(user=request.user, bloc=bloc, year=year),
        "may_send": notices.feedback_can_send(user=request.user, bloc_id=bloc.pk, year=year),
        "may_print_dossier": proposals.dossier_can_print(user=request.user, bloc=bloc, year=year),
    }
    return render(request, "awards/notice_detail.html", context)


@login_required
@require_POST
def notice_publish(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    try:
        days = int(request.POST.get("working_days", "10"))
        starts = request.POST.get("starts_on") or None
        starts_on = datetime.date.fromisoformat(starts) if starts else None
    except ValueError:
        messages.error(request, _("Enter a whole number of working days and a date."))
        return redirect("awards:notice_detail", bloc.pk, year)
    notice = service_run(
        request,
        lambda: notices.notice_publish(
            user=request.user, bloc=bloc, year=year, working_days=days, starts_on=starts_on
        ),
    )
    if notice is not None:
        messages.success(
            request,
            _("The nominees of %(bloc)s are public from %(start)s to %(end)s.")
            % {
                "bloc": bloc.name,
                "start": date_format(notice.starts_on, "SHORT_DATE_FORMAT"),
                "end": date_format(notice.ends_on, "SHORT_DATE_FORMAT"),
            },
        )
    return redirect("awards:notice_detail", bloc.pk, year)


@login_required
@require_POST
def notice_feedback(request: HttpRequest, bloc_pk: int, year: int, pk: int) -> HttpResponse:
    """Feedback or a complaint on a nominee, sent from the notice page."""
    proposal = noticed_proposal_get_for_user(user=request.user, pk=pk)
    kind = request.POST.get("kind", "")
    if kind not in FeedbackKind.values:
        return HttpResponseBadRequest()
    service_run(
        request,
        lambda: notices.feedback_send(
            user=request.user, proposal=proposal, kind=kind, text=request.POST.get("text", "")
        ),
        success=_("Your feedback on %(nominee)s was sent to the secretariat.")
        % {"nominee": _nominee(proposal)},
    )
    return redirect("awards:notice_detail", proposal.bloc_id, proposal.year)


@require_http_methods(["GET", "POST"])
@login_required
def decision_create(request: HttpRequest) -> HttpResponse:
    if not proposals.decision_can_record(user=request.user):
        raise PermissionDenied
    scope = scope_for(request.user)
    approved = proposals.proposal_list_for_user(user=request.user).filter(
        status=ProposalStatus.APPROVED
    )
    if not scope.is_admin:
        approved = approved.filter(bloc__command_id__in=scope.review_command_ids)
    form = DecisionForm(request.POST or None, approved=approved)
    return form_page(
        request,
        form=form,
        save=lambda data: proposals.decision_record(
            user=request.user, data=data, recipients=list(data["recipients"])
        ),
        success_url=lambda decision: reverse("awards:proposal_list"),
        template_name="awards/decision_form.html",
        success=lambda decision: (
            _("Recorded decision %(decision)s of %(authority)s.")
            % {"decision": decision.number, "authority": decision.authority}
        ),
    )


@require_safe
@login_required
def proposal_document(request: HttpRequest, document_pk: int) -> FileResponse:
    document = get_object_or_404(ProposalDocument, pk=document_pk)
    # 404 unless the proposal is visible.
    proposal_get_for_user(user=request.user, pk=document.proposal_id)
    return file_attachment(
        document.file, filename=document.name, content_type=document.content_type
    )


@require_http_methods(["GET", "POST"])
@login_required
def decision_correct(request: HttpRequest, pk: int) -> HttpResponse:
    visible = proposals.proposal_list_for_user(user=request.user).filter(decision_id=pk)
    # A subquery, not a join: a decision with several visible recipients is still one row.
    decisions = AwardDecision.objects.filter(pk__in=visible.values("decision_id"))
    decision = get_object_or_404(decisions, pk=pk)
    recipients = list(decision.recipients.select_related("bloc"))
    if not all(proposals.decision_can_record(user=request.user, bloc=p.bloc) for p in recipients):
        raise PermissionDenied
    form = DecisionCorrectionForm(request.POST or None, instance=decision)
    return form_page(
        request,
        form=form,
        save=lambda data: proposals.decision_correct(
            user=request.user, decision=decision, data=data, reason=data["reason"]
        ),
        success_url=lambda d: reverse("awards:proposal_detail", args=[recipients[0].pk]),
        template_name="awards/decision_form.html",
        success=lambda d: (
            _("Corrected decision %(decision)s of %(authority)s.")
            % {"decision": d.number, "authority": d.authority}
        ),
    )


@login_required
@require_POST
def dossier_request(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    """Print the bloc's award dossier of the year: covering letter, list, reports."""
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    if not proposals.dossier_can_print(user=request.user, bloc=bloc, year=year):
        raise PermissionDenied
    job = job_request(
        user=request.user,
        kind=documents.DOSSIER_PACK,
        bloc_id=bloc.pk,
        year=year,
        language=get_language(),
    )
    return redirect("blocs:job_detail", job.pk)


@login_required
@require_POST
def achievement_report_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Print one nominee's achievement report (form Mẫu 02)."""
    proposal = proposal_get_for_user(user=request.user, pk=pk)
    if not scope_for(request.user).can_write_year(proposal.bloc_id, proposal.year):
        raise PermissionDenied
    job = job_request(
        user=request.user,
        kind=documents.ACHIEVEMENT_REPORT,
        bloc_id=proposal.bloc_id,
        year=proposal.year,
        language=get_language(),
        params={"proposal": proposal.pk},
    )
    return redirect("blocs:job_detail", job.pk)

"""Pages of the secret ballot."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.decorators import reauth_required
from audit.services import audit_record
from blocs.models import Person, Unit
from blocs.scope import scope_for
from blocs.selectors import bloc_get_for_user, bloc_list_for_user
from blocs.services import job_request
from emulation_portal.lib.access import get_scoped_or_404
from emulation_portal.lib.downloads import file_attachment
from emulation_portal.lib.forms import add_service_errors
from emulation_portal.lib.views import form_page

from . import ballots, documents, exemplary, notices, proposals, scoring
from .forms import (
    BallotOpenForm,
    CriteriaTableForm,
    CriterionFormSet,
    DecisionForm,
    ProposalForm,
    ReceiptForm,
    ScoreSheetForm,
    VoteForm,
)
from .models import (
    AwardRule,
    AwardType,
    Ballot,
    BallotStatus,
    CriteriaTable,
    Proposal,
    ProposalDocument,
    ProposalStatus,
    ScoreEvidence,
    ScoreSheet,
    SheetStatus,
)


def _ballots_for(user: object) -> QuerySet[Ballot]:
    return Ballot.objects.filter(bloc__in=bloc_list_for_user(user=user)).select_related(
        "bloc", "rule"
    )


def _ballot(request: HttpRequest, pk: int) -> Ballot:
    return get_scoped_or_404(_ballots_for(request.user), pk=pk, user=request.user)


@login_required
def ballot_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    this_year = timezone.localdate().year
    manageable = [
        (bloc, year)
        for bloc in bloc_list_for_user(user=request.user)
        for year in sorted(scope.writable_years.get(bloc.pk, {this_year} if scope.is_admin else ()))
    ]
    return render(
        request, "awards/ballot_list.html",
        {"ballots": _ballots_for(request.user), "manageable": manageable},
    )  # fmt: skip


@login_required
def ballot_open(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    if not scope_for(request.user).can_write_year(bloc.pk, year):
        raise PermissionDenied
    members = Unit.objects.filter(memberships__bloc=bloc, memberships__year=year).order_by("name")
    form = BallotOpenForm(request.POST or None, members=members)
    return form_page(
        request,
        form=form,
        save=lambda data: ballots.ballot_open(
            user=request.user,
            bloc=bloc,
            year=year,
            question=data["question"],
            rule=data["rule"],
            max_choices=data["max_choices"],
            seats=data["seats"],
            candidates=list(data["candidates"]),
        ),
        success_url=lambda ballot: reverse("awards:ballot_detail", args=[ballot.pk]),
        template_name="awards/ballot_form.html",
        context={"bloc": bloc, "year": year},
    )


@login_required
def ballot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    members = ballots.ballot_members(ballot=ballot)
    voted = {v.unit_id: v for v in ballot.voters.all()}
    candidates = list(ballot.candidates.select_related("unit"))
    names = {c.unit_id: c.unit.name for c in candidates}
    result = ballot.result
    rows = [
        (
            names[int(unit)],
            count,
            int(unit) in result.get("elected", []),
            int(unit) in result.get("tied", []),
        )
        for unit, count in sorted(result.get("votes", {}).items(), key=lambda kv: -kv[1])
    ]
    context = {
        "ballot": ballot,
        "roll": [(unit, voted.get(unit.pk)) for unit in members],
        "candidates": candidates,
        "rows": rows,
        "manager": ballots.ballot_can_manage(user=request.user, ballot=ballot),
        "can_vote": any(
            u.pk not in voted
            for u in ballots.units_user_votes_for(user=request.user, ballot=ballot)
        ),
        "receipt_form": ReceiptForm(request.GET or None),
        "receipt": None,
    }
    if context["receipt_form"].is_valid() and ballot.status == BallotStatus.CLOSED:
        context["receipt"] = (
            ballots.receipt_check(ballot=ballot, code=context["receipt_form"].cleaned_data["code"])
            or False
        )
    return render(request, "awards/ballot_detail.html", context)


@never_cache
@login_required
@reauth_required
def ballot_vote(request: HttpRequest, pk: int, written: bool = False) -> HttpResponse:
    """Cast a ballot: a commander for their unit, or the secretariat for an absent unit."""
    ballot = _ballot(request, pk)
    if written:
        if not ballots.ballot_can_manage(user=request.user, ballot=ballot):
            raise PermissionDenied
        voters = Unit.objects.filter(pk__in=[u.pk for u in ballots.ballot_members(ballot=ballot)])
    else:
        voters = Unit.objects.filter(
            pk__in=[u.pk for u in ballots.units_user_votes_for(user=request.user, ballot=ballot)]
        )
        if not voters.exists():
            raise PermissionDenied
    voters = voters.exclude(pk__in=ballot.voters.values("unit_id"))
    candidates = Unit.objects.filter(pk__in=ballot.candidates.values("unit_id")).order_by("name")
    form = VoteForm(request.POST or None, voters=voters, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            receipt = ballots.ballot_cast(
                user=request.user, ballot=ballot, voter=form.cleaned_data["voter"],
                choices=list(form.cleaned_data["choices"]), written=written,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        except ballots.BallotError as error:
            form.add_error(None, str(error))
        else:
            # Shown once, on this response only; the portal keeps just its hash.
            return render(
                request, "awards/ballot_receipt.html", {"ballot": ballot, "receipt": receipt}
            )
    context = {"ballot": ballot, "form": form, "written": written}
    return render(request, "awards/ballot_vote.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def ballot_close(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    try:
        ballots.ballot_close(user=request.user, ballot=ballot)
    except ballots.BallotError as error:
        messages.error(request, str(error))
    return redirect("awards:ballot_detail", ballot.pk)


@login_required
@require_POST
def ballot_runoff(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    if not ballots.ballot_can_manage(user=request.user, ballot=ballot):
        raise PermissionDenied
    try:
        runoff = ballots.ballot_runoff(user=request.user, ballot=ballot)
    except ballots.BallotError as error:
        messages.error(request, str(error))
        return redirect("awards:ballot_detail", ballot.pk)
    messages.success(request, _("Another round is open between the tied candidates."))
    return redirect("awards:ballot_detail", runoff.pk)


# --- Scoring ----------------------------------------------------------------------------------


def _tables_for(user: object) -> QuerySet[CriteriaTable]:
    return CriteriaTable.objects.filter(bloc__in=bloc_list_for_user(user=user)).select_related(
        "bloc"
    )


def _table(request: HttpRequest, pk: int) -> CriteriaTable:
    return get_scoped_or_404(_tables_for(request.user), pk=pk, user=request.user)


@login_required
def score_table_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    existing = set(_tables_for(request.user).values_list("bloc_id", "year"))
    creatable = [
        (bloc, year)
        for bloc in bloc_list_for_user(user=request.user)
        for year in sorted(scope.writable_years.get(bloc.pk, ()))
        if (bloc.pk, year) not in existing
    ]
    context = {"tables": _tables_for(request.user).order_by("-year"), "creatable": creatable}
    return render(request, "awards/score_table_list.html", context)


@login_required
@require_POST
def score_table_create(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    previous = CriteriaTable.objects.filter(bloc=bloc, year__lt=year).order_by("-year").first()
    try:
        table = scoring.criteria_table_create(
            user=request.user, bloc=bloc, year=year, copy_from=previous
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("awards:score_tables")
    return redirect("awards:criteria", table.pk)


@login_required
def criteria_edit(request: HttpRequest, pk: int) -> HttpResponse:
    table = _table(request, pk)
    scoring.criteria_check_editable(
        user=request.user, table=table
    ) if request.method == "POST" else None
    if not scoring.table_can_manage(user=request.user, table=table):
        raise PermissionDenied
    formset = CriterionFormSet(request.POST or None, queryset=table.criteria.all())
    members = Unit.objects.filter(memberships__bloc=table.bloc, memberships__year=table.year)
    settings_form = CriteriaTableForm(
        request.POST or None, instance=table, members=members, prefix="table"
    )
    if request.method == "POST" and formset.is_valid() and settings_form.is_valid():
        with transaction.atomic():
            settings_form.save()
            for criterion in formset.save(commit=False):
                criterion.table = table
                criterion.full_clean()
                criterion.save()
            for criterion in formset.deleted_objects:
                criterion.delete()
            audit_record(action="criteria.update", actor=request.user, target=table)
        return redirect("awards:ranking", table.pk)
    context = {
        "table": table,
        "formset": formset,
        "editable": scoring.criteria_editable(table=table),
    }
    return render(
        request, "awards/criteria_form.html", context, status=400 if formset.errors else 200
    )


@login_required
def score_sheet(
    request: HttpRequest, pk: int, unit_pk: int, checking: bool = False
) -> HttpResponse:
    """A unit's sheet: its commander scores it; the bloc cross-checks it (``checking``)."""
    table = _table(request, pk)
    unit = get_object_or_404(
        Unit.objects.filter(memberships__bloc=table.bloc, memberships__year=table.year), pk=unit_pk
    )
    scope = scope_for(request.user)
    manager = scoring.table_can_manage(user=request.user, table=table)
    if checking and not manager:
        raise PermissionDenied
    if not (
        manager or unit.pk in scope.commanded_unit_ids or table.bloc.command_id in scope.command_ids
    ):
        raise PermissionDenied
    sheet = scoring.sheet_get_or_create(table=table, unit=unit)
    lines = (
        sheet.lines.select_related("criterion")
        .prefetch_related("evidence")
        .order_by("criterion__order", "criterion__pk")
    )
    form = ScoreSheetForm(request.POST or None, lines=lines, checking=checking)
    editable = checking or (
        unit.pk in scope.commanded_unit_ids and sheet.status == SheetStatus.DRAFT
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            _save_sheet(request, sheet, form, checking)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect("awards:sheet", table.pk, unit.pk)
    context = {
        "table": table,
        "unit": unit,
        "sheet": sheet,
        "form": form,
        "editable": editable,
        "checking": checking,
        "manager": manager,
        "flagged": {line.pk for line in lines if scoring.line_flagged(line)},
        "suggested": scoring.suggested_points(table=table, unit=unit),
    }
    return render(request, "awards/score_sheet.html", context, status=400 if form.errors else 200)


def _save_sheet(request: HttpRequest, sheet: object, form: ScoreSheetForm, checking: bool) -> None:
    data = form.cleaned_data
    if not checking:
        values = {
            line.criterion_id: (data[f"points_{line.pk}"], data[f"note_{line.pk}"])
            for line in form.lines
        }
        scoring.score_self_save(
            user=request.user, sheet=sheet, values=values, submit="submit" in request.POST
        )
        return
    with transaction.atomic():
        for line in form.lines:
            points = data[f"points_{line.pk}"]
            if points is not None and points != line.checked_points:
                scoring.score_adjust(
                    user=request.user, line=line, points=points, reason=data[f"note_{line.pk}"]
                )


@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    table = _table(request, pk)
    manager = scoring.table_can_manage(user=request.user, table=table)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        try:
            scoring.scores_publish(
                user=request.user, table=table, reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("awards:ranking", table.pk)
    rows = scoring.ranking_compute(table=table)
    groups = sorted({g for row in rows for g in row.groups})
    sheets = {s.unit_id: s for s in table.sheets.all()}
    columns = [
        (row, [row.groups.get(g, 0) for g in groups], sheets.get(row.unit.pk)) for row in rows
    ]
    context = {
        "table": table,
        "rows": columns,
        "groups": groups,
        "manager": manager,
        "publications": table.publications.select_related("published_by"),
        "commanded": scope_for(request.user).commanded_unit_ids,
        "nominees": scoring.evaluation_nominees(bloc=table.bloc, year=table.year),
    }
    return render(request, "awards/ranking.html", context)


@login_required
@require_POST
def minutes_request(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    """The count minutes of one ballot (``ballot`` in the form) or the whole meeting's."""
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    if not scope_for(request.user).can_write_year(bloc.pk, year):
        raise PermissionDenied
    ballot_pk = request.POST.get("ballot")
    if request.POST.get("dossier"):
        kind, params = documents.DOSSIER_PACK, {}
    elif ballot_pk:
        ballot = get_object_or_404(Ballot, pk=ballot_pk, bloc=bloc, year=year)
        kind, params = documents.COUNT_MINUTES, {"ballot": ballot.pk}
    else:
        kind, params = documents.MEETING_MINUTES, {}
    job = job_request(
        user=request.user, kind=kind, bloc=bloc, year=year, language=get_language(), params=params
    )
    return redirect("blocs:job_detail", job.pk)


def _sheet_readable(request: HttpRequest, table: CriteriaTable, unit: Unit) -> ScoreSheet:
    sheet = scoring.sheet_get_or_create(table=table, unit=unit)
    scope = scope_for(request.user)
    readers = (
        scoring.table_can_manage(user=request.user, table=table)
        or scoring.sheet_may_check(user=request.user, sheet=sheet)
        or table.bloc.command_id in scope.command_ids
        or unit.pk in scope.commanded_unit_ids
    )
    if not readers:
        raise PermissionDenied
    return sheet


@login_required
@require_POST
def score_evidence_upload(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    table = _table(request, pk)
    unit = get_object_or_404(
        Unit, pk=unit_pk, memberships__bloc=table.bloc, memberships__year=table.year
    )
    sheet = _sheet_readable(request, table, unit)
    line = get_object_or_404(sheet.lines.select_related("sheet"), pk=request.POST.get("line"))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            scoring.score_evidence_add(user=request.user, line=line, upload=upload)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("awards:sheet", table.pk, unit.pk)


@login_required
def score_evidence_download(request: HttpRequest, evidence_pk: int) -> FileResponse:
    evidence = get_object_or_404(
        ScoreEvidence.objects.select_related("line__sheet"), pk=evidence_pk
    )
    sheet = evidence.line.sheet
    table = _table(request, sheet.table_id)
    _sheet_readable(request, table, sheet.unit)
    return file_attachment(
        evidence.file, filename=evidence.name, content_type=evidence.content_type
    )


# --- Award proposals --------------------------------------------------------------------------


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    visible = proposals.proposal_list_for_user(user=request.user)
    return get_scoped_or_404(visible, pk=pk, user=request.user)


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    queryset = proposals.proposal_list_for_user(user=request.user).order_by("-year", "-pk")
    status = request.GET.get("status", "")
    if status in ProposalStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
    scope = scope_for(request.user)
    nominate = [
        (bloc, year)
        for bloc in bloc_list_for_user(user=request.user)
        for year in {timezone.localdate().year}
        if proposals.units_user_nominates_for(user=request.user, bloc=bloc, year=year).exists()
    ] if scope.commanded_unit_ids or scope.writable_years else []  # fmt: skip
    publishable = [(bloc, year) for bloc, year in nominate if scope.can_write_year(bloc.pk, year)]
    context = {"page_obj": page, "statuses": ProposalStatus.choices, "status": status,
               "nominate": nominate, "publishable": publishable,
               "query": f"status={status}" if status else ""}  # fmt: skip
    return render(request, "awards/proposal_list.html", context)


@login_required
def proposal_create(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    units = proposals.units_user_nominates_for(user=request.user, bloc=bloc, year=year)
    if not units.exists():
        raise PermissionDenied
    form = ProposalForm(
        request.POST or None, units=units, people=Person.objects.filter(unit__in=units),
        awards=AwardType.objects.filter(active=True),
    )  # fmt: skip
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
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if request.method == "POST":
        _proposal_action(request, proposal)
        return redirect("awards:proposal_detail", proposal.pk)
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
        and proposals.reviewer_may_review(user=request.user, proposal=proposal),
        "notice": proposal.notices.order_by("-ends_on").first(),
        "dossier": [
            (kind, [f for f in files if f.kind == kind])
            for kind in proposal.award.required_documents
        ],
        "feedback": proposal.feedback.select_related("author", "resolved_by"),
        "review_blocked": notices.notice_blocks_review(proposal=proposal),
        "may_revoke": proposal.status == ProposalStatus.DECIDED
        and proposals.decision_can_record(user=request.user, bloc=proposal.bloc),
    }
    return render(request, "awards/proposal_detail.html", context)


def _proposal_action(request: HttpRequest, proposal: Proposal) -> None:
    action = request.POST.get("action", "")
    try:
        if action == "attach":
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError(_("Choose a file to attach."))
            proposals.proposal_attach(user=request.user, proposal=proposal,
                                      kind=request.POST.get("kind", ""), upload=upload)  # fmt: skip
        elif action in ("feedback", "complaint"):
            notices.feedback_send(user=request.user, proposal=proposal, kind=action,
                                  text=request.POST.get("text", ""))  # fmt: skip
        elif action == "resolve":
            feedback = get_object_or_404(proposal.feedback, pk=request.POST.get("feedback"))
            notices.feedback_resolve(user=request.user, feedback=feedback,
                                     resolution=request.POST.get("resolution", ""))  # fmt: skip
        elif action == "submit":
            proposals.proposal_submit(user=request.user, proposal=proposal)
        elif action == "override":
            rule = get_object_or_404(AwardRule, pk=request.POST.get("rule"), award=proposal.award)
            proposals.proposal_override(user=request.user, proposal=proposal, rule=rule,
                                        reason=request.POST.get("reason", ""))  # fmt: skip
        elif action == "revoke":
            proposals.proposal_revoke(user=request.user, proposal=proposal,
                                      reason=request.POST.get("reason", ""))  # fmt: skip
        elif action in ("approve", "return", "reject"):
            proposals.proposal_review(user=request.user, proposal=proposal, decision=action,
                                      reason=request.POST.get("reason", ""))  # fmt: skip
        else:
            return
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))


@login_required
@require_POST
def notice_publish(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    try:
        days = int(request.POST.get("working_days", "10"))
        notice = notices.notice_publish(user=request.user, bloc=bloc, year=year, working_days=days)
    except ValueError:
        messages.error(request, _("Enter a whole number of working days."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The nominees are public until %(date)s.") % {
            "date": notice.ends_on.strftime("%d/%m/%Y")})  # fmt: skip
    return redirect("awards:proposal_list")


@login_required
def decision_create(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not (scope.command_ids or scope.is_admin):
        raise PermissionDenied
    approved = proposals.proposal_list_for_user(user=request.user).filter(
        status=ProposalStatus.APPROVED
    )
    if not scope.is_admin:
        approved = approved.filter(bloc__command_id__in=scope.command_ids)
    form = DecisionForm(request.POST or None, approved=approved)
    return form_page(
        request,
        form=form,
        save=lambda data: proposals.decision_record(
            user=request.user, data=data, recipients=list(data["recipients"])
        ),
        success_url=lambda decision: reverse("awards:proposal_list"),
        template_name="awards/decision_form.html",
    )


# --- Exemplary models -------------------------------------------------------------------------


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


@login_required
def proposal_document(request: HttpRequest, document_pk: int) -> FileResponse:
    document = get_object_or_404(ProposalDocument, pk=document_pk)
    _proposal(request, document.proposal_id)  # 404 unless the proposal is visible
    return file_attachment(
        document.file, filename=document.name, content_type=document.content_type
    )

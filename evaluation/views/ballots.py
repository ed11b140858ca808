"""Pages of the secret ballot and the meeting's minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import reauth_required
from blocs.models import Unit
from blocs.scope import scope_for
from blocs.selectors import bloc_get_for_user, bloc_list_for_user
from emulation_portal.lib.exports import EXPORT_LANGUAGE, workbook_response
from emulation_portal.lib.forms import add_service_errors
from emulation_portal.lib.views import form_page, service_run
from jobs.services import job_request

from .. import ballots, documents, exports, voting
from ..forms import (
    AbsenceForm,
    BallotOpenForm,
    ReceiptForm,
    VoteForm,
)
from ..models import Ballot, BallotStatus
from ..selectors import ballot_get_for_user, ballot_list_for_user


@require_safe
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
        request,
        "evaluation/ballot_list.html",
        {"ballots": ballot_list_for_user(user=request.user), "manageable": manageable},
    )


@require_http_methods(["GET", "POST"])
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
            absent=list(data["absent"]),
        ),
        success_url=lambda ballot: reverse("evaluation:ballot_detail", args=[ballot.pk]),
        template_name="evaluation/ballot_form.html",
        context={"bloc": bloc, "year": year},
        success=lambda ballot: (
            _("Opened the ballot “%(question)s”.") % {"question": ballot.question}
        ),
    )


@login_required
@require_safe
def ballot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _ballot_page(request, ballot_get_for_user(user=request.user, pk=pk))


@require_safe
@login_required
def ballot_export(request: HttpRequest, pk: int) -> FileResponse:
    """A counted ballot's result as a workbook, for whoever reads the ballot's page."""
    ballot = ballot_get_for_user(user=request.user, pk=pk)
    if ballot.status != BallotStatus.CLOSED:
        raise Http404  # nothing is counted before the ballot closes
    with translation.override(EXPORT_LANGUAGE):
        filename = _("Ballot result %(question)s %(year)s") % {
            "question": ballot.question,
            "year": ballot.year,
        }
        return workbook_response(filename, exports.ballot_sheets(ballot=ballot))


@never_cache
@login_required
@require_POST
def ballot_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """Check a receipt: a POST, so the code is in no URL, access log line or referrer."""
    ballot = ballot_get_for_user(user=request.user, pk=pk)
    if not ballots.receipt_can_check(user=request.user, ballot=ballot):
        raise PermissionDenied
    form = ReceiptForm(request.POST)
    receipt = None
    if form.is_valid() and ballot.status == BallotStatus.CLOSED:
        receipt = ballots.receipt_check(ballot=ballot, code=form.cleaned_data["code"]) or False
    return _ballot_page(request, ballot, receipt_form=ReceiptForm(), receipt=receipt)


def _ballot_page(
    request: HttpRequest,
    ballot: Ballot,
    *,
    receipt_form: ReceiptForm | None = None,
    receipt: object = None,
    absence_form: AbsenceForm | None = None,
) -> HttpResponse:
    members = ballots.ballot_members(ballot=ballot)
    voted = {v.unit_id: v for v in ballot.voters.all()}
    absent = set(ballot.absences.values_list("unit_id", flat=True))
    candidates = list(ballot.candidates.select_related("unit"))
    rows = ballots.count_rows(ballot=ballot, names={c.unit_id: c.unit.name for c in candidates})
    manager = ballots.ballot_can_manage(user=request.user, ballot=ballot)
    may_mark_absent = manager and ballot.status == BallotStatus.OPEN and not voted
    if may_mark_absent and absence_form is None:
        absence_form = AbsenceForm(members=members)
    roll = [(unit, voted.get(unit.pk), unit.pk in absent) for unit in members]
    context = {
        "ballot": ballot,
        "terms": voting.ballot_terms(ballot=ballot, members=len(roll)),
        "roll": roll,
        "candidates": candidates,
        "rows": rows,
        "manager": manager,
        "may_write": manager and bool(absent - set(voted)),
        "absence_form": absence_form if may_mark_absent else None,
        "can_vote": any(
            u.pk not in voted
            for u in ballots.units_user_votes_for(user=request.user, ballot=ballot)
        ),
        "receipt_form": receipt_form or ReceiptForm(),
        "may_check_receipt": ballots.receipt_can_check(user=request.user, ballot=ballot),
        "receipt": receipt,
    }
    status = 400 if absence_form is not None and absence_form.errors else 200
    return render(request, "evaluation/ballot_detail.html", context, status=status)


@login_required
@require_POST
def ballot_mark_absent(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the units absent from the meeting (before voting starts): their written ballots."""
    ballot = ballot_get_for_user(user=request.user, pk=pk)
    if not ballots.ballot_can_manage(user=request.user, ballot=ballot):
        raise PermissionDenied
    form = AbsenceForm(request.POST, members=ballots.ballot_members(ballot=ballot))
    if form.is_valid():
        try:
            ballots.ballot_mark_absent(
                user=request.user, ballot=ballot, units=list(form.cleaned_data["absent"])
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            names = ", ".join(unit.name for unit in form.cleaned_data["absent"])
            messages.success(request, _("Marked absent: %(units)s.") % {"units": names})
            return redirect("evaluation:ballot_detail", ballot.pk)
    return _ballot_page(request, ballot, absence_form=form)


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
@reauth_required
def ballot_vote(request: HttpRequest, pk: int, written: bool = False) -> HttpResponse:
    """Cast a ballot: a commander for their unit, or the secretariat for an absent unit."""
    ballot = ballot_get_for_user(user=request.user, pk=pk)
    if written:
        if not ballots.ballot_can_manage(user=request.user, ballot=ballot):
            raise PermissionDenied
        voters = Unit.objects.filter(pk__in=ballot.absences.values("unit_id"))
    else:
        voters = Unit.objects.filter(
            pk__in=[u.pk for u in ballots.units_user_votes_for(user=request.user, ballot=ballot)]
        )
        if not voters.exists():
            raise PermissionDenied
    voters = voters.exclude(pk__in=ballot.voters.values("unit_id"))
    candidates = Unit.objects.filter(pk__in=ballot.candidates.values("unit_id")).order_by("name")
    if not ballot.rule.allow_self_vote and len(voters) == 1:
        candidates = candidates.exclude(pk=voters[0].pk)  # a unit is not offered itself
    form = VoteForm(request.POST or None, voters=voters, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            receipt = ballots.ballot_cast(
                user=request.user,
                ballot=ballot,
                voter=form.cleaned_data["voter"],
                choices=list(form.cleaned_data["choices"]),
                written=written,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Shown once, on this response only; the portal keeps just its hash.
            return render(
                request, "evaluation/ballot_receipt.html", {"ballot": ballot, "receipt": receipt}
            )
    context = {"ballot": ballot, "form": form, "written": written}
    return render(
        request, "evaluation/ballot_vote.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def ballot_close(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = ballot_get_for_user(user=request.user, pk=pk)
    committee = request.POST.get("count_committee", "")
    service_run(
        request,
        lambda: ballots.ballot_close(user=request.user, ballot=ballot, count_committee=committee),
        success=_("“%(question)s” was counted.") % {"question": ballot.question},
    )
    return redirect("evaluation:ballot_detail", ballot.pk)


@login_required
@require_POST
def ballot_runoff(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = ballot_get_for_user(user=request.user, pk=pk)
    if not ballots.ballot_can_manage(user=request.user, ballot=ballot):
        raise PermissionDenied
    runoff = service_run(
        request,
        lambda: ballots.ballot_runoff(user=request.user, ballot=ballot),
        success=_("Round %(round)s of “%(question)s” is open between the tied candidates.")
        % {"round": ballot.round + 1, "question": ballot.question},
    )
    return redirect("evaluation:ballot_detail", (runoff or ballot).pk)


@login_required
@require_POST
def minutes_request(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    """The count minutes of one ballot (``ballot`` in the form) or the whole meeting's."""
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    if not scope_for(request.user).can_write_year(bloc.pk, year):
        raise PermissionDenied
    ballot_pk = request.POST.get("ballot")
    if ballot_pk:
        ballot = get_object_or_404(Ballot, pk=ballot_pk, bloc=bloc, year=year)
        kind, params = documents.COUNT_MINUTES, {"ballot": ballot.pk}
    else:
        kind, params = documents.MEETING_MINUTES, {}
    job = job_request(
        user=request.user,
        kind=kind,
        bloc_id=bloc.pk,
        year=year,
        language=get_language(),
        params=params,
    )
    return redirect("blocs:job_detail", job.pk)

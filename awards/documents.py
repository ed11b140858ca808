"""The bloc meeting's minutes as PDFs: the count of a ballot, and the whole meeting."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.models import Job, Unit
from blocs.services import job_document_number
from emulation_portal.lib import jobs
from emulation_portal.lib.dates import administrative_date_parts
from emulation_portal.lib.pdf import render_pdf

from .models import Ballot, BallotStatus, CriteriaTable, Proposal, ProposalStatus

COUNT_MINUTES = "ballot_count_minutes"
MEETING_MINUTES = "meeting_minutes"
SERIES = "BB"  # biên bản


def _count_rows(ballot: Ballot) -> list[dict[str, object]]:
    names = dict(
        Unit.objects.filter(pk__in=[int(k) for k in ballot.result["votes"]]).values_list(
            "pk", "name"
        )
    )
    return [
        {"name": names[int(unit)], "votes": votes, "elected": int(unit) in ballot.result["elected"],
         "tied": int(unit) in ballot.result["tied"]}
        for unit, votes in sorted(ballot.result["votes"].items(), key=lambda kv: -kv[1])
    ]  # fmt: skip


def _common(job: Job) -> dict[str, object]:
    return {
        "bloc": job.bloc,
        "command": job.bloc.command,
        "number": job_document_number(job=job, series=SERIES),
        "series": SERIES,
        "place": job.bloc.place,
        "date": administrative_date_parts(timezone.localdate(job.created_at)),
    }


@jobs.register(COUNT_MINUTES, gettext_lazy("Ballot count minutes"))
def count_minutes_render(job: Job, progress: jobs.Progress) -> tuple[str, bytes]:
    ballot = Ballot.objects.select_related("rule", "bloc").get(pk=job.params["ballot"])
    with translation.override(job.language):
        if ballot.status != BallotStatus.CLOSED:
            raise jobs.JobFailed(_("The ballot has not been counted yet."))
        progress(30, _("Rendering the PDF"))
        context = {
            **_common(job),
            "ballot": ballot,
            "rows": _count_rows(ballot),
            "written": ballot.voters.filter(written=True).count(),
        }
        pdf = render_pdf(template_name="documents/ballot_count_minutes.html", context=context)
        filename = _("Count minutes %(bloc)s %(year)s round %(round)s.pdf") % {
            "bloc": ballot.bloc.name, "year": ballot.year, "round": ballot.round}  # fmt: skip
    return filename, pdf


@jobs.register(MEETING_MINUTES, gettext_lazy("Meeting minutes"))
def meeting_minutes_render(job: Job, progress: jobs.Progress) -> tuple[str, bytes]:
    with translation.override(job.language):
        ballots = list(
            Ballot.objects.filter(bloc=job.bloc, year=job.year, status=BallotStatus.CLOSED)
            .select_related("rule")
            .order_by("pk")
        )
        if not ballots:
            raise jobs.JobFailed(_("No ballot of that year has been counted yet."))
        table = CriteriaTable.objects.filter(bloc=job.bloc, year=job.year).first()
        publication = table.publications.order_by("-version").first() if table else None
        progress(30, _("Rendering the PDF"))
        context = {
            **_common(job),
            "year": job.year,
            "ballots": [(ballot, _count_rows(ballot)) for ballot in ballots],
            "publication": publication,
        }
        pdf = render_pdf(template_name="documents/meeting_minutes.html", context=context)
        filename = _("Meeting minutes %(bloc)s %(year)s.pdf") % {
            "bloc": job.bloc.name,
            "year": job.year,
        }
    return filename, pdf


DOSSIER_PACK = "proposal_dossier"
DOSSIER_SERIES = "TTr"  # tờ trình


@jobs.register(DOSSIER_PACK, gettext_lazy("Award dossier"))
def dossier_render(job: Job, progress: jobs.Progress) -> tuple[str, bytes]:
    """The bloc's dossier: covering letter, list of nominees, then each achievement report."""
    with translation.override(job.language):
        proposals = list(
            Proposal.objects.filter(
                bloc=job.bloc, year=job.year,
                status__in=[ProposalStatus.SUBMITTED, ProposalStatus.APPROVED],
            ).select_related("award", "unit", "person").order_by("award__name", "unit__name")
        )  # fmt: skip
        if not proposals:
            raise jobs.JobFailed(_("No submitted proposal to put in the dossier."))
        progress(30, _("Rendering the PDF"))
        context = {
            **_common(job),
            "series": DOSSIER_SERIES,
            "number": job_document_number(job=job, series=DOSSIER_SERIES),
            "year": job.year,
            "proposals": proposals,
        }
        pdf = render_pdf(template_name="documents/proposal_dossier.html", context=context)
        filename = _("Award dossier %(bloc)s %(year)s.pdf") % {
            "bloc": job.bloc.name,
            "year": job.year,
        }
    return filename, pdf


ACHIEVEMENT_REPORT = "achievement_report"


@jobs.register(ACHIEVEMENT_REPORT, gettext_lazy("Achievement report"))
def achievement_report_render(job: Job, progress: jobs.Progress) -> tuple[str, bytes]:
    """One nominee's achievement report (form Mẫu 02) as its own PDF."""
    proposal = Proposal.objects.select_related("award", "unit", "person").get(
        pk=job.params["proposal"]
    )
    with translation.override(job.language):
        progress(30, _("Rendering the PDF"))
        context = {**_common(job), "series": DOSSIER_SERIES, "proposal": proposal}
        pdf = render_pdf(template_name="documents/achievement_report.html", context=context)
        nominee = proposal.person.full_name if proposal.person else proposal.unit.name
        filename = _("Achievement report %(nominee)s %(year)s.pdf") % {
            "nominee": nominee,
            "year": job.year,
        }
    return filename, pdf

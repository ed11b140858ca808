"""The count minutes of a ballot and the minutes of the bloc's meeting, as PDF jobs."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.documents import document_heading, job_bloc
from blocs.models import Unit
from emulation_portal.lib import jobs
from emulation_portal.lib.pdf import render_pdf
from jobs.models import Job

from . import voting
from .models import Ballot, BallotStatus, CriteriaTable

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
        {
            "name": names[int(unit)],
            "votes": votes,
            "elected": int(unit) in ballot.result["elected"],
            "tied": int(unit) in ballot.result["tied"],
        }
        for unit, votes in sorted(ballot.result["votes"].items(), key=lambda kv: -kv[1])
    ]


@jobs.register(COUNT_MINUTES, gettext_lazy("Ballot count minutes"))
def count_minutes_render(job: Job, progress: jobs.Progress) -> tuple[str, bytes]:
    ballot = Ballot.objects.select_related("rule", "bloc").get(pk=job.params["ballot"])
    with translation.override(job.language):
        if ballot.status != BallotStatus.CLOSED:
            raise jobs.JobFailed(_("The ballot has not been counted yet."))
        progress(30, _("Rendering the PDF"))
        context = {
            **document_heading(job=job, series=SERIES),
            "ballot": ballot,
            "terms": voting.ballot_terms(ballot=ballot, members=ballot.result["members"]),
            "rows": _count_rows(ballot),
            "written": ballot.voters.filter(written=True).count(),
        }
        pdf = render_pdf(template_name="documents/ballot_count_minutes.html", context=context)
        filename = _("Count minutes %(bloc)s %(year)s round %(round)s.pdf") % {
            "bloc": ballot.bloc.name,
            "year": ballot.year,
            "round": ballot.round,
        }
    return filename, pdf


@jobs.register(MEETING_MINUTES, gettext_lazy("Meeting minutes"))
def meeting_minutes_render(job: Job, progress: jobs.Progress) -> tuple[str, bytes]:
    with translation.override(job.language):
        ballots = list(
            Ballot.objects.filter(bloc_id=job.bloc_id, year=job.year, status=BallotStatus.CLOSED)
            .select_related("rule")
            .order_by("pk")
        )
        if not ballots:
            raise jobs.JobFailed(_("No ballot of that year has been counted yet."))
        table = CriteriaTable.objects.filter(bloc_id=job.bloc_id, year=job.year).first()
        publication = table.publications.order_by("-version").first() if table else None
        progress(30, _("Rendering the PDF"))
        context = {
            **document_heading(job=job, series=SERIES),
            "year": job.year,
            "ballots": [
                (
                    ballot,
                    _count_rows(ballot),
                    voting.ballot_terms(ballot=ballot, members=ballot.result["members"]),
                )
                for ballot in ballots
            ],
            "publication": publication,
        }
        pdf = render_pdf(template_name="documents/meeting_minutes.html", context=context)
        filename = _("Meeting minutes %(bloc)s %(year)s.pdf") % {
            "bloc": job_bloc(job).name,
            "year": job.year,
        }
    return filename, pdf

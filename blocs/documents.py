"""Documents of the bloc, rendered in the background (see ``emulation_portal.lib.jobs``)."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation_portal.lib import jobs
from emulation_portal.lib.dates import administrative_date_parts
from emulation_portal.lib.pdf import render_pdf
from jobs.models import Job
from jobs.services import job_document_number

from .models import Bloc, MembershipRole, Person
from .selectors import memberships_of_year


def job_bloc(job: Job) -> Bloc:
    """The bloc a job is about (the job engine knows it by id only), read once per job."""
    bloc = getattr(job, "_bloc", None)
    if bloc is None:
        bloc = job._bloc = Bloc.objects.select_related("command").get(pk=job.bloc_id)
    return bloc


def document_heading(*, job: Job, series: str) -> dict[str, object]:
    """What heads every document of a bloc: issuing body, number in its series, place, date."""
    bloc = job_bloc(job)
    return {
        "bloc": bloc,
        "command": bloc.command,
        "number": job_document_number(job=job, series=series),
        "series": series,
        "place": bloc.place,
        "date": administrative_date_parts(timezone.localdate(job.created_at)),
    }


ROSTER = "bloc_roster"
ROSTER_SERIES = "DS"  # danh sách


@jobs.register(ROSTER, gettext_lazy("Bloc roster"))
def roster_render(job: Job, progress: jobs.Progress) -> tuple[str, bytes]:
    """The list of a bloc's member units in a year, their roles and commanders."""
    bloc = job_bloc(job)
    with translation.override(job.language):
        memberships = list(memberships_of_year(bloc=bloc, year=job.year))
        if not memberships:
            raise jobs.JobFailed(
                _("The bloc has no member units in %(year)s: add them first.") % {"year": job.year}
            )
        progress(20, _("Collecting the member units"))
        commanders = {
            person.unit_id: person
            for person in Person.objects.filter(
                unit__in=[m.unit_id for m in memberships], is_commander=True
            )
        }
        rows = [(m, commanders.get(m.unit_id)) for m in memberships]
        leader = next((m for m in memberships if m.role == MembershipRole.LEADER), None)
        heading = document_heading(job=job, series=ROSTER_SERIES)
        progress(50, _("Rendering the PDF"))
        pdf = render_pdf(
            template_name="documents/bloc_roster.html",
            context={
                **heading,
                "year": job.year,
                "rows": rows,
                "leader": leader,
                "leader_commander": commanders.get(leader.unit_id) if leader else None,
            },
        )
        filename = _("Bloc roster %(bloc)s %(year)s.pdf") % {"bloc": bloc.name, "year": job.year}
    return filename, pdf

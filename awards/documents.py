"""The bloc's award dossier and a nominee's achievement report, as PDF jobs."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.documents import document_heading, job_bloc
from emulation_portal.lib import jobs
from emulation_portal.lib.pdf import render_pdf
from jobs.models import Job

from .models import Proposal

DOSSIER_PACK = "proposal_dossier"
DOSSIER_SERIES = "TTr"  # tờ trình


@jobs.register(DOSSIER_PACK, gettext_lazy("Award dossier"))
def dossier_render(job: Job, progress: jobs.Progress) -> tuple[str, bytes]:
    """The bloc's dossier: covering letter, list of nominees, then each achievement report."""
    with translation.override(job.language):
        proposals = list(
            Proposal.objects.in_dossier()
            .filter(bloc_id=job.bloc_id, year=job.year)
            .select_related("award", "unit", "person")
            .order_by("award__name", "unit__name")
        )
        if not proposals:
            raise jobs.JobFailed(_("No submitted proposal to put in the dossier."))
        progress(30, _("Rendering the PDF"))
        context = {
            **document_heading(job=job, series=DOSSIER_SERIES),
            "year": job.year,
            "proposals": proposals,
        }
        pdf = render_pdf(template_name="documents/proposal_dossier.html", context=context)
        filename = _("Award dossier %(bloc)s %(year)s.pdf") % {
            "bloc": job_bloc(job).name,
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
        context = {**document_heading(job=job, series=DOSSIER_SERIES), "proposal": proposal}
        pdf = render_pdf(template_name="documents/achievement_report.html", context=context)
        nominee = proposal.person.full_name if proposal.person else proposal.unit.name
        filename = _("Achievement report %(nominee)s %(year)s.pdf") % {
            "nominee": nominee,
            "year": job.year,
        }
    return filename, pdf

"""The year-end summary job: compute the year, keep it as a new version, print it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.documents import job_bloc
from blocs.models import Bloc
from emulation_portal.lib import jobs
from emulation_portal.lib.charts import Bar, bar_chart
from emulation_portal.lib.dates import administrative_date_parts
from emulation_portal.lib.numbers import number
from emulation_portal.lib.pdf import render_pdf
from jobs.models import Job
from jobs.services import job_document_number

from .compute import summary_compute
from .models import YearSummary

SUMMARY = "year_summary"
SERIES = "BC"  # báo cáo


def charts(content: dict[str, Any]) -> dict[str, SafeString]:
    """The summary's charts, drawn from its stored figures (in the active language)."""
    progress = [
        Bar(row["name"], float(row["completion"]), f"{number(row['completion'])} %")
        for row in content["units"]
        if row["completion"] is not None
    ]
    awards = [Bar(row["award"], row["granted"]) for row in content["awards"]]
    ranking = content.get("ranking") or {}
    scores = [Bar(row["label"], row["count"]) for row in ranking.get("bins", [])]
    return {
        "progress": bar_chart(progress, title=_("Targets reached, by unit (%)"), maximum=100),
        "awards": bar_chart(awards, title=_("Awards granted, by form")),
        "scores": bar_chart(scores, title=_("Units by score range")),
    }


def version_for(job: Job) -> YearSummary:
    """The version this job writes: made once, so a retried job does not add another."""
    with transaction.atomic():
        existing = YearSummary.objects.filter(job=job).first()
        if existing is not None:
            return existing
        Bloc.objects.select_for_update().get(pk=job.bloc_id)  # one new version at a time
        versions = YearSummary.objects.filter(bloc_id=job.bloc_id, year=job.year)
        last = versions.aggregate(last=Max("version"))["last"] or 0
        return YearSummary.objects.create(
            bloc=job_bloc(job),
            year=job.year,
            version=last + 1,
            job=job,
            content=summary_compute(bloc=job_bloc(job), year=job.year),
            written_by=job.requested_by,
            written_at=timezone.now(),
        )


@jobs.register(SUMMARY, gettext_lazy("Year-end summary"))
def summary_render(job: Job, progress: jobs.Progress) -> tuple[str, bytes]:
    with translation.override(job.language):
        progress(10, _("Gathering the year's figures"))
        summary = version_for(job)
        progress(50, _("Rendering the PDF"))
        context = {
            "bloc": job_bloc(job),
            "command": job_bloc(job).command,
            "number": job_document_number(job=job, series=SERIES),
            "series": SERIES,
            "place": job_bloc(job).place,
            "date": administrative_date_parts(timezone.localdate(summary.written_at)),
            "summary": summary,
            "content": summary.content,
            "charts": charts(summary.content),
        }
        pdf = render_pdf(template_name="documents/year_summary.html", context=context)
        filename = _("Year-end summary %(bloc)s %(year)s v%(version)s.pdf") % {
            "bloc": job_bloc(job).name,
            "year": job.year,
            "version": summary.version,
        }
    return filename, pdf

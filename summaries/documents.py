"""The year-end summary job: compute the year, keep it as a new version, print it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings
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
from emulation_portal.lib.pdf import page_number_sheets, render_pdf
from emulation_portal.lib.pdfjoin import join_pdfs, overlay_pages, page_count
from jobs.models import Job
from jobs.services import job_document_number

from .compute import summary_compute
from .models import YearSummary

SUMMARY = "year_summary"
SERIES = "BC"  # báo cáo
UNNUMBERED = "css/document_unnumbered.css"


def charts(content: dict[str, Any], *, progress: bool = True) -> dict[str, SafeString]:
    """The summary's charts, drawn from its stored figures (in the active language); the
    PDF draws the units' progress chunk by chunk instead (``progress=False``)."""
    awards = [Bar(row["award"], row["granted"]) for row in content["awards"]]
    ranking = content.get("ranking") or {}
    scores = [Bar(row["label"], row["count"]) for row in ranking.get("bins", [])]
    return {
        "progress": progress_chart(content["units"]) if progress else SafeString(""),
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


# --- The PDF, in chunks ----------------------------------------------------------------------
#
# WeasyPrint holds a document's whole layout in memory, about 1 MB of a worker's memory per unit
# of the bloc for this report. So the PDF is rendered in chunks of at most
# PORTAL_SUMMARY_CHUNK_ROWS table rows (or chart bars), each one WeasyPrint document, like a
# decision's certificates: the chunks are joined by streaming them (``lib.pdfjoin``) and their
# pages numbered afterwards ("3/40"), so a worker's memory stays flat whatever the bloc's size.
# A chunk starts on a new page; a section's heading comes once, where it starts.

# The sections in order: (template, what its rows are: None for a section of fixed size).
PARTS: tuple[tuple[str, str | None], ...] = (
    ("campaign", None),
    ("units", "units"),
    ("progress", "progress"),
    ("targets", "targets"),
    ("ranking", "ranking"),
    ("scores", None),
    ("ballots", "ballots"),
    ("awards", None),
    ("exemplary", "exemplary"),
)
FIXED_WEIGHT = 20  # what a section of fixed size (a short table, a chart) counts as, in rows
CHART_BARS = 40  # bars in one chart of the units' progress: about one page


def _rows(content: dict[str, Any], part: str) -> list[Any]:
    return {
        "units": content["units"],
        "progress": [row for row in content["units"] if row["completion"] is not None],
        "targets": content["targets"],
        "ranking": (content.get("ranking") or {}).get("rows", []),
        "ballots": [  # a ballot's rows, each with its ballot (a ballot of none: one entry)
            (index, position, row)
            for index, ballot in enumerate(content["ballots"])
            for position, row in enumerate(ballot["rows"] or [None])
        ],
        "exemplary": content["exemplary"],
    }[part]


def _ballots(content: dict[str, Any], rows: list[Any]) -> list[dict[str, Any]]:
    """The ballots of a piece, each with its rows there; one begun in an earlier piece is
    marked continued (its question is not repeated)."""
    ballots: list[dict[str, Any]] = []
    for index, position, row in rows:
        if not ballots or ballots[-1]["index"] != index:
            ballot = content["ballots"][index]
            ballots.append({**ballot, "index": index, "rows": [], "continued": position > 0})
        if row is not None:
            ballots[-1]["rows"].append(row)
    return ballots


def summary_chunks(content: dict[str, Any], budget: int) -> list[list[list[Any]]]:
    """The chunks of the PDF: each a list of pieces [part, first row, end row], of at most
    ``budget`` rows in all (a section of fixed size counts as FIXED_WEIGHT rows)."""
    chunks: list[list[list[Any]]] = [[]]
    used = 0

    def place(piece: list[Any], weight: int) -> None:
        nonlocal used
        if used and used + weight > budget:
            chunks.append([])
            used = 0
        chunks[-1].append(piece)
        used += weight

    for part, rows_of in PARTS:
        if rows_of is None:
            place([part, 0, 0], FIXED_WEIGHT)
            continue
        rows = _rows(content, rows_of)
        start = 0
        if not rows:
            place([part, 0, 0], 1)
        while start < len(rows):
            room = max(budget - used, 1) if used < budget else budget
            end = min(start + room, len(rows), start + CHART_BARS if part == "progress" else 10**9)
            place([part, start, end], end - start)
            start = end
    return chunks


def _pieces(content: dict[str, Any], chunk: list[list[Any]]) -> list[dict[str, Any]]:
    pieces = []
    for part, start, end in chunk:
        rows = _rows(content, part)[start:end] if dict(PARTS)[part] else []
        if part == "ballots":
            rows = _ballots(content, rows)
        piece = {"template": f"summaries/content_{part}.html", "rows": rows, "start": start == 0}
        if part == "progress":
            if not rows and start:
                continue
            piece["chart"] = progress_chart(rows)
        pieces.append(piece)
    return pieces


def progress_chart(rows: list[dict[str, Any]]) -> SafeString:
    progress = [
        Bar(row["name"], float(row["completion"]), f"{number(row['completion'])} %")
        for row in rows
        if row["completion"] is not None
    ]
    return bar_chart(progress, title=_("Targets reached, by unit (%)"), maximum=100)


def _summary(job: Job) -> YearSummary:
    return YearSummary.objects.get(job=job)


def _plan(job: Job) -> jobs.Plan:
    """Write the version (once), then divide its PDF into chunks, kept in the job so a resumed
    job renders the same pages."""
    if "chunks" not in job.params:
        summary = version_for(job)
        job_document_number(job=job, series=SERIES)  # given once, not by each chunk's worker
        chunks = summary_chunks(summary.content, settings.PORTAL_SUMMARY_CHUNK_ROWS)
        job.params = {**job.params, "chunks": chunks}
        Job.objects.filter(pk=job.pk).update(params=job.params)
    return jobs.Plan(sizes=[len(chunk) for chunk in job.params["chunks"]])


def _render_chunk(job: Job, index: int) -> bytes:
    summary = _summary(job)
    chunks = job.params["chunks"]
    with translation.override(job.language):
        context = {
            "bloc": job_bloc(job),
            "command": job_bloc(job).command,
            "number": job.params["number"],
            "series": SERIES,
            "place": job_bloc(job).place,
            "date": administrative_date_parts(timezone.localdate(summary.written_at)),
            "summary": summary,
            "content": summary.content,
            "charts": charts(summary.content, progress=False),
            "pieces": _pieces(summary.content, chunks[index]),
            "first": index == 0,
            "last": index == len(chunks) - 1,
        }
        return render_pdf(
            template_name="documents/year_summary.html",
            context=context,
            stylesheets=[UNNUMBERED],
        )


def _assemble(job: Job, paths: list[Path], output: IO[bytes]) -> str:
    """Number the chunks' pages across the whole report, then join them."""
    total = sum(page_count(path) for path in paths)
    with tempfile.TemporaryDirectory() as folder:
        sheets = Path(folder) / "numbers.pdf"
        sheets.write_bytes(page_number_sheets(total))
        overlay_pages(paths, sheets)
    join_pdfs(paths, output)
    summary = _summary(job)
    with translation.override(job.language):
        return _("Year-end summary %(bloc)s %(year)s v%(version)s.pdf") % {
            "bloc": job_bloc(job).name,
            "year": job.year,
            "version": summary.version,
        }


jobs.register_batch(
    jobs.BatchKind(
        code=SUMMARY,
        label=gettext_lazy("Year-end summary"),
        plan=_plan,
        render_chunk=_render_chunk,
        assemble=_assemble,
    )
)

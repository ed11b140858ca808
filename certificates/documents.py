"""Certificates as PDF: one page each, in batches that workers render chunk by chunk.

The batch job (kind ``certificates``) issues the serials of the decision's recipients on its
first run and freezes their order in the job, so a resumed or retried job prints the same
pages. Each chunk of ``PORTAL_CERTIFICATE_CHUNK`` certificates is one WeasyPrint document;
the chunks are joined by streaming them into the result one at a time (``lib.pdfjoin``), so
memory stays flat whatever the number of recipients. The ZIP holds one PDF per recipient,
named after them, split from one chunk at a time.
"""

from __future__ import annotations

import base64
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import pikepdf
import zxingcpp
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from awards.models import AwardDecision, ProposalStatus
from blocs.documents import job_bloc
from emulation_portal.lib import jobs
from emulation_portal.lib.downloads import safe_filename
from emulation_portal.lib.pdf import render_pdf
from emulation_portal.lib.pdfjoin import join_pdfs
from jobs.models import Job

from . import layout
from .models import Certificate
from .services import BATCH, certificates_issue, print_problems, recipients

STYLESHEET = "css/certificate.css"


def verify_url(certificate: Certificate) -> str:
    path = reverse("certificate_verify", args=[certificate.code])
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _positioned(box: layout.Box, dx: float, dy: float) -> str:
    return (
        f"left: {box.x + dx:.1f}mm; top: {box.y + dy:.1f}mm; "
        f"width: {box.width:.1f}mm; height: {box.height:.1f}mm;"
    )


def qr_data_uri(url: str) -> str:
    """The QR code of a link as a one-pixel-per-module PNG, drawn without smoothing.

    ZXing-C++ encodes it (error correction M, the mask chosen by the standard's penalty
    rules) in well under a millisecond, where segno, in pure Python, took 6 ms a page with
    its PNG: a sixth of a certificate's render. The tiny PNG is cheap for WeasyPrint too.
    """
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = code.to_image(scale=1, add_quiet_zones=False)
    height, width = modules.shape
    image = Image.frombuffer("L", (width, height), memoryview(modules), "raw", "L", 0, 1)
    buffer = io.BytesIO()
    image.convert("1").save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _css(line: layout.Line, text: str) -> str:
    if line.name == "title" and len(text) > layout.TITLE_SHORT:
        return f"{line.css} long"
    return line.css


def _page(certificate: Certificate, *, blank: bool, dx: float, dy: float) -> dict[str, Any]:
    url = verify_url(certificate)
    texts = {line.name: certificate.lines.get(line.name, "") for line in layout.LINES}
    return {
        "serial": certificate.serial,
        "lines": [
            {
                "css": _css(line, texts[line.name]),
                "style": _positioned(line.box, dx, dy),
                "text": texts[line.name],
            }
            for line in layout.LINES
            if line.variable or not blank
        ],
        "qr": qr_data_uri(url),
        "qr_style": _positioned(layout.QR_BOX, dx, dy),
        "url": url,
    }


def certificates_pdf(
    certificates: list[Certificate], *, blank: bool = False, offset: tuple[Any, Any] = (0, 0)
) -> bytes:
    """Certificates, one A4 landscape page each. On blanks, only the variable lines and the
    QR code are printed, moved by the printer's offsets."""
    dx, dy = (float(value) for value in offset) if blank else (0.0, 0.0)
    context = {
        "pages": [_page(c, blank=blank, dx=dx, dy=dy) for c in certificates],
        "blank": blank,
        "motto_style": _positioned(layout.MOTTO_BOX, 0, 0),
    }
    with translation.override("vi"):
        return render_pdf(
            template_name="documents/certificates.html", context=context, stylesheets=[STYLESHEET]
        )


def calibration_pdf(*, printer: str, offset_x: Decimal, offset_y: Decimal) -> bytes:
    """One page to print on plain paper and hold against a blank: the boxes of every
    variable line, where this printer's offsets put them, and marks 10 mm from each edge."""
    dx, dy = float(offset_x), float(offset_y)
    boxes = [
        {"label": line.label, "style": _positioned(line.box, dx, dy)}
        for line in layout.LINES
        if line.variable
    ] + [{"label": "QR", "style": _positioned(layout.QR_BOX, dx, dy)}]
    context = {
        "printer": printer,
        "offset_x": offset_x,
        "offset_y": offset_y,
        "boxes": boxes,
        "page_width": layout.PAGE_WIDTH_MM,
        "page_height": layout.PAGE_HEIGHT_MM,
    }
    return render_pdf(
        template_name="documents/certificate_calibration.html",
        context=context,
        stylesheets=[STYLESHEET],
    )


# --- The batch job ---------------------------------------------------------------------------


def _decision(job: Job) -> AwardDecision:
    return AwardDecision.objects.get(pk=job.params["decision"])


def _plan(job: Job) -> jobs.Plan:
    if "certificates" not in job.params:
        decision = _decision(job)
        with translation.override(job.language):
            problems = print_problems(decision=decision, bloc=job_bloc(job))
            if problems:
                raise jobs.JobFailed(" ".join(problems))
            if job.requested_by is None:
                raise jobs.JobFailed(_("The person who asked for this batch has left."))
        printable = [
            p
            for p in recipients(decision=decision, bloc=job_bloc(job))
            if p.status != ProposalStatus.REVOKED
        ]
        issued = certificates_issue(user=job.requested_by, decision=decision, proposals=printable)
        job.params = {
            **job.params,
            "certificates": [c.pk for c in issued],
            "chunk": settings.PORTAL_CERTIFICATE_CHUNK,
        }
        Job.objects.filter(pk=job.pk).update(params=job.params)
    ids, size = job.params["certificates"], job.params["chunk"]
    return jobs.Plan(sizes=[len(ids[start : start + size]) for start in range(0, len(ids), size)])


def _chunk_certificates(job: Job, index: int) -> list[Certificate]:
    size = job.params["chunk"]
    ids = job.params["certificates"][index * size : (index + 1) * size]
    found = Certificate.objects.in_bulk(ids)
    return [found[pk] for pk in ids]


def _render_chunk(job: Job, index: int) -> bytes:
    blank = job.params["mode"] == "blank"
    offset = job.params.get("offset") or (0, 0)
    return certificates_pdf(_chunk_certificates(job, index), blank=blank, offset=offset)


def _assemble(job: Job, paths: list[Path], output: IO[bytes]) -> str:
    ids = job.params["certificates"]
    if job.params["output"] == "zip":
        pages = _write_zip(ids, paths, output)
    else:
        pages = join_pdfs(paths, output)
    if pages != len(ids):  # one page per recipient, none lost, none doubled
        raise jobs.JobFailed(
            _("The batch has %(pages)s pages for %(count)s certificates; try again.")
            % {"pages": pages, "count": len(ids)}
        )
    decision = _decision(job)
    with translation.override(job.language):
        name = _("Certificates %(number)s %(bloc)s") % {
            "number": decision.number,
            "bloc": job_bloc(job).name,
        }
        if job.params["mode"] == "blank":
            name += " " + _("(blanks, %(printer)s)") % {"printer": job.params.get("printer", "")}
    return f"{name}.{job.params['output']}"


def _write_zip(ids: list[int], paths: list[Path], output: IO[bytes]) -> int:
    """One PDF per recipient, named "serial rank name.pdf", one chunk in memory at a time."""
    certificates = Certificate.objects.in_bulk(ids)
    remaining = iter(ids)
    count = 0
    # PDFs are compressed already: stored as they are, the archive costs no CPU.
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_STORED) as archive:
        for path in paths:
            with pikepdf.open(path) as chunk:
                for page in chunk.pages:
                    certificate = certificates[next(remaining)]
                    with pikepdf.new() as single:
                        single.pages.append(page)
                        buffer = io.BytesIO()
                        single.save(buffer)
                    name = f"{certificate.serial} {certificate.lines.get('recipient', '')}.pdf"
                    archive.writestr(safe_filename(name), buffer.getvalue())
                    count += 1
    return count


jobs.register_batch(
    jobs.BatchKind(
        code=BATCH,
        label=gettext_lazy("Certificates"),
        plan=_plan,
        render_chunk=_render_chunk,
        assemble=_assemble,
    )
)

"""The signed pledge as a PDF: every signature block, a QR code to its public verification
page, and a PAdES signature by the organisation's certificate."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation_portal.lib import jobs
from emulation_portal.lib.dates import administrative_date_parts
from emulation_portal.lib.pdf import render_pdf
from emulation_portal.lib.pdf_signing import SigningNotConfigured, sign_pdf
from jobs.models import Job
from jobs.services import job_document_number

from .models import Pledge, PledgeVersion
from .services import pledge_verify

PLEDGE_DOCUMENT = "pledge_document"
SERIES = "GƯ"  # giao ước


def pledge_verify_url(pledge: Pledge) -> str:
    path = reverse("pledges:verify_public", args=[pledge.public_id])
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _signed_text(version: PledgeVersion) -> dict[str, Any]:
    """The frozen text the signatures cover, as the PDF prints it (never today's rows)."""
    signed = json.loads(version.canonical_text)
    for target in signed["targets"]:
        target["target_value"] = Decimal(target["target_value"])
        target["deadline"] = datetime.date.fromisoformat(target["deadline"])
    return signed


@jobs.register(PLEDGE_DOCUMENT, gettext_lazy("Signed emulation pledge"))
def pledge_document_render(job: Job, progress: jobs.Progress) -> tuple[str, bytes]:
    pledge = Pledge.objects.select_related("campaign__bloc__command").get(pk=job.params["pledge"])
    version = pledge.versions.get(number=job.params["version"])
    with translation.override(job.language):
        if version.superseded_at is not None:
            raise jobs.JobFailed(_("This version was superseded; print the current one."))
        if not pledge_verify(pledge=pledge).ok:
            raise jobs.JobFailed(_("The stored pledge no longer matches what was signed."))
        progress(20, _("Collecting the signatures"))
        campaign = pledge.campaign
        verify_url = pledge_verify_url(pledge)
        context = {
            "pledge": pledge,
            "campaign": campaign,
            "bloc": campaign.bloc,
            "command": campaign.bloc.command,
            "version": version,
            "signed": _signed_text(version),
            "signatures": version.signatures.select_related("unit").order_by("unit__name"),
            "verify_url": verify_url,
            "qr": segno.make(verify_url, error="m").svg_data_uri(scale=3),
            "number": job_document_number(job=job, series=SERIES),
            "series": SERIES,
            "place": campaign.bloc.place,
            "date": administrative_date_parts(timezone.localdate(job.created_at)),
        }
        progress(40, _("Rendering the PDF"))
        pdf = render_pdf(template_name="documents/pledge.html", context=context)
        progress(80, _("Signing the PDF"))
        try:
            signed = sign_pdf(
                pdf,
                reason=_("Signed emulation pledge, version %(number)s")
                % {"number": version.number},
                location=campaign.bloc.place,
            )
        except SigningNotConfigured as error:
            raise jobs.JobFailed(
                _("The organisation's signing certificate is not installed; tell an administrator.")
            ) from error
        names = {"year": campaign.year, "bloc": campaign.bloc.name, "number": version.number}
        filename = _("Emulation pledge %(year)s %(bloc)s v%(number)s.pdf") % names
    return filename, signed

"""The year-end summary on the web: the latest version (or an earlier one) and its PDFs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from blocs.selectors import bloc_get_for_user
from emulation_portal.lib.downloads import file_attachment
from emulation_portal.lib.exports import EXPORT_LANGUAGE, workbook_response
from jobs.selectors import job_result

from . import exports, services
from .documents import charts
from .selectors import summary_get_for_user, summary_versions_for_user


@require_safe
@login_required
def summary_detail(
    request: HttpRequest, bloc_pk: int, year: int, version: int | None = None
) -> HttpResponse:
    bloc, versions = summary_versions_for_user(user=request.user, bloc_pk=bloc_pk, year=year)
    shown = versions[0] if versions else None
    if version is not None:
        shown = summary_get_for_user(user=request.user, bloc_pk=bloc_pk, year=year, version=version)
    context = {
        "bloc": bloc,
        "year": year,
        "versions": versions,
        "summary": shown,
        "content": shown.content if shown else None,
        "charts": charts(shown.content) if shown else None,
        "may_write": services.summary_can_write(user=request.user, bloc=bloc, year=year),
    }
    return render(request, "summaries/detail.html", context)


@require_safe
@login_required
def summary_pdf(request: HttpRequest, bloc_pk: int, year: int, version: int) -> FileResponse:
    """A version's PDF, for whoever may read the bloc's summary."""
    summary = summary_get_for_user(user=request.user, bloc_pk=bloc_pk, year=year, version=version)
    job = job_result(summary.job)
    return file_attachment(job.file, filename=job.filename)


@require_safe
@login_required
def summary_export(request: HttpRequest, bloc_pk: int, year: int, version: int) -> FileResponse:
    """A version's tables as a workbook, for whoever may read the bloc's summary."""
    summary = summary_get_for_user(user=request.user, bloc_pk=bloc_pk, year=year, version=version)
    with translation.override(EXPORT_LANGUAGE):
        filename = _("Year-end summary %(bloc)s %(year)s v%(version)s") % {
            "bloc": summary.bloc.name,
            "year": year,
            "version": version,
        }
        return workbook_response(filename, exports.summary_sheets(summary=summary))


@login_required
@require_POST
def summary_generate(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    job = services.summary_request(user=request.user, bloc=bloc, year=year, language=get_language())
    return redirect("blocs:job_detail", job.pk)

"""Pages of spreadsheet imports: upload, the preview of every row, the confirmation, and each
kind's template. The mechanism is ``emulation_portal.lib.imports`` and the ``imports`` app; the
pages live here because who may import is a question of the bloc and its year."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emulation_portal.lib import imports as sheets
from emulation_portal.lib.downloads import attachment
from emulation_portal.lib.views import form_page, service_run
from imports import services as import_services
from imports.models import ImportBatch

from . import selectors
from .forms import ImportUploadForm
from .models import Bloc

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSED_PER_PAGE = 100


def _kind(code: str) -> sheets.ImportKind:
    try:
        return sheets.get_kind(code)
    except KeyError as error:
        raise Http404 from error


def _kind_for_bloc(
    request: HttpRequest, bloc_pk: int, year: int, code: str
) -> tuple[Bloc, sheets.ImportKind]:
    """The bloc (404 to outsiders) and the kind, if the user may import it there (else 403)."""
    bloc = selectors.bloc_get_for_user(user=request.user, pk=bloc_pk)
    kind = _kind(code)
    if not kind.permitted(user=request.user, bloc_id=bloc.pk, year=year):
        raise PermissionDenied
    return bloc, kind


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: HttpRequest, bloc_pk: int, year: int, import_kind: str) -> HttpResponse:
    bloc, kind = _kind_for_bloc(request, bloc_pk, year, import_kind)
    recent = (
        selectors.import_batch_list_for_user(user=request.user)
        .filter(bloc_id=bloc.pk, kind=kind.code)
        .defer("preview")[:10]
    )
    return form_page(
        request,
        form=ImportUploadForm(request.POST or None, request.FILES or None),
        save=lambda data: import_services.import_upload(
            user=request.user, kind=kind.code, bloc_id=bloc.pk, year=year, upload=data["file"]
        ),
        success_url=lambda batch: reverse("blocs:import_preview", args=[batch.pk]),
        template_name="blocs/import_upload.html",
        context={"bloc": bloc, "year": year, "kind": kind, "recent": recent},
    )


@require_safe
@login_required
def import_template(
    request: HttpRequest, bloc_pk: int, year: int, import_kind: str
) -> HttpResponse:
    bloc, kind = _kind_for_bloc(request, bloc_pk, year, import_kind)
    target = sheets.Target(user=request.user, bloc_id=bloc.pk, year=year)
    return attachment(
        sheets.template_build(kind=kind, target=target),
        filename=f"{kind.sheet_title} - {bloc.name}.xlsx",
        content_type=XLSX,
    )


def _rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored rows with their problems as sentences naming the row and the column."""
    return [
        {**row, "problems": [str(sheets.Problem.from_json(p)) for p in row["problems"]]}
        for row in rows
    ]


@require_safe
@login_required
def import_preview(request: HttpRequest, pk: UUID) -> HttpResponse:
    batch = selectors.import_batch_get_for_user(user=request.user, pk=pk)
    bloc = get_object_or_404(Bloc, pk=batch.bloc_id)
    kind = _kind(batch.kind)
    preview = batch.preview
    refused = Paginator(preview.get("refused", []), REFUSED_PER_PAGE).get_page(
        request.GET.get("page")
    )
    sample = _rows(preview.get("sample", []))
    context = {
        "batch": batch,
        "bloc": bloc,
        "kind": kind,
        "columns": preview.get("columns", []),
        "problems": [str(sheets.Problem.from_json(p)) for p in preview.get("problems", [])],
        "notes": preview.get("notes", []),
        "page_obj": refused,
        "refused": _rows(list(refused)),
        "sample": sample,
        "not_shown": batch.rows_total - batch.rows_refused - len(sample),
        "may_apply": batch.may_apply
        and kind.permitted(user=request.user, bloc_id=batch.bloc_id, year=batch.year),
    }
    return render(request, "blocs/import_preview.html", context)


@login_required
@require_POST
def import_apply(request: HttpRequest, pk: UUID) -> HttpResponse:
    batch = selectors.import_batch_get_for_user(user=request.user, pk=pk)
    applied: ImportBatch | None = service_run(
        request, lambda: import_services.import_apply(user=request.user, batch=batch)
    )
    if applied is not None:
        messages.success(
            request,
            _("Imported %(file)s: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.")
            % {
                "file": applied.name,
                "new": applied.rows_new,
                "changed": applied.rows_changed,
                "unchanged": applied.rows_unchanged,
            },
        )
    return redirect("blocs:import_preview", batch.pk)

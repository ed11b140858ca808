"""Pages of scoring: the score table, the sheets, the ranking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from blocs.models import Unit
from blocs.scope import scope_for
from blocs.selectors import bloc_get_for_user, bloc_list_for_user
from emulation_portal.lib.downloads import file_attachment
from emulation_portal.lib.exports import EXPORT_LANGUAGE, workbook_response
from emulation_portal.lib.forms import add_service_errors

from .. import exports, scoring
from ..forms import (
    CriteriaTableForm,
    CriterionFormSet,
    ScoreSheetForm,
)
from ..models import (
    CriteriaTable,
    ScoreEvidence,
    SheetStatus,
)
from ..selectors import sheet_for_display, table_get_for_user, table_list_for_user

SHEET_MESSAGES = {
    "save": gettext_lazy("Saved the self-score of %(unit)s."),
    "submit": gettext_lazy("Submitted the self-score of %(unit)s."),
    "check": gettext_lazy("Saved the cross-check of %(unit)s."),
}


@require_safe
@login_required
def score_table_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    existing = set(table_list_for_user(user=request.user).values_list("bloc_id", "year"))
    creatable = [
        (bloc, year)
        for bloc in bloc_list_for_user(user=request.user)
        for year in sorted(scope.writable_years.get(bloc.pk, ()))
        if (bloc.pk, year) not in existing
    ]
    context = {
        "tables": table_list_for_user(user=request.user).order_by("-year"),
        "creatable": creatable,
    }
    return render(request, "evaluation/score_table_list.html", context)


@login_required
@require_POST
def score_table_create(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    previous = CriteriaTable.objects.filter(bloc=bloc, year__lt=year).order_by("-year").first()
    try:
        table = scoring.criteria_table_create(
            user=request.user, bloc=bloc, year=year, copy_from=previous
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:score_tables")
    messages.success(
        request,
        _("Made the score table of %(bloc)s for %(year)s.") % {"bloc": bloc.name, "year": year},
    )
    return redirect("evaluation:criteria", table.pk)


@require_http_methods(["GET", "POST"])
@login_required
def criteria_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The score table: its settings (deadline, caps, checking units) and its criteria."""
    table = table_get_for_user(user=request.user, pk=pk)
    if not scoring.table_can_manage(user=request.user, table=table):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    formset = CriterionFormSet(data, queryset=table.criteria.all())
    members = Unit.objects.filter(memberships__bloc=table.bloc, memberships__year=table.year)
    settings_form = CriteriaTableForm(data, instance=table, members=members, prefix="table")
    if data is not None and formset.is_valid() and settings_form.is_valid():
        try:
            scoring.criteria_table_update(
                user=request.user,
                table=table,
                settings=settings_form.cleaned_data,
                criteria=formset.save(commit=False),
                deleted=formset.deleted_objects,
            )
        except ValidationError as error:
            add_service_errors(settings_form, error)
        else:
            messages.success(
                request,
                _("Saved the score table of %(bloc)s for %(year)s.")
                % {"bloc": table.bloc.name, "year": table.year},
            )
            return redirect("evaluation:ranking", table.pk)
    context = {
        "table": table,
        "formset": formset,
        "settings_form": settings_form,
        "editable": scoring.criteria_editable(table=table),
    }
    invalid = bool(formset.errors and any(formset.errors)) or bool(settings_form.errors)
    return render(request, "evaluation/criteria_form.html", context, status=400 if invalid else 200)


@require_http_methods(["GET", "POST"])
@login_required
def score_sheet(
    request: HttpRequest, pk: int, unit_pk: int, checking: bool = False
) -> HttpResponse:
    """A unit's sheet: its commander scores it; the bloc cross-checks it (``checking``)."""
    table = table_get_for_user(user=request.user, pk=pk)
    unit = get_object_or_404(
        Unit.objects.filter(memberships__bloc=table.bloc, memberships__year=table.year), pk=unit_pk
    )
    manager = scoring.table_can_manage(user=request.user, table=table)
    if not scoring.sheet_can_read(user=request.user, table=table, unit=unit):
        raise PermissionDenied
    sheet, lines = sheet_for_display(table=table, unit=unit)
    if checking and not scoring.sheet_can_check(user=request.user, sheet=sheet):
        raise PermissionDenied
    form = ScoreSheetForm(request.POST or None, lines=lines, checking=checking)
    commanded = unit.pk in scope_for(request.user).commanded_unit_ids
    editable = checking or (commanded and sheet.status == SheetStatus.DRAFT)
    if request.method == "POST" and editable and form.is_valid():
        submit = not checking and "submit" in request.POST
        try:
            if checking:
                scoring.score_check_save(user=request.user, sheet=sheet, values=form.values())
            else:
                scoring.score_self_save(
                    user=request.user,
                    sheet=scoring.sheet_get_or_create(table=table, unit=unit),
                    values=form.values(),
                    submit=submit,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = SHEET_MESSAGES["check" if checking else "submit" if submit else "save"]
            messages.success(request, done % {"unit": unit.name})
            return redirect("evaluation:sheet", table.pk, unit.pk)
    context = {
        "table": table,
        "unit": unit,
        "sheet": sheet,
        "form": form,
        "editable": editable,
        "checking": checking,
        "manager": manager,
        "flagged": {line.pk for line in lines if line.pk and scoring.line_flagged(line)},
        "totals": scoring.score_row(unit=unit, lines=lines, table=table),
        "suggested": scoring.suggested_points(table=table, unit=unit),
    }
    return render(
        request, "evaluation/score_sheet.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    table = table_get_for_user(user=request.user, pk=pk)
    manager = scoring.table_can_manage(user=request.user, table=table)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        try:
            publication = scoring.scores_publish(
                user=request.user, table=table, reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Published the scores of %(bloc)s for %(year)s (version %(version)s).")
                % {"bloc": table.bloc.name, "year": table.year, "version": publication.version},
            )
        return redirect("evaluation:ranking", table.pk)
    ranking = scoring.ranking_for_user(user=request.user, table=table)
    context = {
        "table": table,
        "rows": [
            (row, ranking.group_points(row), ranking.sheets.get(row.unit.pk))
            for row in ranking.rows
        ],
        "groups": ranking.groups,
        "manager": manager,
        "checkable": ranking.checkable,
        "publications": table.publications.select_related("published_by"),
        "commanded": scope_for(request.user).commanded_unit_ids,
        "nominees": scoring.evaluation_nominees(bloc=table.bloc, year=table.year),
    }
    return render(request, "evaluation/ranking.html", context)


@require_safe
@login_required
def ranking_export(request: HttpRequest, pk: int) -> FileResponse:
    """The ranking page's table as a workbook, with the rows the page shows the user."""
    table = table_get_for_user(user=request.user, pk=pk)
    with translation.override(EXPORT_LANGUAGE):
        filename = _("Ranking %(bloc)s %(year)s") % {"bloc": table.bloc.name, "year": table.year}
        return workbook_response(filename, exports.ranking_sheets(user=request.user, table=table))


@login_required
@require_POST
def score_evidence_upload(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    table = table_get_for_user(user=request.user, pk=pk)
    unit = get_object_or_404(
        Unit, pk=unit_pk, memberships__bloc=table.bloc, memberships__year=table.year
    )
    if not scoring.sheet_can_read(user=request.user, table=table, unit=unit):
        raise PermissionDenied
    criterion = get_object_or_404(table.criteria, pk=request.POST.get("criterion") or 0)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            evidence = scoring.score_evidence_add(
                user=request.user, table=table, unit=unit, criterion=criterion, upload=upload
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Attached “%(file)s” to “%(criterion)s” of %(unit)s.")
                % {"file": evidence.name, "criterion": criterion.name, "unit": unit.name},
            )
    return redirect("evaluation:sheet", table.pk, unit.pk)


@require_safe
@login_required
def score_evidence_download(request: HttpRequest, evidence_pk: int) -> FileResponse:
    evidence = get_object_or_404(
        ScoreEvidence.objects.select_related("line__sheet"), pk=evidence_pk
    )
    sheet = evidence.line.sheet
    table = table_get_for_user(user=request.user, pk=sheet.table_id)
    if not scoring.sheet_can_read(user=request.user, table=table, unit=sheet.unit):
        raise PermissionDenied
    return file_attachment(
        evidence.file, filename=evidence.name, content_type=evidence.content_type
    )

"""Scoring (chấm điểm): the table, self-scores, cross-checks, publication and the ranking."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.saving import model_save
from audit.services import audit_record
from blocs.models import Bloc, Membership, Unit
from blocs.scope import scope_for
from emulation_portal.lib.numbers import number
from emulation_portal.lib.text import free_text
from emulation_portal.lib.uploads import EVIDENCE, upload_check
from pledges.models import ProgressReport, Target, TargetDirection

from .models import (
    Ballot,
    BallotStatus,
    CriteriaTable,
    Criterion,
    CriterionKind,
    ScoreEvidence,
    ScoreLine,
    ScorePublication,
    ScoreSheet,
    SheetStatus,
)

# A cross-checked score this far (share of the criterion's maximum) from the self-score is
# flagged for the meeting to look at.
FLAG_SHARE = Decimal("0.25")


def table_can_manage(*, user: AbstractBaseUser, table: CriteriaTable) -> bool:
    return scope_for(user).can_write_year(table.bloc_id, table.year)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def criteria_table_create(
    *, user: AbstractBaseUser, bloc: Bloc, year: int, copy_from: CriteriaTable | None = None
) -> CriteriaTable:
    """A new table for the year, empty or copied from an earlier one."""
    _require(scope_for(user).can_write_year(bloc.pk, year))
    table = CriteriaTable(bloc=bloc, year=year)
    if copy_from is not None:
        table.bonus_cap, table.penalty_cap = copy_from.bonus_cap, copy_from.penalty_cap
    table.full_clean()
    table.save()
    if copy_from is not None:
        Criterion.objects.bulk_create(
            Criterion(
                table=table,
                group=c.group,
                order=c.order,
                name=c.name,
                kind=c.kind,
                max_points=c.max_points,
            )
            for c in copy_from.criteria.all()
        )
    audit_record(
        action="criteriatable.create",
        actor=user,
        target=table,
        data={"copied_from": copy_from.pk if copy_from else None},
    )
    return table


def criteria_editable(*, table: CriteriaTable) -> bool:
    """The table changes only until a unit submits its score on it."""
    return not table.sheets.filter(status=SheetStatus.SUBMITTED).exists()


TABLE_SETTINGS = ("self_score_deadline", "bonus_cap", "penalty_cap")


@transaction.atomic
def criteria_table_update(
    *,
    user: AbstractBaseUser,
    table: CriteriaTable,
    settings: dict[str, Any],
    criteria: list[Criterion],
    deleted: list[Criterion],
) -> CriteriaTable:
    """Save the table's settings (deadline, caps, checking units) and its criteria at once.

    ``criteria`` are the new or changed criteria (unsaved instances, e.g. from a formset),
    ``deleted`` the ones to remove; nothing changes once a unit has submitted its score.
    """
    criteria_check_editable(user=user, table=table)
    table = model_save(actor=user, instance=table, data=settings, fields=TABLE_SETTINGS)
    if "checkers" in settings:
        table.checkers.set(settings["checkers"])
    for criterion in criteria:
        criterion.table = table
        criterion.full_clean()
        criterion.save()
    for criterion in deleted:
        if criterion.table_id == table.pk:
            criterion.delete()
    changes = {
        "saved": [c.name for c in criteria],
        "deleted": [c.name for c in deleted],
        "checkers": [u.name for u in settings.get("checkers", [])],
    }
    audit_record(action="criteria.update", actor=user, target=table, data=changes)
    return table


def criteria_check_editable(*, user: AbstractBaseUser, table: CriteriaTable) -> None:
    _require(table_can_manage(user=user, table=table))
    if not criteria_editable(table=table):
        raise ValidationError(
            _("Units have submitted scores on this table: it can no longer change.")
        )


def sheet_get_or_create(*, table: CriteriaTable, unit: Unit) -> ScoreSheet:
    sheet, _created = ScoreSheet.objects.get_or_create(table=table, unit=unit)
    missing = table.criteria.exclude(pk__in=sheet.lines.values("criterion_id"))
    ScoreLine.objects.bulk_create(ScoreLine(sheet=sheet, criterion=c) for c in missing)
    return sheet


def _check_points(line: ScoreLine, points: Decimal) -> None:
    if points < 0:
        raise ValidationError(
            _("“%(criterion)s”: points cannot be negative.") % {"criterion": line.criterion.name}
        )
    if points > line.criterion.max_points:
        raise ValidationError(
            _("“%(criterion)s”: at most %(max)s points.")
            % {"criterion": line.criterion.name, "max": number(line.criterion.max_points)}
        )


@transaction.atomic
def score_self_save(
    *,
    user: AbstractBaseUser,
    sheet: ScoreSheet,
    values: dict[int, tuple[Decimal, str]],
    submit: bool = False,
) -> ScoreSheet:
    """The commander's own scores, criterion by criterion; ``submit`` locks the sheet."""
    _require(sheet.unit_id in scope_for(user).commanded_unit_ids)
    sheet = ScoreSheet.objects.select_for_update().select_related("table").get(pk=sheet.pk)
    if sheet.status != SheetStatus.DRAFT:
        raise ValidationError(_("The score was submitted and is locked."))
    deadline = sheet.table.self_score_deadline
    if deadline and timezone.localdate() > deadline:
        raise ValidationError(
            _("Self-scores were due by %(date)s; ask the secretariat.")
            % {"date": deadline.strftime("%d/%m/%Y")}
        )
    lines = {line.criterion_id: line for line in sheet.lines.select_related("criterion")}
    for criterion_id, (points, justification) in values.items():
        line = lines[criterion_id]
        _check_points(line, points)
        line.self_points, line.justification = points, justification.strip()
    ScoreLine.objects.bulk_update(lines.values(), ["self_points", "justification"])
    if submit:
        sheet.status, sheet.submitted_at, sheet.submitted_by = (
            SheetStatus.SUBMITTED,
            timezone.now(),
            user,
        )
        sheet.save(update_fields=["status", "submitted_at", "submitted_by"])
    audit_record(
        action="score.submit" if submit else "score.save",
        actor=user,
        target=sheet,
        data={str(k): str(v[0]) for k, v in values.items()},
    )
    return sheet


@transaction.atomic
def score_adjust(
    *, user: AbstractBaseUser, line: ScoreLine, points: Decimal, reason: str
) -> ScoreLine:
    """The bloc's cross-check: another figure beside the unit's, with a written reason."""
    reason = free_text(reason)
    sheet = ScoreSheet.objects.select_for_update().select_related("table").get(pk=line.sheet_id)
    _require(sheet_can_check(user=user, sheet=sheet))
    if sheet.status != SheetStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted score is cross-checked."))
    if not reason.strip():
        raise ValidationError(_("Write why the score changes."))
    line = ScoreLine.objects.select_related("criterion").get(pk=line.pk)
    _check_points(line, points)
    before = line.checked_points
    line.checked_points, line.check_reason, line.checked_by = points, reason.strip(), user
    line.save(update_fields=["checked_points", "check_reason", "checked_by"])
    audit_record(
        action="score.adjust",
        actor=user,
        target=sheet,
        data={
            "criterion": line.criterion.name,
            "self": str(line.self_points),
            "from": str(before) if before is not None else None,
            "to": str(points),
            "reason": reason.strip(),
        },
    )
    return line


def ranking_can_read_all(*, user: AbstractBaseUser, table: CriteriaTable) -> bool:
    """Every unit's scores: the secretariat and the command at any time, the bloc's units once
    the ranking is published (before that a commander sees only their own unit's)."""
    return (
        table_can_manage(user=user, table=table)
        or table.bloc.command_id in scope_for(user).command_ids
        or table.publications.exists()
    )


def sheet_can_read(*, user: AbstractBaseUser, table: CriteriaTable, unit: Unit) -> bool:
    """The bloc's secretariat and checkers, the unit's commander and the command read a sheet."""
    scope = scope_for(user)
    return (
        table_can_manage(user=user, table=table)
        or sheet_can_check(user=user, sheet=ScoreSheet(table=table, unit=unit))
        or table.bloc.command_id in scope.command_ids
        or unit.pk in scope.commanded_unit_ids
    )


@transaction.atomic
def score_check_save(
    *, user: AbstractBaseUser, sheet: ScoreSheet, values: dict[int, tuple[Decimal | None, str]]
) -> None:
    """The cross-check of a whole sheet: every figure that changed, each with its reason."""
    if sheet.pk is None:
        raise ValidationError(_("Only a submitted score is cross-checked."))
    lines = {line.criterion_id: line for line in sheet.lines.all()}
    for criterion_id, (points, reason) in values.items():
        line = lines.get(criterion_id)
        if line is None:
            raise ValidationError(_("Only a submitted score is cross-checked."))
        if points is not None and points != line.checked_points:
            score_adjust(user=user, line=line, points=points, reason=reason)


def sheet_can_check(*, user: AbstractBaseUser, sheet: ScoreSheet) -> bool:
    """The secretariat, or a unit the bloc assigned, cross-checks; never a unit checking itself."""
    scope = scope_for(user)
    own = {*scope.secretariat_unit_ids, *scope.commanded_unit_ids}
    if sheet.unit_id in own and not scope.is_admin:
        return False
    if table_can_manage(user=user, table=sheet.table):
        return True
    assigned = {unit.pk for unit in sheet.table.checkers.all()}  # prefetched on list pages
    return bool(assigned & scope.commanded_unit_ids)


def suggested_points(*, table: CriteriaTable, unit: Unit) -> dict[int, Decimal]:
    """Points suggested by the unit's pledge results, for criteria that follow an indicator.

    A growing target earns its share of the maximum (capped at all of it); a limit earns
    the maximum while it is kept, nothing once exceeded.
    """
    criteria = [c for c in table.criteria.all() if c.target_indicator]
    if not criteria:
        return {}
    targets = Target.objects.filter(
        unit=unit,
        pledge__campaign__bloc_id=table.bloc_id,
        pledge__campaign__year=table.year,
        indicator__in=[c.target_indicator for c in criteria],
    )
    latest = {}
    for report in ProgressReport.objects.filter(target__in=targets).order_by("reported_at", "pk"):
        latest[report.target_id] = report.achieved_value
    by_indicator = {t.indicator: t for t in targets}
    suggestions = {}
    for criterion in criteria:
        target = by_indicator.get(criterion.target_indicator)
        value = latest.get(target.pk) if target else None
        if value is None:
            continue
        if target.direction == TargetDirection.AT_MOST:
            share = Decimal(1) if value <= target.target_value else Decimal(0)
        else:
            share = (
                min(Decimal(1), value / target.target_value) if target.target_value else Decimal(1)
            )
        suggestions[criterion.pk] = (criterion.max_points * share).quantize(Decimal("0.01"))
    return suggestions


def line_flagged(line: ScoreLine) -> bool:
    if line.checked_points is None:
        return False
    return abs(line.checked_points - line.self_points) >= line.criterion.max_points * FLAG_SHARE


@dataclass
class RankRow:
    unit: Unit
    groups: dict[str, Decimal] = field(default_factory=dict)
    bonus: Decimal = Decimal(0)
    penalty: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    rank: int = 0
    tied: bool = False
    change: int | None = None


def score_row(*, unit: Unit, lines: Iterable[ScoreLine], table: CriteriaTable) -> RankRow:
    """A unit's score from its lines: points by group, bonus and penalty up to the table's
    caps, and the total (what the ranking and the sheet's running totals show)."""
    row = RankRow(unit=unit)
    for line in lines:
        if line.criterion.kind == CriterionKind.BONUS:
            row.bonus += line.points
        elif line.criterion.kind == CriterionKind.PENALTY:
            row.penalty += line.points
        else:
            row.groups[line.criterion.group] = row.groups.get(line.criterion.group, 0) + line.points
    row.bonus, row.penalty = min(row.bonus, table.bonus_cap), min(row.penalty, table.penalty_cap)
    row.total = sum(row.groups.values(), Decimal(0)) + row.bonus - row.penalty
    return row


def ranking_compute(*, table: CriteriaTable) -> list[RankRow]:
    """Every member unit by final score (cross-checked where checked), ties shown as ties.

    Bonus and penalty points count up to the table's caps. Ranks are shared by equal totals
    (1, 2, 2, 4). The change is against the bloc's last published ranking of the year before.
    """
    members = Membership.objects.filter(bloc_id=table.bloc_id, year=table.year).values("unit_id")
    units = Unit.objects.filter(pk__in=members).order_by("name")
    sheets = table.sheets.prefetch_related(
        Prefetch("lines", queryset=ScoreLine.objects.select_related("criterion"))
    )
    by_unit = {sheet.unit_id: sheet for sheet in sheets}
    rows = [
        score_row(
            unit=unit,
            lines=by_unit[unit.pk].lines.all() if unit.pk in by_unit else [],
            table=table,
        )
        for unit in units
    ]
    rows.sort(key=lambda r: (-r.total, r.unit.name))
    for index, row in enumerate(rows):
        same = index and rows[index - 1].total == row.total
        row.rank = rows[index - 1].rank if same else index + 1
    counts: dict[int, int] = {}
    for row in rows:
        counts[row.rank] = counts.get(row.rank, 0) + 1
    previous = _previous_ranks(table=table)
    for row in rows:
        row.tied = counts[row.rank] > 1
        if row.unit.pk in previous:
            row.change = previous[row.unit.pk] - row.rank
    return rows


@dataclass
class RankingView:
    """The ranking as one user may read it: what the page and its export show."""

    rows: list[RankRow]
    groups: list[str]  # the criterion groups, as columns
    sheets: dict[int, ScoreSheet]
    checkable: set[int]  # units whose submitted sheet the user may cross-check

    def group_points(self, row: RankRow) -> list[Decimal]:
        return [row.groups.get(group, Decimal(0)) for group in self.groups]


def ranking_for_user(*, user: AbstractBaseUser, table: CriteriaTable) -> RankingView:
    """Every unit's row for the secretariat and the command (and the bloc once published);
    before that a commander reads the own unit's and those the bloc gave it to cross-check."""
    rows = ranking_compute(table=table)
    prefetch_related_objects([table], "checkers")  # for sheet_can_check, once
    sheets = {s.unit_id: s for s in table.sheets.all()}
    checkable = {
        unit_id
        for unit_id, sheet in sheets.items()
        if sheet.status == SheetStatus.SUBMITTED and sheet_can_check(user=user, sheet=sheet)
    }
    if not ranking_can_read_all(user=user, table=table):
        visible = scope_for(user).commanded_unit_ids | checkable
        rows = [row for row in rows if row.unit.pk in visible]
    groups = sorted({g for row in rows for g in row.groups})
    return RankingView(rows=rows, groups=groups, sheets=sheets, checkable=checkable)


def _previous_ranks(*, table: CriteriaTable) -> dict[int, int]:
    publication = (
        ScorePublication.objects.filter(table__bloc_id=table.bloc_id, table__year=table.year - 1)
        .order_by("-version")
        .first()
    )
    return {int(r["unit"]): r["rank"] for r in publication.ranking} if publication else {}


@transaction.atomic
def scores_publish(
    *, user: AbstractBaseUser, table: CriteriaTable, reason: str = ""
) -> ScorePublication:
    """Publish the ranking as a version. Published versions are never changed: a correction
    (a cross-check after publishing) is published again as the next version, with a reason."""
    reason = free_text(reason)
    _require(table_can_manage(user=user, table=table))
    table = CriteriaTable.objects.select_for_update().get(pk=table.pk)
    last = table.publications.aggregate(last=Max("version"))["last"] or 0
    if last and not reason.strip():
        raise ValidationError(_("Say why the published scores are corrected."))
    members = Membership.objects.filter(bloc_id=table.bloc_id, year=table.year)
    submitted = table.sheets.filter(
        status=SheetStatus.SUBMITTED, unit__in=members.values("unit_id")
    )
    if submitted.count() < members.count():
        raise ValidationError(_("Every unit must submit its score before publishing."))
    ranking: list[dict[str, Any]] = [
        {
            "unit": r.unit.pk,
            "name": r.unit.name,
            "total": str(r.total),
            "rank": r.rank,
            "groups": {k: str(v) for k, v in r.groups.items()},
            "bonus": str(r.bonus),
            "penalty": str(r.penalty),
        }
        for r in ranking_compute(table=table)
    ]
    publication = ScorePublication.objects.create(
        table=table,
        version=last + 1,
        published_at=timezone.now(),
        published_by=user,
        reason=reason.strip(),
        ranking=ranking,
    )
    audit_record(
        action="scores.publish",
        actor=user,
        target=table,
        data={"version": publication.version, "reason": reason.strip()},
    )
    return publication


@transaction.atomic
def score_evidence_add(
    *,
    user: AbstractBaseUser,
    table: CriteriaTable,
    unit: Unit,
    criterion: Criterion,
    upload: UploadedFile,
) -> ScoreEvidence:
    """Attach a justifying file to the unit's self-score of a criterion (checked by content,
    like all uploads); the unit's sheet is made on its first write."""
    _require(unit.pk in scope_for(user).commanded_unit_ids)
    sheet = sheet_get_or_create(table=table, unit=unit)
    line = sheet.lines.get(criterion=criterion)
    if sheet.status != SheetStatus.DRAFT:
        raise ValidationError(_("The score was submitted and is locked."))
    info = upload_check(upload, EVIDENCE)
    evidence = ScoreEvidence(line=line)
    with transaction.atomic():
        evidence.store(upload, info)
        audit_record(action="score.evidence", actor=user, target=sheet, data={"file": info.name})
    return evidence


def evaluation_nominees(*, bloc: Bloc, year: int) -> list[dict[str, Any]]:
    """The units elected by the year's counted ballots, with their published score and rank.

    What the award proposals offer as nominees (one row a unit and question).
    """
    table = CriteriaTable.objects.filter(bloc=bloc, year=year).first()
    publication = table.publications.order_by("-version").first() if table else None
    scores = {row["unit"]: row for row in publication.ranking} if publication else {}
    ballots = Ballot.objects.filter(bloc=bloc, year=year, status=BallotStatus.CLOSED).order_by("pk")
    elected = [
        (ballot, unit_id) for ballot in ballots for unit_id in ballot.result.get("elected", [])
    ]
    units = Unit.objects.in_bulk([unit_id for _, unit_id in elected])
    rows = []
    for ballot, unit_id in elected:
        score = scores.get(unit_id, {})
        rows.append(
            {
                "unit": units[unit_id],
                "question": ballot.question,
                "ballot": ballot,
                "votes": ballot.result["votes"].get(str(unit_id)),
                "score": score.get("total"),
                "rank": score.get("rank"),
            }
        )
    return rows

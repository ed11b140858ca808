"""The figures of a bloc's year, gathered once for the summary's PDF and web page.

Rules (the issue is silent on them, so they are written here and in the README):

- Only accepted targets of the yearly campaign's pledge count. A target's completion is its
  last reported value against the target (for "at most" targets, the target against the
  value); a target with no report counts as 0 %. A target is met when the value reaches the
  target in its direction. A unit's completion is the mean of its targets' completions, each
  capped at 100 % so one overshoot cannot hide a miss.
- Scores and ranking are the last published version of the year's score table.
- Ballots are the closed ones, every round.
- Awards: proposals that reached review (submitted or later), approved ones (approved,
  decided or later revoked), granted by a decision (decided), and revoked.
"""

from __future__ import annotations

import math
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from awards.models import (
    APPROVED_EVER,
    GRANTED,
    SENT,
    ExemplaryModel,
    Proposal,
    ProposalStatus,
)
from blocs.models import Bloc, Campaign, CampaignKind, Membership, Unit
from evaluation.models import Ballot, BallotStatus, CriteriaTable, ScorePublication
from pledges.models import Pledge, ProgressReport, TargetDirection, TargetStatus

HUNDRED = Decimal(100)


def _percent(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1")))


def _plain(value: Decimal) -> str:
    """A stored figure without trailing zeros or an exponent: "100", "6.25" (never "1E+2").

    Stored figures are data; pages and the PDF localise them (``emulation_portal.lib.numbers``).
    """
    return f"{value.normalize():f}"


def target_completion(direction: str, target: Decimal, value: Decimal | None) -> Decimal:
    """How far a target is reached, in per cent (uncapped; 0 without a report)."""
    if value is None:
        return Decimal(0)
    if direction == TargetDirection.AT_MOST:
        return HUNDRED if value <= 0 else min(target / value * HUNDRED, Decimal(10_000))
    return value / target * HUNDRED if target else HUNDRED


def target_met(direction: str, target: Decimal, value: Decimal | None) -> bool:
    if value is None:
        return False
    return value <= target if direction == TargetDirection.AT_MOST else value >= target


def _targets(campaign: Campaign | None, units: list[Unit]) -> tuple[list, list]:
    pledge = Pledge.objects.filter(campaign=campaign).first() if campaign else None
    if pledge is None:
        return [], [{"name": u.name, "targets": 0, "met": 0, "completion": None} for u in units]
    latest = ProgressReport.objects.filter(target=OuterRef("pk")).order_by("-reported_at", "-pk")
    targets = (
        pledge.targets.filter(status=TargetStatus.ACCEPTED)
        .select_related("unit")
        .annotate(value=Subquery(latest.values("achieved_value")[:1]))
        .order_by("unit__name", "order", "pk")
    )
    rows, per_unit = [], {u.pk: [] for u in units}
    for target in targets:
        completion = target_completion(target.direction, target.target_value, target.value)
        met = target_met(target.direction, target.target_value, target.value)
        rows.append(
            {
                "unit": target.unit.name,
                "goal": target.goal,
                "indicator": target.indicator,
                "target": _plain(target.target_value),
                "measure": target.measure_unit,
                "direction": target.direction,
                "value": None if target.value is None else _plain(target.value),
                "completion": _percent(completion),
                "met": met,
            }
        )
        per_unit.setdefault(target.unit_id, []).append((min(completion, HUNDRED), met))
    names = {u.pk: u.name for u in units}
    summary = []
    for unit_id, results in per_unit.items():
        mean = sum((c for c, _ in results), Decimal(0)) / len(results) if results else None
        summary.append(
            {
                "name": names.get(unit_id) or Unit.objects.get(pk=unit_id).name,
                "targets": len(results),
                "met": sum(1 for _, met in results if met),
                "completion": None if mean is None else _percent(mean),
            }
        )
    summary.sort(key=lambda row: row["name"])
    return rows, summary


def _ranking(bloc: Bloc, year: int) -> dict[str, Any] | None:
    table = CriteriaTable.objects.filter(bloc=bloc, year=year).first()
    publication = (
        ScorePublication.objects.filter(table=table).order_by("-version").first() if table else None
    )
    if publication is None:
        return None
    rows = [
        {"rank": row["rank"], "name": row["name"], "total": row["total"]}
        for row in sorted(publication.ranking, key=lambda r: (r["rank"], r["name"]))
    ]
    return {"version": publication.version, "rows": rows, "bins": _score_bins(rows)}


def _score_bins(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """How many units scored in each 10-point range, from the lowest range to the highest."""
    totals = [Decimal(row["total"]) for row in rows]
    if not totals:
        return []
    low = int(math.floor(min(totals) / 10) * 10)
    high = int(math.floor(max(totals) / 10) * 10)
    counts = Counter(int(math.floor(total / 10) * 10) for total in totals)
    return [
        {"label": f"{start}–{start + 10}", "count": counts.get(start, 0)}
        for start in range(low, high + 10, 10)
    ]


def _ballots(bloc: Bloc, year: int) -> list[dict[str, Any]]:
    ballots = Ballot.objects.filter(bloc=bloc, year=year, status=BallotStatus.CLOSED)
    ballots = list(ballots.order_by("pk"))
    ids = {int(unit) for ballot in ballots for unit in ballot.result.get("votes", {})}
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    result = []
    for ballot in ballots:
        votes = ballot.result.get("votes", {})
        elected = set(ballot.result.get("elected", []))
        result.append(
            {
                "question": ballot.question,
                "round": ballot.round,
                "members": ballot.result.get("members"),
                "voters": ballot.result.get("voters"),
                "quorum_met": ballot.result.get("quorum_met"),
                "rows": [
                    {"name": names[int(unit)], "votes": count, "elected": int(unit) in elected}
                    for unit, count in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
            }
        )
    return result


def _awards(bloc: Bloc, year: int) -> list[dict[str, Any]]:
    counts: dict[str, Counter] = {}
    statuses = Proposal.objects.filter(bloc=bloc, year=year).values_list("award__name", "status")
    for award, status in statuses:
        count = counts.setdefault(award, Counter())
        count["proposed"] += status in SENT
        count["approved"] += status in APPROVED_EVER
        count["granted"] += status in GRANTED
        count["revoked"] += status == ProposalStatus.REVOKED
    return [
        {
            "award": award,
            **{key: count[key] for key in ("proposed", "approved", "granted", "revoked")},
        }
        for award, count in sorted(counts.items())
        if count["proposed"]
    ]


def _campaign(campaign: Campaign | None) -> dict[str, str] | None:
    if campaign is None:
        return None
    return {
        "name": campaign.name,
        "theme": campaign.theme,
        "start": f"{campaign.start_date:%d/%m/%Y}",
        "end": f"{campaign.end_date:%d/%m/%Y}",
    }


def _exemplary(model: ExemplaryModel) -> dict[str, str]:
    name = model.person.full_name if model.person else model.unit.name
    return {"name": name, "unit": model.unit.name, "practice": model.practice}


def summary_compute(*, bloc: Bloc, year: int) -> dict[str, Any]:
    """Everything the year-end summary says, as plain data (it is stored with the version)."""
    campaign = Campaign.objects.filter(bloc=bloc, year=year, kind=CampaignKind.YEARLY).first()
    members = Membership.objects.filter(bloc=bloc, year=year).select_related("unit")
    units = sorted((m.unit for m in members), key=lambda unit: unit.name)
    targets, per_unit = _targets(campaign, units)
    awards = _awards(bloc, year)
    exemplary = ExemplaryModel.objects.filter(bloc=bloc, year=year).select_related("unit", "person")
    return {
        "bloc": bloc.name,
        "command": bloc.command.name,
        "year": year,
        "computed_at": timezone.now().isoformat(),
        "campaign": _campaign(campaign),
        "units": per_unit,
        "targets": targets,
        "ranking": _ranking(bloc, year),
        "ballots": _ballots(bloc, year),
        "awards": awards,
        "totals": {
            "units": len(units),
            "targets": len(targets),
            "targets_met": sum(1 for t in targets if t["met"]),
            "proposed": sum(a["proposed"] for a in awards),
            "granted": sum(a["granted"] for a in awards),
        },
        "exemplary": [_exemplary(model) for model in exemplary],
    }

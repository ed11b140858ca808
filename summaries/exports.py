"""The year-end summary's tables as a workbook, from a stored version (what its page shows)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from emulation_portal.lib.exports import Column, Sheet, yes_no

from .models import YearSummary

HUNDRED = Decimal(100)

UNIT_COLUMNS = [
    Column(gettext_lazy("Unit"), width=30),
    Column(gettext_lazy("Targets"), "int"),
    Column(gettext_lazy("Met"), "int"),
    Column(gettext_lazy("Completion"), "percent"),
]
TARGET_COLUMNS = [
    Column(gettext_lazy("Unit"), width=30),
    Column(gettext_lazy("Goal"), width=40),
    Column(gettext_lazy("Indicator"), width=30),
    Column(gettext_lazy("The target is reached at"), width=10),
    Column(gettext_lazy("Target value"), "number"),
    Column(gettext_lazy("Unit of measure"), width=14),
    Column(gettext_lazy("Result"), "number"),
    Column(gettext_lazy("Completion"), "percent"),
    Column(gettext_lazy("Met"), width=8),
]
RANKING_COLUMNS = [
    Column(pgettext_lazy("position in a ranking", "Rank"), "int", width=7),
    Column(gettext_lazy("Unit"), width=30),
    Column(gettext_lazy("Total"), "number"),
]
BALLOT_COLUMNS = [
    Column(gettext_lazy("Question"), width=36),
    Column(gettext_lazy("Round"), "int", width=7),
    Column(gettext_lazy("Member units"), "int"),
    Column(gettext_lazy("Units that voted"), "int"),
    Column(gettext_lazy("Quorum met"), width=12),
    Column(gettext_lazy("Unit"), width=30),
    Column(gettext_lazy("Votes"), "int"),
    Column(gettext_lazy("Elected"), width=10),
]
AWARD_COLUMNS = [
    Column(gettext_lazy("Title or form of reward"), width=34),
    Column(pgettext_lazy("award count", "Proposed"), "int"),
    Column(pgettext_lazy("award count", "Approved"), "int"),
    Column(pgettext_lazy("award count", "Granted"), "int"),
    Column(pgettext_lazy("award count", "Revoked"), "int"),
]
EXEMPLARY_COLUMNS = [
    Column(gettext_lazy("Collective or person"), width=30),
    Column(gettext_lazy("Unit"), width=30),
    Column(gettext_lazy("What to learn from it"), width=60),
]


def summary_sheets(*, summary: YearSummary) -> list[Sheet]:
    """Each table of the summary's version on a sheet, figures typed (stored as text)."""
    content = summary.content
    heading = [
        _("Year-end summary of %(bloc)s, %(year)s")
        % {"bloc": content["bloc"], "year": content["year"]},
        _("Version %(version)s") % {"version": summary.version},
    ]
    ranking = content.get("ranking") or {"rows": []}
    return [
        Sheet(gettext_lazy("Results by unit"), UNIT_COLUMNS, _units(content), heading=heading),
        Sheet(gettext_lazy("Targets and results"), TARGET_COLUMNS, _targets(content)),
        Sheet(
            gettext_lazy("Ranking"),
            RANKING_COLUMNS,
            [[r["rank"], r["name"], _number(r["total"])] for r in ranking["rows"]],
        ),
        Sheet(gettext_lazy("Ballots"), BALLOT_COLUMNS, _ballots(content)),
        Sheet(
            gettext_lazy("Awards"),
            AWARD_COLUMNS,
            [
                [a["award"], a["proposed"], a["approved"], a["granted"], a["revoked"]]
                for a in content["awards"]
            ],
        ),
        Sheet(
            gettext_lazy("Exemplary models"),
            EXEMPLARY_COLUMNS,
            [[m["name"], m["unit"], m["practice"]] for m in content["exemplary"]],
        ),
    ]


def _number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _share(percent: str | None) -> Decimal | None:
    """A stored percentage ("87.5") as the fraction a percent cell shows (0.875)."""
    return None if percent is None else Decimal(percent) / HUNDRED


def _units(content: dict[str, Any]) -> list[list[object]]:
    return [
        [row["name"], row["targets"], row["met"], _share(row["completion"])]
        for row in content["units"]
    ]


def _targets(content: dict[str, Any]) -> list[list[object]]:
    return [
        [
            row["unit"],
            row["goal"],
            row["indicator"],
            "≤" if row["direction"] == "at_most" else "≥",
            _number(row["target"]),
            row["measure"],
            _number(row["value"]),
            _share(row["completion"]),
            yes_no(row["met"]),
        ]
        for row in content["targets"]
    ]


def _ballots(content: dict[str, Any]) -> list[list[object]]:
    return [
        [
            ballot["question"],
            ballot["round"],
            ballot["members"],
            ballot["voters"],
            yes_no(bool(ballot["quorum_met"])),
            row["name"],
            row["votes"],
            yes_no(row["elected"]),
        ]
        for ballot in content["ballots"]
        for row in ballot["rows"]
    ]

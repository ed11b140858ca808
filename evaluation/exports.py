"""The ranking with its breakdown and a ballot's count, as workbooks (what their pages show)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from emulation_portal.lib.exports import Column, Sheet, yes_no

from . import ballots, scoring, voting
from .models import Ballot, CriteriaTable

SHARE = Decimal("0.0001")


def ranking_sheets(*, user: AbstractBaseUser, table: CriteriaTable) -> list[Sheet]:
    """The ranking as the user reads it on its page: points by criterion group, bonus, penalty,
    total, rank (ties shown), the change since last year; and the nominees of the ballots."""
    ranking = scoring.ranking_for_user(user=user, table=table)
    publication = table.publications.order_by("-version").first()
    heading = [
        _("Ranking of %(bloc)s, %(year)s") % {"bloc": table.bloc.name, "year": table.year},
        _("Published scores, version %(version)s.") % {"version": publication.version}
        if publication
        else _("Not published yet: the scores may still change."),
    ]
    columns = [
        Column(pgettext_lazy("position in a ranking", "Rank"), "int", width=7),
        Column(gettext_lazy("Tied"), width=8),
        Column(gettext_lazy("Unit"), width=30),
        *[Column(group, "number", width=16) for group in ranking.groups],
        Column(gettext_lazy("Bonus"), "number"),
        Column(gettext_lazy("Penalty"), "number"),
        Column(gettext_lazy("Total"), "number"),
        Column(gettext_lazy("Places gained since last year"), "int", width=16),
    ]
    rows = (
        [
            row.rank,
            yes_no(True) if row.tied else "",
            row.unit.name,
            *ranking.group_points(row),
            row.bonus,
            row.penalty,
            row.total,
            row.change,
        ]
        for row in ranking.rows
    )
    nominees = [
        [n["unit"].name, n["question"], n["votes"], _score(n["score"]), n["rank"]]
        for n in scoring.evaluation_nominees(bloc=table.bloc, year=table.year)
    ]
    return [
        Sheet(gettext_lazy("Ranking"), columns, rows, heading=heading),
        Sheet(gettext_lazy("Nominees from the ballots"), NOMINEE_COLUMNS, nominees),
    ]


NOMINEE_COLUMNS = [
    Column(gettext_lazy("Unit"), width=30),
    Column(gettext_lazy("Question"), width=40),
    Column(gettext_lazy("Votes"), "int"),
    Column(gettext_lazy("Published score"), "number"),
    Column(pgettext_lazy("position in a ranking", "Rank"), "int", width=7),
]


def _score(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


COUNT_COLUMNS = [
    Column(pgettext_lazy("row number", "No."), "int", width=6),
    Column(gettext_lazy("Candidate"), width=30),
    Column(gettext_lazy("Votes"), "int"),
    Column(gettext_lazy("Share of all member units"), "percent", width=18),
    Column(gettext_lazy("Share of the units that voted"), "percent", width=18),
    Column(gettext_lazy("Votes needed"), "int", width=14),
    Column(gettext_lazy("Threshold reached"), width=14),
    Column(gettext_lazy("Result"), width=24),
]
ROLL_COLUMNS = [
    Column(gettext_lazy("Unit"), width=30),
    Column(gettext_lazy("Voted"), width=10),
    Column(gettext_lazy("Written ballot"), width=14),
    Column(gettext_lazy("Absent"), width=10),
]


def ballot_sheets(*, ballot: Ballot) -> list[Sheet]:
    """A counted ballot: each candidate's votes, shares and whether it reached the threshold
    and was elected; and who voted. Nothing says how any unit voted."""
    members = list(ballots.ballot_members(ballot=ballot))
    terms = voting.ballot_terms(ballot=ballot, members=len(members))
    result = ballot.result
    candidates = ballot.candidates.select_related("unit")
    rows = ballots.count_rows(ballot=ballot, names={c.unit_id: c.unit.name for c in candidates})
    heading = [
        ballot.question,
        _("%(bloc)s, %(year)s, round %(round)s")
        % {"bloc": ballot.bloc.name, "year": ballot.year, "round": ballot.round},
        _("Rule: %(rule)s; quorum: %(quorum)s; passing threshold: %(threshold)s")
        % {
            "rule": ballot.rule.name,
            "quorum": terms.quorum_label,
            "threshold": terms.threshold_label,
        },
        _("%(voters)s of %(members)s member units voted; the quorum was %(met)s.")
        % {
            "voters": result.get("voters", 0),
            "members": terms.members,
            "met": _("met") if result.get("quorum_met") else _("not met"),
        },
    ]
    voted = {v.unit_id: v for v in ballot.voters.all()}
    absent = set(ballot.absences.values_list("unit_id", flat=True))
    roll = [
        [
            unit.name,
            yes_no(unit.pk in voted),
            yes_no(voted[unit.pk].written) if unit.pk in voted else "",
            yes_no(unit.pk in absent),
        ]
        for unit in members
    ]
    return [
        Sheet(
            gettext_lazy("Count"),
            COUNT_COLUMNS,
            _count_rows(rows, members=terms.members, voters=result.get("voters", 0), terms=terms),
            heading=heading,
        ),
        Sheet(gettext_lazy("Who has voted"), ROLL_COLUMNS, roll),
    ]


def _count_rows(
    rows: list[ballots.CountRow], *, members: int, voters: int, terms: voting.Terms
) -> Iterator[list[object]]:
    for number, row in enumerate(rows, start=1):
        yield [
            number,
            row.name,
            row.votes,
            _share(row.votes, members),
            _share(row.votes, voters),
            terms.needed,
            yes_no(row.passed),
            _("Elected") if row.elected else _("Tied: another round") if row.tied else "",
        ]


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(SHARE) if whole else None

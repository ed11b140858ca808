"""The archive: one search across all years for a unit or a person, and everything the portal
holds about them, read through each app's own selectors so that nobody finds what they may not
read.

A section of a dossier comes from the selector of the page it mirrors: memberships from
``membership_list_for_user``, targets from ``pledge_list_for_user`` (their results only where
``report_can_view`` lets the user see the unit's reports), scores from the published rankings
of ``table_list_for_user``, ballots from ``ballot_list_for_user``, proposals (with their
decisions and certificates) from ``proposal_list_for_user``, exemplary models from
``exemplary_list_for_user``; awards recorded from outside the portal and initiatives, like the
award history page, only with the unit or person itself (``unit_list_for_user``,
``person_list_for_user``).

Who finds whom: a unit the user reads (``unit_list_for_user``), and for a commander also the
other units of the bloc, whose public record (published ranking, ballots, exemplary models,
the pledge's targets) the bloc's pages already show; people only through
``person_list_for_user``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import OuterRef, Q, QuerySet, Subquery

from audit.access import get_scoped_or_404
from awards.exemplary import exemplary_list_for_user
from awards.models import AwardRecord, ExemplaryModel, Initiative, Proposal, ProposalStatus
from awards.proposals import proposal_list_for_user
from blocs.models import Membership, Person, Unit
from blocs.scope import scope_for
from blocs.selectors import membership_list_for_user, person_list_for_user, unit_list_for_user
from certificates.models import Certificate
from emulation_portal.lib.search import search_filter
from evaluation.models import BallotStatus, ScorePublication
from evaluation.selectors import ballot_list_for_user, table_list_for_user
from pledges.models import ProgressReport, Target, TargetStatus
from pledges.progress import report_can_view
from pledges.selectors import pledge_list_for_user

User = AbstractBaseUser | AnonymousUser

# The fields each search reads: the same as the units' and people's lists, so that the trigram
# indexes of blocs/0027_search_indexes answer it on PostgreSQL.
UNIT_SEARCH_FIELDS = ("name", "short_name")
PERSON_SEARCH_FIELDS = ("full_name", "position")
SEARCH_LIMIT = 50


def archive_can_search(*, user: User) -> bool:
    """Every role with a scope searches the archive (what it finds is scoped)."""
    scope = scope_for(user)
    return bool(
        scope.is_admin
        or scope.secretariat_bloc_ids
        or scope.command_ids
        or scope.commanded_unit_ids
    )


def archive_unit_list_for_user(*, user: User) -> QuerySet[Unit]:
    """Units whose archive the user opens: those it reads, and a commander's bloc fellows."""
    scope = scope_for(user)
    readable = unit_list_for_user(user=user)
    if scope.is_admin or not scope.member_bloc_ids:
        return readable
    fellows = Membership.objects.filter(bloc_id__in=scope.member_bloc_ids).values("unit_id")
    return Unit.objects.filter(Q(pk__in=readable.values("pk")) | Q(pk__in=fellows))


def archive_unit_get_for_user(*, user: User, pk: int) -> Unit:
    return get_scoped_or_404(archive_unit_list_for_user(user=user), pk=pk, user=user)


def archive_person_get_for_user(*, user: User, pk: int) -> Person:
    return get_scoped_or_404(person_list_for_user(user=user), pk=pk, user=user)


@dataclass(frozen=True)
class SearchResult:
    query: str
    units: list[Unit]
    people: list[Person]
    more_units: bool
    more_people: bool


def archive_search(*, user: User, query: str, limit: int = SEARCH_LIMIT) -> SearchResult:
    """Units and people matching ``query`` (read as Vietnamese: "nguyen van duc" finds
    "Nguyễn Văn Đức"), at most ``limit`` of each; nothing for an empty query."""
    if not query.strip() or not archive_can_search(user=user):
        return SearchResult(query, [], [], False, False)
    units = search_filter(
        archive_unit_list_for_user(user=user), fields=UNIT_SEARCH_FIELDS, query=query
    )
    people = search_filter(
        person_list_for_user(user=user), fields=PERSON_SEARCH_FIELDS, query=query
    )
    found_units = list(units.order_by("name", "pk")[: limit + 1])
    found_people = list(people.order_by("full_name", "pk")[: limit + 1])
    return SearchResult(
        query=query,
        units=found_units[:limit],
        people=found_people[:limit],
        more_units=len(found_units) > limit,
        more_people=len(found_people) > limit,
    )


# --- A dossier -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetRow:
    target: Target
    value: Decimal | None
    results_shown: bool  # False: the user may not see this unit's reports


@dataclass(frozen=True)
class ScoreRow:
    bloc_name: str
    year: int
    total: Decimal
    rank: int
    units: int
    version: int


@dataclass(frozen=True)
class BallotRow:
    bloc_name: str
    year: int
    question: str
    round: int
    votes: int
    voters: int | None
    elected: bool


@dataclass(frozen=True)
class ProposalRow:
    proposal: Proposal
    certificate: Certificate | None


@dataclass
class Dossier:
    """Everything the archive shows of a unit or a person, each list newest year first."""

    memberships: list[Membership] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    scores: list[ScoreRow] = field(default_factory=list)
    ballots: list[BallotRow] = field(default_factory=list)
    proposals: list[ProposalRow] = field(default_factory=list)
    records: list[AwardRecord] = field(default_factory=list)
    exemplary: list[ExemplaryModel] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        """Every year the dossier holds something, newest first."""
        years = {m.year for m in self.memberships}
        years |= {row.target.pledge.campaign.year for row in self.targets}
        years |= {row.year for row in self.scores} | {row.year for row in self.ballots}
        years |= {row.proposal.year for row in self.proposals}
        years |= {r.year for r in self.records} | {m.year for m in self.exemplary}
        years |= {i.year for i in self.initiatives}
        return sorted(years, reverse=True)

    @property
    def is_empty(self) -> bool:
        return not self.years


def _proposals(user: User, nominee: Q) -> list[ProposalRow]:
    """The nominee's proposals the user sees, sent ones only (a draft has no outcome yet)."""
    proposals = list(
        proposal_list_for_user(user=user)
        .filter(nominee)
        .exclude(status=ProposalStatus.DRAFT)
        .select_related("decision")
        .order_by("-year", "award__name", "pk")
    )
    certificates = {
        c.proposal_id: c for c in Certificate.objects.filter(proposal__in=[p.pk for p in proposals])
    }
    return [ProposalRow(p, certificates.get(p.pk)) for p in proposals]


def _targets(user: User, unit: Unit) -> list[TargetRow]:
    latest = ProgressReport.objects.filter(target=OuterRef("pk")).order_by("-reported_at", "-pk")
    targets = (
        Target.objects.filter(
            pledge__in=pledge_list_for_user(user=user).values("pk"),
            unit=unit,
            status=TargetStatus.ACCEPTED,
        )
        .select_related("pledge__campaign__bloc")
        .annotate(value=Subquery(latest.values("achieved_value")[:1]))
        .order_by("-pledge__campaign__year", "pledge__campaign__bloc__name", "order", "pk")
    )
    rows = []
    for target in targets:
        shown = report_can_view(user=user, target=target)
        rows.append(TargetRow(target, target.value if shown else None, shown))
    return rows


def _scores(user: User, unit: Unit) -> list[ScoreRow]:
    """The unit's line in the last published ranking of each table the user reads."""
    tables = table_list_for_user(user=user).filter(bloc__memberships__unit=unit).distinct()
    publications = ScorePublication.objects.filter(table__in=tables.values("pk")).select_related(
        "table__bloc"
    )
    last: dict[int, ScorePublication] = {}
    for publication in publications.order_by("table_id", "version"):
        last[publication.table_id] = publication
    rows = []
    for publication in last.values():
        for line in publication.ranking:
            if int(line["unit"]) == unit.pk:
                rows.append(
                    ScoreRow(
                        bloc_name=publication.table.bloc.name,
                        year=publication.table.year,
                        total=Decimal(line["total"]),
                        rank=line["rank"],
                        units=len(publication.ranking),
                        version=publication.version,
                    )
                )
    return sorted(rows, key=lambda row: (-row.year, row.bloc_name))


def _ballots(user: User, unit: Unit) -> list[BallotRow]:
    """Closed ballots the user reads in which the unit received votes or was elected."""
    ballots = ballot_list_for_user(user=user).filter(
        status=BallotStatus.CLOSED, bloc__memberships__unit=unit
    )
    rows = []
    for ballot in ballots.distinct().order_by("-year", "pk"):
        votes = ballot.result.get("votes", {}).get(str(unit.pk))
        elected = unit.pk in ballot.result.get("elected", [])
        if votes is None and not elected:
            continue
        rows.append(
            BallotRow(
                bloc_name=ballot.bloc.name,
                year=ballot.year,
                question=ballot.question,
                round=ballot.round,
                votes=votes or 0,
                voters=ballot.result.get("voters"),
                elected=elected,
            )
        )
    return rows


def unit_dossier(*, user: User, unit: Unit) -> Dossier:
    """The unit's archive as ``user`` may read it (the unit itself from
    ``archive_unit_get_for_user``)."""
    reads_unit = unit_list_for_user(user=user).filter(pk=unit.pk).exists()
    dossier = Dossier(
        memberships=list(
            membership_list_for_user(user=user).filter(unit=unit).order_by("-year", "bloc__name")
        ),
        targets=_targets(user, unit),
        scores=_scores(user, unit),
        ballots=_ballots(user, unit),
        proposals=_proposals(user, Q(unit=unit, person__isnull=True)),
        exemplary=list(
            exemplary_list_for_user(user=user)
            .filter(unit=unit, person__isnull=True)
            .order_by("-year", "pk")
        ),
    )
    if reads_unit:
        dossier.records = list(
            AwardRecord.objects.filter(unit=unit, person__isnull=True)
            .select_related("award")
            .order_by("-year", "award__name")
        )
        dossier.initiatives = list(
            Initiative.objects.filter(unit=unit).prefetch_related("authors").order_by("-year")
        )
    return dossier


def person_dossier(*, user: User, person: Person) -> Dossier:
    """The person's archive (the person from ``archive_person_get_for_user``)."""
    return Dossier(
        proposals=_proposals(user, Q(person=person)),
        records=list(
            AwardRecord.objects.filter(person=person)
            .select_related("award")
            .order_by("-year", "award__name")
        ),
        exemplary=list(
            exemplary_list_for_user(user=user).filter(person=person).order_by("-year", "pk")
        ),
        initiatives=list(person.initiatives.prefetch_related("authors").order_by("-year")),
    )


def dossier_by_year(dossier: Dossier) -> list[dict[str, Any]]:
    """The dossier grouped by year for the page, newest first."""
    return [
        {
            "year": year,
            "memberships": [m for m in dossier.memberships if m.year == year],
            "targets": [r for r in dossier.targets if r.target.pledge.campaign.year == year],
            "scores": [r for r in dossier.scores if r.year == year],
            "ballots": [r for r in dossier.ballots if r.year == year],
            "proposals": [r for r in dossier.proposals if r.proposal.year == year],
            "records": [r for r in dossier.records if r.year == year],
            "exemplary": [m for m in dossier.exemplary if m.year == year],
            "initiatives": [i for i in dossier.initiatives if i.year == year],
        }
        for year in dossier.years
    ]

"""Statistics for the command: a year's figures of each bloc, side by side.

Rules (the issue is silent on them, so they are written here and in the README):

- Proposals count once sent (a draft is not a proposal yet), approvals once a reviewer approved
  (whatever happened next), awards once granted by a decision and not revoked; revocations are
  the revoked proposals and the revoked awards recorded from decisions taken outside the portal.
  Awards recorded from outside the portal count for the bloc their unit belonged to that year.
- Units by score range: the last published ranking of the year, in fixed 10-point ranges (the
  same for every bloc, so that blocs compare), below 60 and from 100 up at the ends.
- Punctuality: a signature is on time on or before the pledge's signing deadline (in the
  portal's time zone), on the version in force; a review is late as the portal marked it when it
  was handed in; a self-score on or before the score table's deadline. A unit of the bloc that
  has not done it yet is counted as "not done", whatever the date.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import APPROVED_EVER, GRANTED, SENT, AwardRecord, Proposal, ProposalStatus
from blocs.models import Bloc, CampaignKind, Membership
from blocs.scope import scope_for
from blocs.selectors import bloc_list_for_user
from evaluation.models import CriteriaTable, ScorePublication, SheetStatus
from pledges.models import Pledge, ReviewKind, UnitReview

User = AbstractBaseUser | AnonymousUser

# (label, lowest score included, highest excluded); None: open-ended.
SCORE_RANGES: list[tuple[str, int | None, int | None]] = [
    ("< 60", None, 60),
    ("60–70", 60, 70),
    ("70–80", 70, 80),
    ("80–90", 80, 90),
    ("90–100", 90, 100),
    ("≥ 100", 100, None),
]


def statistics_can_read(*, user: User) -> bool:
    """The command's statistics: administrators, the secretariat of a bloc, and the command's
    reviewers and superiors (a commander has the archive of the unit, not the bloc's figures)."""
    scope = scope_for(user)
    return bool(scope.is_admin or scope.secretariat_bloc_ids or scope.command_ids)


def statistics_bloc_list_for_user(*, user: User) -> QuerySet[Bloc]:
    """The blocs whose statistics the user reads: the bloc its unit led (every year it may
    read), the blocs of its command, or all for administrators; never a bloc read only as a
    commander's."""
    scope = scope_for(user)
    blocs = bloc_list_for_user(user=user).order_by("command__name", "name")
    if scope.is_admin:
        return blocs
    return blocs.filter(Q(pk__in=scope.secretariat_bloc_ids) | Q(command_id__in=scope.command_ids))


def statistics_years(*, blocs: QuerySet[Bloc]) -> list[int]:
    """Years with members in any of ``blocs``, newest first."""
    years = Membership.objects.filter(bloc__in=blocs).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


@dataclass(frozen=True)
class Punctuality:
    on_time: int
    late: int
    not_done: int

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def share_on_time(self) -> Decimal | None:
        """On time among all the units that had to do it (a fraction, for the percent cells)."""
        total = self.done + self.not_done
        return Decimal(self.on_time) / total if total else None


@dataclass(frozen=True)
class AwardLine:
    award: str
    category: str
    proposed: int
    approved: int
    granted: int
    recorded: int
    revoked: int


@dataclass
class BlocFigures:
    bloc: Bloc
    year: int
    units: int = 0
    awards: list[AwardLine] = field(default_factory=list)
    score_ranges: list[int] | None = None  # units per SCORE_RANGES; None: nothing published
    signing: Punctuality | None = None
    mid_year: Punctuality | None = None
    year_end: Punctuality | None = None
    self_scores: Punctuality | None = None

    @property
    def punctuality(self) -> list[Punctuality | None]:
        """Signing, mid-year review, year-end review, self-score: the columns of the page."""
        return [self.signing, self.mid_year, self.year_end, self.self_scores]

    def total(self, name: str) -> int:
        return sum(getattr(line, name) for line in self.awards)

    @property
    def proposed(self) -> int:
        return self.total("proposed")

    @property
    def approved(self) -> int:
        return self.total("approved")

    @property
    def awarded(self) -> int:
        """Awards held: granted in the portal, or recorded from a decision outside it."""
        return self.total("granted") + self.total("recorded")

    @property
    def revoked(self) -> int:
        return self.total("revoked")


def _awards(bloc: Bloc, year: int, unit_ids: list[int]) -> list[AwardLine]:
    counts: dict[tuple[str, str], Counter] = {}
    proposals = Proposal.objects.filter(bloc=bloc, year=year).values_list(
        "award__name", "award__category", "status"
    )
    for award, category, status in proposals:
        count = counts.setdefault((award, category), Counter())
        count["proposed"] += status in SENT
        count["approved"] += status in APPROVED_EVER
        count["granted"] += status in GRANTED
        count["revoked"] += status == ProposalStatus.REVOKED
    records = AwardRecord.objects.filter(year=year, unit_id__in=unit_ids).values_list(
        "award__name", "award__category", "revoked_on"
    )
    for award, category, revoked_on in records:
        count = counts.setdefault((award, category), Counter())
        count["recorded"] += revoked_on is None
        count["revoked"] += revoked_on is not None
    labels = {"title": str(_("Emulation title")), "form": str(_("Form of reward"))}
    return [
        AwardLine(
            award=award,
            category=labels.get(category, category),
            **{k: count[k] for k in ("proposed", "approved", "granted", "recorded", "revoked")},
        )
        for (award, category), count in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        if sum(count.values())
    ]


def score_range_counts(totals: list[Decimal]) -> list[int]:
    counts = [0] * len(SCORE_RANGES)
    for total in totals:
        for index, (_label, low, high) in enumerate(SCORE_RANGES):
            if (low is None or total >= low) and (high is None or total < high):
                counts[index] += 1
                break
    return counts


def _score_ranges(bloc: Bloc, year: int) -> list[int] | None:
    publication = (
        ScorePublication.objects.filter(table__bloc=bloc, table__year=year)
        .order_by("-version")
        .first()
    )
    if publication is None:
        return None
    return score_range_counts([Decimal(row["total"]) for row in publication.ranking])


def _on_time(
    done_on: dict[int, datetime.date | bool], deadline: datetime.date | None, unit_ids: list[int]
) -> Punctuality:
    """``done_on``: unit id -> the local date it was done, or whether it was on time."""
    on_time = late = 0
    for unit_id in unit_ids:
        if unit_id not in done_on:
            continue
        done = done_on[unit_id]
        punctual = done if isinstance(done, bool) else deadline is None or done <= deadline
        on_time += punctual
        late += not punctual
    return Punctuality(on_time, late, len(unit_ids) - on_time - late)


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _pledge_punctuality(figures: BlocFigures, unit_ids: list[int]) -> None:
    pledge = Pledge.objects.filter(
        campaign__bloc=figures.bloc, campaign__year=figures.year, campaign__kind=CampaignKind.YEARLY
    ).first()
    if pledge is None:
        return
    version = pledge.versions.filter(superseded_at__isnull=True).first()
    if version is not None:
        signatures = version.signatures.values_list("unit", "signed_at")
        signed: dict[int, datetime.date | bool] = {u: _local_date(at) for u, at in signatures}
        figures.signing = _on_time(signed, pledge.signing_deadline, unit_ids)
    reviews = UnitReview.objects.filter(pledge=pledge).values_list("unit", "kind", "late")
    by_kind: dict[str, dict[int, datetime.date | bool]] = {kind: {} for kind in ReviewKind}
    for unit, kind, late in reviews:
        by_kind[kind][unit] = not late
    figures.mid_year = _on_time(by_kind[ReviewKind.MID_YEAR], None, unit_ids)
    figures.year_end = _on_time(by_kind[ReviewKind.YEAR_END], None, unit_ids)


def _self_scores(figures: BlocFigures, unit_ids: list[int]) -> None:
    table = CriteriaTable.objects.filter(bloc=figures.bloc, year=figures.year).first()
    if table is None:
        return
    sheets = table.sheets.filter(status=SheetStatus.SUBMITTED, submitted_at__isnull=False)
    moments = sheets.values_list("unit", "submitted_at")
    submitted: dict[int, datetime.date | bool] = {u: _local_date(at) for u, at in moments}
    figures.self_scores = _on_time(submitted, table.self_score_deadline, unit_ids)


def bloc_figures(*, bloc: Bloc, year: int) -> BlocFigures:
    """A bloc's figures of the year (the bloc from ``statistics_bloc_list_for_user``)."""
    unit_ids = list(
        Membership.objects.filter(bloc=bloc, year=year).values_list("unit_id", flat=True)
    )
    figures = BlocFigures(bloc=bloc, year=year, units=len(unit_ids))
    figures.awards = _awards(bloc, year, unit_ids)
    figures.score_ranges = _score_ranges(bloc, year)
    _pledge_punctuality(figures, unit_ids)
    _self_scores(figures, unit_ids)
    return figures


def statistics_compute(
    *, user: User, year: int, bloc_ids: list[int] | None = None
) -> list[BlocFigures]:
    """The figures of ``year`` for each bloc the user reads (only ``bloc_ids`` if given)."""
    blocs = statistics_bloc_list_for_user(user=user)
    if bloc_ids:
        blocs = blocs.filter(pk__in=bloc_ids)
    return [bloc_figures(bloc=bloc, year=year) for bloc in blocs]

"""A vote's fractions counted in whole numbers, and the words that show them.

Two thirds is 2/3, not 66.67 %: of 6 member units, 4 present meet it. Every decision here is
a comparison of integers (a ``Fraction`` times a count is exact), so no rounding ever decides
a vote, and what people read is a fraction and a whole number of votes ("at least 5 votes").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from .models import Ballot, Comparison, ThresholdBase, VotingRule


def quorum_met(*, rule: VotingRule, members: int, voters: int) -> bool:
    """At least the quorum's share of all member units voted: voters × den ≥ num × members."""
    return voters * rule.quorum_denominator >= rule.quorum_numerator * members


def voters_needed(*, quorum: Fraction, members: int) -> int:
    """The fewest voters that meet the quorum (2/3 of 6: 4; of 7: 5)."""
    return math.ceil(quorum * members)


def votes_needed(*, threshold: Fraction, comparison: str, base: int) -> int:
    """The fewest whole votes that pass: ⌈t × base⌉ for "at least", ⌊t × base⌋ + 1 for "more
    than" (at least 7/10 of 6: 5; more than 1/2 of 6: 4). Never 0: nobody passes without a
    vote, even under a threshold of 0 or when no one voted."""
    share = threshold * base
    needed = math.floor(share) + 1 if comparison == Comparison.MORE_THAN else math.ceil(share)
    return max(needed, 1)


def fraction_label(fraction: Fraction) -> str:
    """A fraction as people read it: a percentage when it is one with at most two decimals
    ("70%", "50%"; "66.67%" only for a count made under the old percentages), otherwise the
    fraction itself ("2/3")."""
    percent = fraction * 100
    if (percent * 100).denominator != 1:
        return f"{fraction.numerator}/{fraction.denominator}"
    value = Decimal(percent.numerator) / Decimal(percent.denominator)
    return f"{formats.number_format(value)}%"


def share_label(*, fraction: Fraction, comparison: str, base: str) -> str:
    """ "at least 70% of all member units", "more than 50% of the units that voted"."""
    texts = {
        (Comparison.AT_LEAST, ThresholdBase.TOTAL): _("at least %(fraction)s of all member units"),
        (Comparison.AT_LEAST, ThresholdBase.PRESENT): _(
            "at least %(fraction)s of the units that voted"
        ),
        (Comparison.MORE_THAN, ThresholdBase.TOTAL): _(
            "more than %(fraction)s of all member units"
        ),
        (Comparison.MORE_THAN, ThresholdBase.PRESENT): _(
            "more than %(fraction)s of the units that voted"
        ),
    }
    return texts[(comparison, base)] % {"fraction": fraction_label(fraction)}


def quorum_share_label(quorum: Fraction) -> str:
    """ "at least 2/3 of all member units": a quorum is always counted that way."""
    return share_label(fraction=quorum, comparison=Comparison.AT_LEAST, base=ThresholdBase.TOTAL)


@dataclass(frozen=True)
class Terms:
    """A rule's terms for one ballot: its fractions and the whole numbers they come to."""

    quorum: Fraction
    threshold: Fraction
    comparison: str
    base: str
    members: int
    quorum_needed: int
    # None while it depends on who will vote (a threshold on the units that voted).
    needed: int | None

    @property
    def quorum_label(self) -> str:
        return quorum_share_label(self.quorum)

    @property
    def threshold_label(self) -> str:
        return share_label(fraction=self.threshold, comparison=self.comparison, base=self.base)

    def frozen(self) -> dict[str, Any]:
        """The terms as the count keeps them in ``Ballot.result`` (fractions as "2/3")."""
        return {
            "quorum": str(self.quorum),
            "threshold": str(self.threshold),
            "comparison": self.comparison,
            "base": self.base,
            "quorum_needed": self.quorum_needed,
            "needed": self.needed,
        }


def rule_terms(*, rule: VotingRule, members: int, voters: int | None = None) -> Terms:
    """The rule applied to ``members`` units, ``voters`` of whom voted (if known yet)."""
    base = members if rule.threshold_base == ThresholdBase.TOTAL else voters
    return Terms(
        quorum=rule.quorum,
        threshold=rule.threshold,
        comparison=rule.threshold_comparison,
        base=rule.threshold_base,
        members=members,
        quorum_needed=voters_needed(quorum=rule.quorum, members=members),
        needed=None
        if base is None
        else votes_needed(
            threshold=rule.threshold, comparison=rule.threshold_comparison, base=base
        ),
    )


def ballot_terms(*, ballot: Ballot, members: int) -> Terms:
    """The terms a counted ballot was counted under (frozen in its result, whatever the rule
    says since), or those its rule sets for ``members`` units while it is open."""
    result = ballot.result
    if "quorum" not in result:
        return rule_terms(
            rule=ballot.rule, members=result.get("members", members), voters=result.get("voters")
        )
    return Terms(
        quorum=Fraction(result["quorum"]),
        threshold=Fraction(result["threshold"]),
        comparison=result["comparison"],
        base=result["base"],
        members=result["members"],
        quorum_needed=result["quorum_needed"],
        needed=result["needed"],
    )

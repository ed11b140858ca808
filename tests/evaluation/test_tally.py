"""The count on hand-worked examples (5 member units, the default-style rule: quorum 2/3,
at least 7/10 of all members)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.utils import translation

from evaluation.ballots import tally
from evaluation.models import VotingRule
from evaluation.voting import fraction_label, votes_needed


def test_quorum_not_met_elects_no_one(rule: VotingRule) -> None:
    # 3 of 5 voted: 3 × 3 = 9 < 2 × 5 = 10, short of 2/3: even a unanimous candidate loses.
    result = tally(members=5, voters=3, votes={1: 3, 2: 0}, rule=rule, seats=1)
    assert not result.quorum_met
    assert result.elected == []


def test_threshold_met_on_those_present_but_not_on_the_total(rule: VotingRule) -> None:
    # 4 of 5 voted (quorum met); 3 votes reach 7/10 of the 4 present (2.8 → 3), not of all 5.
    result = tally(members=5, voters=4, votes={1: 3, 2: 1}, rule=rule, seats=1)
    assert result.quorum_met
    assert result.needed == 4  # 7/10 × 5 = 3.5 → 4
    assert result.elected == []
    rule.threshold_base = "present"
    assert tally(members=5, voters=4, votes={1: 3, 2: 1}, rule=rule, seats=1).elected == [1]


def test_exactly_the_threshold_passes(rule: VotingRule) -> None:
    rule.threshold_numerator, rule.threshold_denominator = 3, 5
    result = tally(members=5, voters=5, votes={1: 3, 2: 2}, rule=rule, seats=1)
    assert result.elected == [1]


def test_a_tie_across_the_last_seat_goes_to_a_second_round(rule: VotingRule) -> None:
    rule.threshold_numerator, rule.threshold_denominator = 1, 2  # 2.5 of 5 → 3 votes
    # Two seats; 1 is clearly first, 2 and 3 tie for the second seat.
    result = tally(members=5, voters=5, votes={1: 5, 2: 3, 3: 3, 4: 1}, rule=rule, seats=2)
    assert result.elected == [1]
    assert sorted(result.tied) == [2, 3]


def test_more_passing_than_seats_without_a_tie_takes_the_best(rule: VotingRule) -> None:
    rule.threshold_numerator, rule.threshold_denominator = 1, 2
    result = tally(members=5, voters=5, votes={1: 5, 2: 4, 3: 3}, rule=rule, seats=2)
    assert (result.elected, result.tied) == ([1, 2], [])


def test_nobody_passes_without_a_vote(rule: VotingRule) -> None:
    # A threshold of 0 and a quorum of 0 would otherwise elect a candidate nobody chose.
    rule.quorum_numerator = rule.threshold_numerator = 0
    result = tally(members=5, voters=0, votes={1: 0}, rule=rule, seats=1)
    assert (result.quorum_met, result.needed, result.elected) == (True, 1, [])


@pytest.mark.parametrize(
    ("threshold", "comparison", "base", "needed"),
    [
        (Fraction(7, 10), "at_least", 6, 5),  # 4.2 → 5
        (Fraction(7, 10), "at_least", 10, 7),  # exactly 7
        (Fraction(2, 3), "at_least", 6, 4),  # exactly 4
        (Fraction(2, 3), "at_least", 7, 5),  # 4.67 → 5
        (Fraction(1, 2), "more_than", 6, 4),  # more than 3
        (Fraction(1, 2), "more_than", 7, 4),  # more than 3.5
        (Fraction(1, 2), "at_least", 7, 4),  # 3.5 → 4
        (Fraction(1, 1), "at_least", 6, 6),
    ],
)
def test_votes_needed_is_a_whole_number(
    threshold: Fraction, comparison: str, base: int, needed: int
) -> None:
    assert votes_needed(threshold=threshold, comparison=comparison, base=base) == needed


@pytest.mark.parametrize(
    ("fraction", "label"),
    [
        (Fraction(2, 3), "2/3"),
        (Fraction(1, 3), "1/3"),
        (Fraction(7, 10), "70%"),
        (Fraction(1, 2), "50%"),
        (Fraction(1, 1), "100%"),
        (Fraction(6667, 10000), "66.67%"),
    ],
)
def test_fractions_read_as_people_read_them(fraction: Fraction, label: str) -> None:
    with translation.override("en"):
        assert fraction_label(fraction) == label


def test_a_percentage_with_decimals_is_written_the_vietnamese_way() -> None:
    with translation.override("vi"):
        assert fraction_label(Fraction(6667, 10000)) == "66,67%"

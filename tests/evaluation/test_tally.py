"""The count on hand-worked examples (5 member units, the default-style rule)."""

from __future__ import annotations

from decimal import Decimal

from evaluation.ballots import tally
from evaluation.models import VotingRule


def test_quorum_not_met_elects_no_one(rule: VotingRule) -> None:
    # 3 of 5 voted = 60 % < 66.67 %: even a unanimous candidate is not elected.
    result = tally(members=5, voters=3, votes={1: 3, 2: 0}, rule=rule, seats=1)
    assert not result.quorum_met
    assert result.elected == []


def test_threshold_met_on_those_present_but_not_on_the_total(rule: VotingRule) -> None:
    # 4 of 5 voted (quorum met); 3 votes = 75 % of those present, but 60 % of the total 5.
    result = tally(members=5, voters=4, votes={1: 3, 2: 1}, rule=rule, seats=1)
    assert result.quorum_met
    assert result.needed == Decimal("3.5")  # 70 % of 5
    assert result.elected == []
    rule.threshold_base = "present"
    assert tally(members=5, voters=4, votes={1: 3, 2: 1}, rule=rule, seats=1).elected == [1]


def test_exactly_the_threshold_passes(rule: VotingRule) -> None:
    rule.threshold_percent = Decimal("60")
    result = tally(members=5, voters=5, votes={1: 3, 2: 2}, rule=rule, seats=1)
    assert result.elected == [1]


def test_a_tie_across_the_last_seat_goes_to_a_second_round(rule: VotingRule) -> None:
    rule.threshold_percent = Decimal("50")  # 2.5 votes of 5
    # Two seats; 1 is clearly first, 2 and 3 tie for the second seat.
    result = tally(members=5, voters=5, votes={1: 5, 2: 3, 3: 3, 4: 1}, rule=rule, seats=2)
    assert result.elected == [1]
    assert sorted(result.tied) == [2, 3]


def test_more_passing_than_seats_without_a_tie_takes_the_best(rule: VotingRule) -> None:
    rule.threshold_percent = Decimal("50")
    result = tally(members=5, voters=5, votes={1: 5, 2: 4, 3: 3}, rule=rule, seats=2)
    assert (result.elected, result.tied) == ([1, 2], [])

"""Quorums and thresholds are exact fractions, counted in whole votes (issue 13): two thirds
is 2/3, not 66.67 %, so 4 of 6 members present meet it; "at least 70%" of 6 is 5 votes."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from evaluation import ballots
from evaluation.models import Ballot, VotingRule
from tests.conftest import YEAR, World


def vote(world: World, rule: VotingRule, units: list, choices: dict[int, list[int]]) -> Ballot:
    """Open a ballot on units 0 and 1, let unit i choose ``choices[i]``, count it."""
    ballot = ballots.ballot_open(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        question="Suy tôn Cờ thi đua",
        rule=rule,
        max_choices=2,
        seats=2,
        candidates=units[:2],
    )
    for i, chosen in choices.items():
        ballots.ballot_cast(
            user=world.users[f"commander_{i}"],
            ballot=ballot,
            voter=units[i],
            choices=[units[c] for c in chosen],
        )
    return ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)


def text(page: Any, selector: str) -> str:
    return " ".join(page.html.select_one(selector).get_text().split())


def on_those_who_voted(rule: VotingRule) -> VotingRule:
    """The rule with its 7/10 counted on the units that voted, so a quorum shows in who wins."""
    rule.threshold_base = "present"
    rule.save()
    return rule


def test_four_of_six_present_meet_a_two_thirds_quorum(
    world: World, rule: VotingRule, bloc_of_six: list
) -> None:
    # 4 × 3 = 12 ≥ 2 × 6 = 12. Unit 0 has 4 votes of 4, over 7/10 × 4 = 2.8, so 3 needed.
    ballot = vote(world, on_those_who_voted(rule), bloc_of_six, {i: [0] for i in range(1, 5)})
    assert (ballot.result["quorum_met"], ballot.result["quorum_needed"]) == (True, 4)
    assert ballot.result["needed"] == 3
    assert ballot.result["elected"] == [bloc_of_six[0].pk]


def test_three_of_six_present_do_not_meet_a_two_thirds_quorum(
    world: World, rule: VotingRule, bloc_of_six: list
) -> None:
    # 3 × 3 = 9 < 12: three unanimous votes (3 needed of 3 present) elect no one.
    ballot = vote(world, on_those_who_voted(rule), bloc_of_six, {i: [0] for i in range(1, 4)})
    assert ballot.result["quorum_met"] is False
    assert ballot.result["elected"] == []


def test_six_of_nine_present_meet_a_two_thirds_quorum(
    world: World, rule: VotingRule, bloc_of_nine: list
) -> None:
    # 6 × 3 = 18 ≥ 2 × 9 = 18; 6 votes over 7/10 × 6 = 4.2, so 5 needed.
    ballot = vote(world, on_those_who_voted(rule), bloc_of_nine, {i: [0] for i in range(1, 7)})
    assert (ballot.result["quorum_met"], ballot.result["quorum_needed"]) == (True, 6)
    assert ballot.result["elected"] == [bloc_of_nine[0].pk]


def test_exactly_the_votes_needed_pass_and_one_fewer_fails(
    world: World, rule: VotingRule, bloc_of_six: list
) -> None:
    # At least 7/10 of all 6 members: 4.2, so 5 votes. Unit 0 gets 5 (units 1-5), unit 1 gets
    # 4 (units 0, 2, 3, 4); neither votes for itself.
    choices = {0: [1], 1: [0], 2: [0, 1], 3: [0, 1], 4: [0, 1], 5: [0]}
    ballot = vote(world, rule, bloc_of_six, choices)
    assert ballot.result["votes"] == {str(bloc_of_six[0].pk): 5, str(bloc_of_six[1].pk): 4}
    assert ballot.result["needed"] == 5
    assert ballot.result["elected"] == [bloc_of_six[0].pk]


def test_more_than_half_of_six_needs_four(
    world: World, rule: VotingRule, bloc_of_six: list
) -> None:
    rule.threshold_numerator, rule.threshold_denominator = 1, 2
    rule.threshold_comparison = "more_than"
    rule.save()
    # Unit 0 gets 4 votes (units 1-4); unit 1 gets 3 (units 0, 2, 3): exactly half is not more.
    choices = {0: [1], 1: [0], 2: [0, 1], 3: [0, 1], 4: [0], 5: []}
    ballot = vote(world, rule, bloc_of_six, choices)
    assert ballot.result["votes"] == {str(bloc_of_six[0].pk): 4, str(bloc_of_six[1].pk): 3}
    assert ballot.result["needed"] == 4
    assert ballot.result["elected"] == [bloc_of_six[0].pk]


def test_a_counted_ballot_keeps_the_terms_it_was_counted_under(
    world: World, rule: VotingRule, bloc_of_six: list
) -> None:
    ballot = vote(world, rule, bloc_of_six, {i: [0] for i in range(1, 6)})
    rule.threshold_numerator, rule.threshold_denominator = 1, 2
    rule.save()
    ballot.refresh_from_db()
    assert (ballot.result["quorum"], ballot.result["threshold"]) == ("2/3", "7/10")
    assert (ballot.result["comparison"], ballot.result["needed"]) == ("at_least", 5)


def test_the_ballot_page_shows_fractions_and_whole_votes(
    world: World, rule: VotingRule, bloc_of_six: list, django_app: object
) -> None:
    ballot = ballots.ballot_open(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        question="Đề nghị Bằng khen",
        rule=rule,
        max_choices=1,
        seats=1,
        candidates=bloc_of_six[:2],
    )
    url = reverse("evaluation:ballot_detail", args=[ballot.pk])
    page = django_app.get(url, user="secretariat")
    assert text(page, "#rule-terms") == (
        "tỷ lệ tham dự tối thiểu: từ 2/3 tổng số đơn vị thành viên trở lên; "
        "tỷ lệ phiếu suy tôn: từ 70% tổng số đơn vị thành viên trở lên"
    )
    assert text(page, "#rule-votes") == (
        "Cần tối thiểu 4 trên 6 đơn vị thành viên bỏ phiếu; "
        "đơn vị được đề cử cần tối thiểu 5 phiếu."
    )
    for i in range(1, 6):
        ballots.ballot_cast(
            user=world.users[f"commander_{i}"],
            ballot=ballot,
            voter=bloc_of_six[i],
            choices=[bloc_of_six[0]],
        )
    ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)
    summary = text(django_app.get(url, user="secretariat"), "#count-summary")
    assert summary.startswith(
        "Có 5 trên tổng số 6 đơn vị thành viên đã bỏ phiếu (cần tối thiểu 4); "
        "đơn vị được đề cử cần tối thiểu 5 phiếu."
    )
    assert "4,2" not in summary and "4.2" not in summary

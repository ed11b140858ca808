"""The home page's to-dos of the evaluation: a self-score to submit, a ballot to cast."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from evaluation import ballots, scoring
from evaluation.models import CriteriaTable, VotingRule
from tests.conftest import YEAR, World
from tests.forms import todo_links


def test_a_self_score_is_asked_for_until_it_is_submitted(
    world: World, table: CriteriaTable, time_machine: object
) -> None:
    time_machine.move_to(f"{YEAR}-11-30 09:00")
    [(text, url)] = todo_links(world.client("commander"))
    assert url == reverse("evaluation:sheet", args=[table.pk, world.member_unit.pk])
    assert world.member_unit.name in text
    sheet = scoring.sheet_get_or_create(table=table, unit=world.member_unit)
    values = {c.pk: (Decimal(1), "Có minh chứng") for c in table.criteria.all()}
    scoring.score_self_save(user=world.users["commander"], sheet=sheet, values=values, submit=True)
    assert todo_links(world.client("commander")) == []


def test_a_ballot_is_asked_for_until_the_unit_has_voted(
    world: World, rule: VotingRule, bloc_of_five: list, time_machine: object
) -> None:
    time_machine.move_to(f"{YEAR}-11-30 09:00")
    ballot = ballots.ballot_open(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        question="Suy tôn Cờ thi đua",
        rule=rule,
        max_choices=1,
        seats=1,
        candidates=bloc_of_five[:2],
    )
    vote = reverse("evaluation:ballot_vote", args=[ballot.pk])
    assert vote in [url for _text, url in todo_links(world.client("commander_3"))]
    ballots.ballot_cast(
        user=world.users["commander_3"],
        ballot=ballot,
        voter=bloc_of_five[3],
        choices=[bloc_of_five[0]],
    )
    assert vote not in [url for _text, url in todo_links(world.client("commander_3"))]

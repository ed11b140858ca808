"""Two requests casting the same unit's ballot at the same instant record one ballot."""

from __future__ import annotations

import threading

from django.db import connection, connections

from evaluation import ballots
from evaluation.models import BallotVoter, SealedBallot, VotingRule
from tests.conftest import YEAR, World, require


def test_a_ballot_cannot_be_cast_twice_at_once(
    transactional_db: None, world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    require(connection.vendor == "postgresql", "row locks are tested on PostgreSQL")
    ballot = ballots.ballot_open(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        question="Q",
        rule=rule,
        max_choices=1,
        seats=1,
        candidates=[bloc_of_five[0]],
    )
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def vote() -> None:
        try:
            barrier.wait()
            outcomes.append(
                ballots.ballot_cast(
                    user=world.users["commander_2"],
                    ballot=ballot,
                    voter=bloc_of_five[2],
                    choices=[bloc_of_five[0]],
                )
            )
        except ballots.BallotError as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(type(o).__name__ for o in outcomes) == ["BallotError", "str"]
    assert BallotVoter.objects.count() == 1 and SealedBallot.objects.count() == 1

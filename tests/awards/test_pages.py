"""The ballot's pages: who opens, votes, closes; the receipt shown once; query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import ballots
from awards.models import Ballot, BallotVoter, VotingRule
from tests.conftest import YEAR, World
from tests.factories import MembershipFactory, UnitFactory


@pytest.fixture
def ballot(world: World, rule: VotingRule, bloc_of_five: list) -> Ballot:
    return ballots.ballot_open(
        user=world.users["secretariat"], bloc=world.bloc, year=YEAR, question="Suy tôn Cờ thi đua",
        rule=rule, max_choices=1, seats=1, candidates=bloc_of_five[:2],
    )  # fmt: skip


def test_secretariat_opens_a_ballot_from_the_form(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    url = reverse("awards:ballot_open", args=[world.bloc.pk, YEAR])
    data = {"question": "Đề nghị Bằng khen", "rule": rule.pk, "max_choices": 2, "seats": 2,
            "candidates": [u.pk for u in bloc_of_five[:3]]}  # fmt: skip
    response = world.client("secretariat").post(url, data)
    ballot = Ballot.objects.get(question="Đề nghị Bằng khen")
    assert response.url == reverse("awards:ballot_detail", args=[ballot.pk])
    assert world.client("commander").post(url, data).status_code == 403


def test_seats_above_choices_are_refused(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    url = reverse("awards:ballot_open", args=[world.bloc.pk, YEAR])
    data = {"question": "Sai", "rule": rule.pk, "max_choices": 1, "seats": 2,
            "candidates": [bloc_of_five[0].pk]}  # fmt: skip
    assert world.client("secretariat").post(url, data).status_code == 400
    assert not Ballot.objects.filter(question="Sai").exists()


def test_commander_votes_and_sees_the_receipt_once(
    world: World, ballot: Ballot, bloc_of_five: list
) -> None:
    client = world.client("commander_3")
    url = reverse("awards:ballot_vote", args=[ballot.pk])
    response = client.post(url, {"voter": bloc_of_five[3].pk, "choices": [bloc_of_five[0].pk]})
    assert response.status_code == 200
    assert 'id="receipt-code"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    again = client.post(url, {"voter": bloc_of_five[3].pk, "choices": [bloc_of_five[0].pk]})
    assert again.status_code == 400  # its unit is no longer offered
    assert BallotVoter.objects.count() == 1


@pytest.mark.parametrize("actor", ["reviewer", "superior", "secretariat"])
def test_who_is_not_a_commander_has_no_ballot_to_cast(
    world: World, ballot: Ballot, actor: str
) -> None:
    assert (
        world.client(actor).get(reverse("awards:ballot_vote", args=[ballot.pk])).status_code == 403
    )


def test_only_the_secretariat_closes(world: World, ballot: Ballot) -> None:
    assert (
        world.client("commander").post(reverse("awards:ballot_close", args=[ballot.pk])).status_code
        == 403
    )
    world.client("secretariat").post(reverse("awards:ballot_close", args=[ballot.pk]))
    ballot.refresh_from_db()
    assert ballot.status == "closed"


def test_count_page_query_count_does_not_grow(
    world: World, ballot: Ballot, bloc_of_five: list
) -> None:
    url = reverse("awards:ballot_detail", args=[ballot.pk])
    client = world.client("secretariat")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for unit in UnitFactory.create_batch(30):
        MembershipFactory(bloc=world.bloc, unit=unit, year=YEAR)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)

"""Opening, casting, closing and counting the bloc's secret ballot."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from evaluation import ballots
from evaluation.models import Ballot, BallotVoter, CountedBallot, SealedBallot, VotingRule
from tests.conftest import YEAR, World


@pytest.fixture(autouse=True)
def _english() -> object:
    """Messages are matched in English here; other tests check the Vietnamese."""
    with translation.override("en"):
        yield


def open_ballot(
    world: World, rule: VotingRule, candidates: list[object], **kwargs: object
) -> Ballot:
    options = {"max_choices": 1, "seats": 1, **kwargs}
    return ballots.ballot_open(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        question="Đề nghị tặng Cờ thi đua của Bộ Quốc phòng",
        rule=rule,
        candidates=candidates,
        **options,
    )


def cast(world: World, ballot: Ballot, i: int, units: list[object], choices: list[object]) -> str:
    return ballots.ballot_cast(
        user=world.users[f"commander_{i}"], ballot=ballot, voter=units[i], choices=choices
    )


def test_full_vote_elects_and_receipts_confirm(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    units = bloc_of_five
    ballot = open_ballot(world, rule, candidates=[units[0], units[1]])
    receipts = [cast(world, ballot, i, units, [units[1] if i != 1 else units[0]]) for i in range(5)]
    ballot = ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)
    assert ballot.result["votes"] == {str(units[0].pk): 1, str(units[1].pk): 4}
    assert ballot.result["elected"] == [units[1].pk]  # 4 ≥ ⌈7/10 × 5⌉ = 4
    counted = ballots.receipt_check(ballot=ballot, code=receipts[1].lower())
    assert [u.pk for u in counted.choices.all()] == [units[0].pk]
    assert ballots.receipt_check(ballot=ballot, code="AAAA-BBBB-CCCC-DDDD") is None


def test_a_unit_votes_once(world: World, rule: VotingRule, bloc_of_five: list) -> None:
    ballot = open_ballot(world, rule, candidates=[bloc_of_five[0]])
    cast(world, ballot, 1, bloc_of_five, [bloc_of_five[0]])
    with pytest.raises(ballots.BallotError):
        cast(world, ballot, 1, bloc_of_five, [])
    assert BallotVoter.objects.count() == 1 and SealedBallot.objects.count() == 1


def test_a_closed_ballot_accepts_nothing(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    ballot = open_ballot(world, rule, candidates=[bloc_of_five[0]])
    ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)
    with pytest.raises(ballots.BallotError):
        cast(world, ballot, 1, bloc_of_five, [bloc_of_five[0]])
    assert not BallotVoter.objects.exists()


def test_bad_ballots_are_refused_and_nothing_recorded(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    units = bloc_of_five
    ballot = open_ballot(world, rule, candidates=[units[0], units[1], units[2]], max_choices=2)
    with pytest.raises(ValidationError, match="at most 2"):
        cast(world, ballot, 3, units, [units[0], units[1], units[2]])
    with pytest.raises(ValidationError, match="itself"):
        cast(world, ballot, 2, units, [units[2]])
    with pytest.raises(ValidationError):
        cast(world, ballot, 3, units, [units[4]])  # not a candidate
    assert not BallotVoter.objects.exists() and not SealedBallot.objects.exists()


def test_commanders_vote_only_for_their_unit_and_outsiders_not_at_all(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    ballot = open_ballot(world, rule, candidates=[bloc_of_five[0]])
    with pytest.raises(PermissionDenied):
        ballots.ballot_cast(
            user=world.users["commander_1"], ballot=ballot, voter=bloc_of_five[2], choices=[]
        )
    with pytest.raises(PermissionDenied):
        ballots.ballot_cast(
            user=world.users["other_commander"], ballot=ballot, voter=world.other_unit, choices=[]
        )
    page = world.client("other_commander").get(
        reverse("evaluation:ballot_detail", args=[ballot.pk])
    )
    assert page.status_code == 404
    assert not BallotVoter.objects.exists()


def test_secretariat_enters_an_absent_units_written_ballot(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    ballot = open_ballot(world, rule, candidates=[bloc_of_five[0]], absent=[bloc_of_five[3]])
    ballots.ballot_cast(
        user=world.users["secretariat"],
        ballot=ballot,
        voter=bloc_of_five[3],
        choices=[bloc_of_five[0]],
        written=True,
    )
    assert BallotVoter.objects.get().written
    absence = AuditEvent.objects.get(action="ballot.absent")
    assert absence.actor == world.users["secretariat"]
    assert absence.data == {"units": [bloc_of_five[3].name]}
    with pytest.raises(PermissionDenied):
        ballots.ballot_cast(
            user=world.users["commander_1"],
            ballot=ballot,
            voter=bloc_of_five[4],
            choices=[],
            written=True,
        )


def test_a_tie_opens_a_second_round_for_the_tied_only(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    rule.threshold_numerator, rule.threshold_denominator = 1, 5  # at least 1 vote of 5
    rule.save()
    units = bloc_of_five
    ballot = open_ballot(world, rule, candidates=[units[0], units[1], units[2]])
    for i, choice in [(0, 1), (1, 0), (2, 0), (3, 1), (4, 2)]:
        cast(world, ballot, i, units, [units[choice]])
    ballot = ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)
    assert ballot.result["elected"] == []
    assert sorted(ballot.result["tied"]) == sorted([units[0].pk, units[1].pk])
    second = ballots.ballot_runoff(user=world.users["secretariat"], ballot=ballot)
    assert (second.round, second.previous_round) == (2, ballot)
    assert sorted(second.candidates.values_list("unit_id", flat=True)) == sorted(
        [units[0].pk, units[1].pk]
    )
    assert ballots.ballot_runoff(user=world.users["secretariat"], ballot=ballot) == second


def _text_columns() -> list[tuple[str, str]]:
    columns = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                columns.append((model._meta.db_table, field.column))
    return columns


def test_nothing_links_a_voter_to_a_ballot(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    """Inspect every table after the count: no row joins who voted to what was voted."""
    units = bloc_of_five
    ballot = open_ballot(world, rule, candidates=[units[0], units[1]])
    receipts = [cast(world, ballot, i, units, [units[(i + 1) % 2]]) for i in range(1, 5)]
    ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)

    # The seals are gone; counted ballots carry only choices and a receipt hash.
    assert not SealedBallot.objects.exists()
    counted_fields = {f.name for f in CountedBallot._meta.get_fields() if f.concrete}
    assert counted_fields == {"id", "ballot", "receipt_hash", "choices"}
    # No model but the ballot's own points at a counted ballot, and none of them at a voter.
    for model in apps.get_models(include_auto_created=True):
        relations = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
        if CountedBallot in relations:
            assert model in (CountedBallot.choices.through,), model
        if model is CountedBallot.choices.through:
            assert BallotVoter not in relations
    # No receipt hash, nor the choices, appear anywhere a voter or user is recorded.
    hashes = set(CountedBallot.objects.values_list("receipt_hash", flat=True))
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            if table == CountedBallot._meta.db_table:
                continue
            cursor.execute(f'SELECT "{column}" FROM "{table}"')  # noqa: S608 (our own names)
            for (value,) in cursor.fetchall():
                assert not any(h in str(value) for h in hashes), (table, column)
    for event in AuditEvent.objects.filter(action="ballot.cast"):
        assert set(event.data) == {"unit", "written"}
    assert len(receipts) == CountedBallot.objects.count() == 4


def test_the_secretariat_cannot_cast_a_present_units_vote(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    """The attack: enter a "written ballot" for a unit at the meeting, before its commander."""
    ballot = open_ballot(world, rule, candidates=[bloc_of_five[0]], absent=[bloc_of_five[3]])
    with pytest.raises(ballots.BallotError, match="not marked absent"):
        ballots.ballot_cast(
            user=world.users["secretariat"],
            ballot=ballot,
            voter=bloc_of_five[2],
            choices=[bloc_of_five[0]],
            written=True,
        )
    assert not BallotVoter.objects.exists()
    cast(world, ballot, 2, bloc_of_five, [])  # the commander still votes
    # Nor can a unit be marked absent once voting has started, nor vote twice.
    with pytest.raises(ballots.BallotError, match="before voting starts"):
        ballots.ballot_mark_absent(
            user=world.users["secretariat"], ballot=ballot, units=[bloc_of_five[4]]
        )
    cast(world, ballot, 3, bloc_of_five, [])  # an absent unit's commander may vote online
    with pytest.raises(ballots.BallotError, match="already voted"):
        ballots.ballot_cast(
            user=world.users["secretariat"],
            ballot=ballot,
            voter=bloc_of_five[3],
            choices=[],
            written=True,
        )


def test_absences_are_marked_by_the_secretariat_before_anyone_votes(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    ballot = open_ballot(world, rule, candidates=[bloc_of_five[0]])
    with pytest.raises(PermissionDenied):
        ballots.ballot_mark_absent(
            user=world.users["commander_1"], ballot=ballot, units=[bloc_of_five[4]]
        )
    ballots.ballot_mark_absent(
        user=world.users["secretariat"], ballot=ballot, units=[bloc_of_five[4]]
    )
    ballots.ballot_cast(
        user=world.users["secretariat"],
        ballot=ballot,
        voter=bloc_of_five[4],
        choices=[],
        written=True,
    )
    assert BallotVoter.objects.get(unit=bloc_of_five[4]).written


def test_a_copy_of_the_disk_taken_while_voting_cannot_open_the_ballots_after_the_count(
    world: World, rule: VotingRule, bloc_of_five: list, settings: object
) -> None:
    """The attacker copies the database while voting is open and keeps every key the portal
    still holds after the count: the installation's ballot key and the key store."""
    settings.PORTAL_BALLOT_KEY = "a ballot key of this installation"
    units = bloc_of_five
    ballot = open_ballot(world, rule, candidates=[units[0], units[1]])
    for i in range(5):
        cast(world, ballot, i, units, [units[(i + 1) % 2]])
    copied = [bytes(e) for e in SealedBallot.objects.values_list("envelope", flat=True)]
    assert len(copied) == 5
    with TestCase.captureOnCommitCallbacks(execute=True):
        ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)

    key_store = Path(settings.PORTAL_BALLOT_KEY_DIR)
    assert list(key_store.iterdir()) == []  # the ballot's own key is gone
    candidates = [ballots._master_key(), *(p.read_bytes() for p in key_store.iterdir())]
    for key in candidates:
        for envelope in copied:
            with pytest.raises(InvalidTag):
                AESGCM(key).decrypt(envelope[:12], envelope[12:], str(ballot.pk).encode())


def test_a_ballot_opened_before_per_ballot_keys_is_still_counted(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    """Ballots left open by the upgrade were sealed under the installation's key."""
    units = bloc_of_five
    ballot = open_ballot(world, rule, candidates=[units[0]])
    Ballot.objects.filter(pk=ballot.pk).update(seal_version=1)
    ballot.refresh_from_db()
    for i in range(1, 5):
        cast(world, ballot, i, units, [units[0]])
    ballot = ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)
    assert ballot.result["votes"] == {str(units[0].pk): 4}

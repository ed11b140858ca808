"""The ballot's pages: who opens, votes, closes; the receipt shown once; query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from evaluation import ballots
from evaluation.models import Ballot, BallotVoter, VotingRule
from tests.conftest import YEAR, World
from tests.factories import MembershipFactory, UnitFactory
from tests.forms import options, tick


@pytest.fixture
def ballot(world: World, rule: VotingRule, bloc_of_five: list) -> Ballot:
    return ballots.ballot_open(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        question="Suy tôn Cờ thi đua",
        rule=rule,
        max_choices=1,
        seats=1,
        candidates=bloc_of_five[:2],
    )


def test_secretariat_opens_a_ballot_from_the_form(
    world: World, rule: VotingRule, bloc_of_five: list, django_app: object
) -> None:
    url = reverse("evaluation:ballot_open", args=[world.bloc.pk, YEAR])
    form = django_app.get(url, user="secretariat").forms["main-form"]
    form["question"], form["rule"], form["max_choices"], form["seats"] = (
        "Đề nghị Bằng khen",
        str(rule.pk),
        "2",
        "2",
    )
    tick(form, "candidates", *(u.pk for u in bloc_of_five[:3]))
    tick(form, "absent", bloc_of_five[4].pk)
    response = form.submit()
    ballot = Ballot.objects.get(question="Đề nghị Bằng khen")
    assert response.location == reverse("evaluation:ballot_detail", args=[ballot.pk])
    assert list(ballot.absences.values_list("unit", flat=True)) == [bloc_of_five[4].pk]
    data = {
        "question": "Đề nghị Bằng khen",
        "rule": rule.pk,
        "max_choices": 2,
        "seats": 2,
        "candidates": [u.pk for u in bloc_of_five[:3]],
    }
    assert world.client("commander").post(url, data).status_code == 403


def test_the_ballot_form_offers_the_voting_rule_already_chosen(
    world: World, bloc_of_five: list, django_app: object
) -> None:
    url = reverse("evaluation:ballot_open", args=[world.bloc.pk, YEAR])
    form = django_app.get(url, user="secretariat").forms["main-form"]
    form["question"] = "Suy tôn Cờ thi đua"
    tick(form, "candidates", bloc_of_five[0].pk)

    form.submit()  # the rule left as the page offers it

    chosen = Ballot.objects.get(question="Suy tôn Cờ thi đua").rule
    assert chosen.name == "Bình xét, suy tôn của Khối (mặc định)"  # as a new installation has


def test_seats_above_choices_are_refused(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    url = reverse("evaluation:ballot_open", args=[world.bloc.pk, YEAR])
    data = {
        "question": "Sai",
        "rule": rule.pk,
        "max_choices": 1,
        "seats": 2,
        "candidates": [bloc_of_five[0].pk],
    }
    assert world.client("secretariat").post(url, data).status_code == 400
    assert not Ballot.objects.filter(question="Sai").exists()


def test_commander_votes_and_sees_the_receipt_once(
    world: World, ballot: Ballot, bloc_of_five: list, django_app: object
) -> None:
    url = reverse("evaluation:ballot_vote", args=[ballot.pk])
    form = django_app.get(url, user="commander_3").forms["main-form"]
    tick(form, "choices", bloc_of_five[0].pk)
    response = form.submit()
    assert 'id="receipt-code"' in response.text
    assert "no-store" in response.headers["Cache-Control"]
    again = form.submit(status=400)  # the same form again: its unit is no longer offered
    assert "voter" in again.forms["main-form"].fields
    assert BallotVoter.objects.count() == 1


def test_a_candidate_is_not_offered_its_own_unit(
    world: World, ballot: Ballot, bloc_of_five: list, django_app: object
) -> None:
    """Under a rule without self-votes, the commander of a candidate unit is offered only the
    other candidates (it used to be offered, then refused)."""
    form = django_app.get(
        reverse("evaluation:ballot_vote", args=[ballot.pk]), user="commander"
    ).forms["main-form"]
    offered = {box._value for box in form.fields["choices"]}
    assert offered == {str(bloc_of_five[0].pk)}


@pytest.mark.parametrize("actor", ["reviewer", "superior", "secretariat"])
def test_who_is_not_a_commander_has_no_ballot_to_cast(
    world: World, ballot: Ballot, actor: str
) -> None:
    assert (
        world.client(actor).get(reverse("evaluation:ballot_vote", args=[ballot.pk])).status_code
        == 403
    )


def test_only_the_secretariat_closes(world: World, ballot: Ballot) -> None:
    assert (
        world.client("commander")
        .post(reverse("evaluation:ballot_close", args=[ballot.pk]))
        .status_code
        == 403
    )
    world.client("secretariat").post(reverse("evaluation:ballot_close", args=[ballot.pk]))
    ballot.refresh_from_db()
    assert ballot.status == "closed"


def test_count_page_query_count_does_not_grow(
    world: World, ballot: Ballot, bloc_of_five: list
) -> None:
    url = reverse("evaluation:ballot_detail", args=[ballot.pk])
    client = world.client("secretariat")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for unit in UnitFactory.create_batch(30):
        MembershipFactory(bloc=world.bloc, unit=unit, year=YEAR)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def _counted(world: World, ballot: Ballot, bloc_of_five: list) -> str:
    receipt = ballots.ballot_cast(
        user=world.users["commander_3"],
        ballot=ballot,
        voter=bloc_of_five[3],
        choices=[bloc_of_five[0]],
    )
    ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)
    return receipt


def test_a_receipt_is_checked_by_post_and_its_code_is_in_no_url_or_audit_row(
    world: World, ballot: Ballot, bloc_of_five: list, django_app: object
) -> None:
    """The attack: read receipt codes from the access log (GET query strings) or the audit
    log, map them to users through the sessions table, then look up their choices."""
    receipt = _counted(world, ballot, bloc_of_five)
    url = reverse("evaluation:ballot_detail", args=[ballot.pk])
    page = django_app.get(url, user="commander_3")
    form = page.forms["receipt-form"]
    assert form.method.lower() == "post" and receipt not in form.action
    form["code"] = receipt
    checked = form.submit()
    assert bloc_of_five[0].name in checked.html.select_one("#receipt-counted").text
    assert "no-store" in checked["Cache-Control"]
    # A code in the query string checks nothing.
    leaked = django_app.get(f"{url}?code={receipt}", user="commander_3")
    assert leaked.html.select_one("#receipt-counted") is None
    assert not AuditEvent.objects.filter(data__icontains=receipt.replace("-", "")).exists()
    assert not any(receipt in str(e.data) for e in AuditEvent.objects.all())


def test_the_command_holds_no_receipt_and_is_not_offered_to_check_one(
    world: World, ballot: Ballot, bloc_of_five: list, django_app: object
) -> None:
    receipt = _counted(world, ballot, bloc_of_five)
    url = reverse("evaluation:ballot_detail", args=[ballot.pk])
    for actor in ("superior", "reviewer"):
        assert "receipt-form" not in django_app.get(url, user=actor).forms
        check = reverse("evaluation:ballot_receipt", args=[ballot.pk])
        assert world.client(actor).post(check, {"code": receipt}).status_code == 403


def test_the_secretariat_marks_absent_units_then_enters_only_their_written_ballots(
    world: World, ballot: Ballot, bloc_of_five: list, django_app: object
) -> None:
    url = reverse("evaluation:ballot_detail", args=[ballot.pk])
    page = django_app.get(url, user="secretariat")
    form = page.forms["absence-form"]
    tick(form, "absent", bloc_of_five[4].pk)
    page = form.submit().follow()
    marked = [row.td.text for row in page.html.select("#roll tr") if row.select(".badge")]
    assert marked == [f"{bloc_of_five[4].name} vắng mặt"]
    written = page.click(href=reverse("evaluation:ballot_written", args=[ballot.pk]))
    vote = written.forms["main-form"]
    assert options(vote, "voter") == [str(bloc_of_five[4].pk)]  # not the units at the meeting
    tick(vote, "choices", bloc_of_five[0].pk)
    assert 'id="receipt-code"' in vote.submit().text
    assert BallotVoter.objects.get().written
    # Once voting has started, no more absences.
    assert "absence-form" not in django_app.get(url, user="secretariat").forms


def test_the_commander_sees_no_absence_form(
    world: World, ballot: Ballot, django_app: object
) -> None:
    page = django_app.get(reverse("evaluation:ballot_detail", args=[ballot.pk]), user="commander")
    assert "absence-form" not in page.forms

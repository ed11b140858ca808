"""A decision's page: its recipients by pages, and the pre-print check of each bloc, made in a
few queries whatever the number of blocs and shown afresh as soon as what it read changes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from awards import proposals
from awards.models import AwardDecision, AwardType, ProposalStatus
from blocs.models import Rank
from certificates import views
from tests.certificates.conftest import DECISION, english
from tests.conftest import YEAR, World
from tests.factories import (
    BlocFactory,
    MembershipFactory,
    PersonFactory,
    ProposalFactory,
    UnitFactory,
)


@pytest.fixture(autouse=True)
def _english() -> object:
    cache.clear()  # checks cached by an earlier test
    with translation.override("en"):
        yield


def _page(world: World, decision: AwardDecision, actor: str = "secretariat", **query: str):
    url = reverse("certificates:decision", args=[decision.pk])
    return english(world, actor).get(url, query)


def _problems(page: object) -> list[str]:
    html = BeautifulSoup(page.content, "html.parser")
    return [item.text for item in html.select("[id^=print-problems-] li")]


def _decision_over_blocs(world: World, count: int, *, number: str) -> AwardDecision:
    """A decision of the command's reviewer granting two people in each of ``count`` blocs of
    the command (approved proposals made as rows: the review workflow is tested in awards)."""
    blocs = [world.bloc] + [BlocFactory(command=world.command) for _ in range(count - 1)]
    recipients = []
    for bloc in blocs:
        unit = world.member_unit if bloc == world.bloc else UnitFactory()
        if bloc != world.bloc:
            MembershipFactory(bloc=bloc, unit=unit, year=YEAR)
        recipients += [
            ProposalFactory(
                award=AwardType.objects.get(code="giay-khen"),
                bloc=bloc,
                unit=unit,
                person=PersonFactory(unit=unit),
                status=ProposalStatus.APPROVED,
            )
            for _ in range(2)
        ]
    return proposals.decision_record(
        user=world.users["reviewer"], data={**DECISION, "number": number}, recipients=recipients
    )


def test_the_page_takes_as_many_queries_for_five_blocs_as_for_one(world: World) -> None:
    one = _decision_over_blocs(world, 1, number="1/QĐ-LĐ")
    five = _decision_over_blocs(world, 5, number="5/QĐ-LĐ")
    counted = {}
    for decision in (one, five):
        cache.clear()  # the checks are made, not read from the cache
        with CaptureQueriesContext(connection) as queries:
            page = _page(world, decision, actor="reviewer")
        assert page.status_code == 200
        counted[decision.number] = len(queries)
    assert page.content.count(b"Print every certificate") == 5
    assert counted["5/QĐ-LĐ"] == counted["1/QĐ-LĐ"], counted


def test_the_recipients_are_listed_by_pages(
    world: World, make_decision: Callable[..., AwardDecision], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "RECIPIENTS_PER_PAGE", 2)
    decision = make_decision(3)
    last = decision.recipients.order_by("decision_order").last().person.full_name
    first_page = _page(world, decision).content.decode()
    assert "Page 1 of 2" in first_page and last not in first_page
    second_page = _page(world, decision, page="2").content.decode()
    assert last in second_page
    assert "Print every certificate" in second_page  # the whole decision prints from any page


def test_a_rank_added_on_the_persons_record_clears_the_check_at_once(
    world: World, make_decision: Callable[..., AwardDecision], django_app: object
) -> None:
    decision = make_decision(2)
    person = decision.recipients.order_by("decision_order").last().person
    person.rank = ""  # as a spreadsheet import leaves it
    person.save(update_fields=["rank"])
    assert _problems(_page(world, decision)) == [
        f"{person.full_name} ({world.member_unit.name}): no rank recorded; add it on the "
        "person's record."
    ]
    form = django_app.get(reverse("blocs:person_update", args=[person.pk]), user="commander").forms[
        "main-form"
    ]
    form["rank"] = Rank.LIEUTENANT
    form.submit().follow()
    assert _problems(_page(world, decision)) == []


def test_a_longer_template_line_shows_at_once_and_names_who_it_does_not_fit(
    world: World, make_decision: Callable[..., AwardDecision], django_app: object
) -> None:
    decision = make_decision(2)
    long_position = decision.recipients.order_by("decision_order").first().person
    long_position.position = "Trợ lý tác chiến " * 6  # 102 characters
    long_position.save(update_fields=["position"])
    assert _problems(_page(world, decision)) == []  # the check is cached clean

    form = django_app.get(
        reverse("certificates:template_edit", args=[AwardType.objects.get(code="giay-khen").pk]),
        user="admin",
    ).forms["main-form"]
    form["recipient_detail"] = "{recipient_position}, {unit}, {recipient_position}"
    form.submit().follow()
    assert _problems(_page(world, decision)) == [
        f"{long_position.full_name} ({world.member_unit.name}): the Recipient's position and "
        "unit is longer than 200 characters."
    ]


def test_a_corrected_decision_is_checked_again_at_once(
    world: World, make_decision: Callable[..., AwardDecision]
) -> None:
    decision = make_decision(1)
    assert _problems(_page(world, decision)) == []
    proposals.decision_correct(
        user=world.users["reviewer"],
        decision=decision,
        data={"signer_name": "Lê Quang Vinh " * 8},
        reason="Sai tên người ký",
    )
    problems = _problems(_page(world, decision))
    assert len(problems) == 1 and problems[0].endswith(
        "the Signer's name is longer than 100 characters."
    )


def test_the_batch_is_checked_once_at_the_request(
    world: World,
    make_decision: Callable[..., AwardDecision],
    django_capture_on_commit_callbacks: Callable,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from certificates import services

    made = []
    original = services._bloc_problems

    def counted(*args: object) -> object:
        made.append(args[1])
        return original(*args)

    monkeypatch.setattr(services, "_bloc_problems", counted)
    decision = make_decision(2)
    with django_capture_on_commit_callbacks(execute=True):
        response = english(world, "secretariat").post(
            reverse("certificates:batch", args=[decision.pk, world.bloc.pk]),
            {"output": "pdf", "mode": "full"},
        )
    assert response.status_code == 302
    assert made == [world.bloc]  # planning the batch found the request's check in the cache

"""A commander casts a secret ballot in Chromium and checks the receipt after the count."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from blocs.demo import DEMO_PASSWORD
from blocs.models import Bloc, Unit
from evaluation import ballots
from evaluation.models import Ballot, VotingRule
from tests.e2e.test_journey import chromium_page

pytestmark = pytest.mark.browser


@pytest.fixture
def page(live_server: object, transactional_db: None) -> object:
    yield from chromium_page()


def test_commander_casts_a_ballot_and_checks_the_receipt(page: object, live_server: object) -> None:
    users = get_user_model().objects
    bloc = Bloc.objects.get(name="Khối thi đua số 4")
    ballot = ballots.ballot_open(
        user=users.get(username="thuky.k4"),
        bloc=bloc,
        year=2026,
        question="Suy tôn đơn vị đề nghị tặng Cờ thi đua của Bộ Quốc phòng",
        rule=VotingRule.objects.get(),
        max_choices=1,
        seats=1,
        candidates=list(Unit.objects.filter(name__in=["Lữ đoàn 144", "Tổng công ty 789"])),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "chihuy.dnl")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit].btn-success")
    page.wait_for_selector("[data-dashboard=commander]")
    page.goto(f"{live_server.url}/evaluation/ballots/{ballot.pk}/")
    page.click("#vote-link")
    page.get_by_label("Lữ đoàn 144").check()
    page.click("input[type=submit]")
    receipt = page.locator("#receipt-code").inner_text().strip()
    assert len(receipt.replace("-", "")) == 16

    ballots.ballot_close(
        user=users.get(username="thuky.k4"), ballot=Ballot.objects.get(pk=ballot.pk)
    )
    page.goto(f"{live_server.url}/evaluation/ballots/{ballot.pk}/")
    assert "Lữ đoàn 144" in page.locator("#count").inner_text()
    page.fill("input[name=code]", receipt)
    page.click("#receipt-form button")
    assert "Lữ đoàn 144" in page.locator("#receipt-counted").inner_text()

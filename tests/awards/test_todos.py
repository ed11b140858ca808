"""The home page's to-dos of the awards: make nominees public, read them, review them."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import notices
from awards.models import ProposalStatus
from awards.todos import awards_todos
from tests.conftest import YEAR, World
from tests.factories import BlocFactory, ProposalFactory
from tests.forms import todo_links

from .test_notices import _submitted


def test_the_notice_moves_the_work_from_secretariat_to_bloc_to_reviewer(
    world: World, bloc_of_five: list, time_machine: object
) -> None:
    time_machine.move_to(datetime.datetime(YEAR, 10, 5, 9, tzinfo=datetime.UTC), tick=False)
    _submitted(world)
    notice_page = reverse("awards:notice_detail", args=[world.bloc.pk, YEAR])
    [(text, url)] = todo_links(world.client("secretariat"))
    assert url == notice_page and world.bloc.name in text
    assert todo_links(world.client("reviewer")) == []

    notices.notice_publish(
        user=world.users["secretariat"],
        bloc=world.bloc,
        year=YEAR,
        working_days=3,
        starts_on=datetime.date(YEAR, 10, 5),
    )
    [(text, url)] = todo_links(world.client("commander_3"))  # another unit of the bloc
    assert url == notice_page
    assert todo_links(world.client("other_commander")) == []

    time_machine.move_to(datetime.datetime(YEAR, 10, 8, 9, tzinfo=datetime.UTC), tick=False)
    assert todo_links(world.client("commander_3")) == []
    [(text, url)] = todo_links(world.client("reviewer"))
    assert url == reverse("awards:proposal_list") + "?status=submitted"


def test_an_administrators_to_dos_cost_the_same_for_two_blocs_or_five(
    world: World, time_machine: object
) -> None:
    time_machine.move_to(datetime.datetime(YEAR, 10, 5, 9, tzinfo=datetime.UTC), tick=False)
    admin = world.users["admin"]

    def count_with_a_new_bloc() -> tuple[int, int]:
        ProposalFactory(bloc=BlocFactory(), year=YEAR, status=ProposalStatus.SUBMITTED)
        with CaptureQueriesContext(connection) as queries:
            listed = list(awards_todos(admin, datetime.date(YEAR, 10, 5)))
        return len(queries), len(listed)

    count_with_a_new_bloc()  # the user's scope, read once and kept for the request
    two_blocs, listed = count_with_a_new_bloc()
    for _ in range(2):
        count_with_a_new_bloc()
    five_blocs, listed_five = count_with_a_new_bloc()

    assert five_blocs == two_blocs
    assert listed_five == listed + 3  # each bloc's nominees to make public, still listed

"""The home page's to-dos of the awards: make nominees public, read them, review them."""

from __future__ import annotations

import datetime

from django.urls import reverse

from awards import notices
from tests.conftest import YEAR, World
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

"""The navigation bar: menus grouped by what each role does, showing only what it may use."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from emulation_portal.navigation import menus_for
from tests.conftest import World
from tests.factories import UserFactory

ROLES = ["admin", "secretariat", "commander", "reviewer", "superior"]


def _links(world: World, actor: str) -> dict[str, list[str]]:
    menus = menus_for(user=world.users[actor], path="/")
    return {menu.key: [link.url for link in menu.links] for menu in menus}


def _urls(world: World, actor: str) -> list[str]:
    return [url for urls in _links(world, actor).values() for url in urls]


def test_each_role_gets_the_menus_of_its_work(world: World) -> None:
    assert list(_links(world, "secretariat")) == [
        "organisation",
        "pledges",
        "evaluation",
        "awards",
        "documents",
        "archive",
    ]
    assert list(_links(world, "commander")) == [
        "organisation",
        "pledges",
        "evaluation",
        "awards",
        "archive",
    ]
    assert list(_links(world, "reviewer")) == [
        "organisation",
        "pledges",
        "evaluation",
        "awards",
        "documents",
        "archive",
    ]
    assert list(_links(world, "superior")) == [
        "organisation",
        "pledges",
        "evaluation",
        "awards",
        "archive",
    ]
    assert menus_for(user=UserFactory(), path="/") == []  # no role yet: nothing to offer


def test_only_the_roles_that_may_use_a_page_are_offered_it(world: World) -> None:
    decision, printers = reverse("awards:decision_create"), reverse("certificates:printers")
    templates, delegations = reverse("certificates:templates"), reverse("pledges:delegations")
    offered = {actor: _urls(world, actor) for actor in ROLES}
    assert {actor for actor, urls in offered.items() if decision in urls} == {"admin", "reviewer"}
    assert {actor for actor, urls in offered.items() if printers in urls} == {
        "admin",
        "secretariat",
    }
    assert {actor for actor, urls in offered.items() if templates in urls} == {"admin"}
    assert {actor for actor, urls in offered.items() if delegations in urls} == {"commander"}
    # The archive is searched by every role; the statistics are the command's and the bloc's.
    statistics = reverse("archive:statistics")
    assert {actor for actor, urls in offered.items() if statistics in urls} == {
        "admin",
        "secretariat",
        "reviewer",
        "superior",
    }
    for urls in offered.values():
        assert reverse("awards:rules") in urls  # the rules are read by all
        assert reverse("archive:search") in urls


def test_a_commander_reaches_the_own_unit_page_first_and_its_award_history_from_there(
    world: World,
) -> None:
    unit_page = reverse("blocs:unit_detail", args=[world.member_unit.pk])
    assert _links(world, "commander")["organisation"][0] == unit_page
    page = world.client("commander").get(unit_page).content.decode()
    assert reverse("awards:unit_history", args=[world.member_unit.pk]) in page


@pytest.mark.parametrize("actor", ROLES)
def test_every_link_of_the_menu_opens_for_the_role(world: World, actor: str) -> None:
    client = Client()
    client.force_login(world.users[actor])
    for url in _urls(world, actor):
        assert client.get(url).status_code == 200, url


def test_the_page_marks_where_the_user_is_and_keeps_log_out_in_the_user_menu(
    world: World,
) -> None:
    page = world.client("reviewer").get(reverse("awards:rules")).content.decode()
    assert (
        f'class="dropdown-item active" href="{reverse("awards:rules")}" aria-current="page"' in page
    )
    user_menu = page.split('id="user-menu"')[1]
    assert f'action="{reverse("logout")}"' in user_menu
    assert reverse("admin:index") not in page
    staff = world.client("admin").get(reverse("dashboard")).content.decode()
    assert reverse("admin:index") in staff.split('id="user-menu"')[1]

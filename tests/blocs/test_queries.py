"""List pages run the same number of queries with 10 rows as with 200."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blocs.models import MembershipRole
from tests.conftest import YEAR, World
from tests.factories import (
    BlocFactory,
    CampaignFactory,
    JobFactory,
    MembershipFactory,
    PersonFactory,
    UnitFactory,
)


def _members(world: World, n: int) -> None:
    for unit in UnitFactory.create_batch(n):
        MembershipFactory(bloc=world.bloc, unit=unit, year=YEAR)


def _blocs(world: World, n: int) -> None:
    BlocFactory.create_batch(n, command=world.command)


def _command_blocs(world: World, n: int) -> None:
    """Blocs of the reviewer's command, each with a member and a campaign this year."""
    for bloc in BlocFactory.create_batch(n, command=world.command):
        MembershipFactory(bloc=bloc, unit=UnitFactory(), year=YEAR)
        CampaignFactory(bloc=bloc, year=YEAR)


def _campaigns(world: World, n: int) -> None:
    CampaignFactory.create_batch(n, bloc=world.bloc)


def _people(world: World, n: int) -> None:
    PersonFactory.create_batch(n, unit=world.member_unit)


def _jobs(world: World, n: int) -> None:
    JobFactory.create_batch(n, bloc_id=world.bloc.pk, requested_by=world.users["secretariat"])


PAGES: list[tuple[str, Callable[[World, int], None], str]] = [
    ("blocs:bloc_list", _blocs, "reviewer"),
    ("blocs:unit_list", _members, "secretariat"),
    ("blocs:campaign_list", _campaigns, "secretariat"),
    ("blocs:person_list", _people, "commander"),
    ("blocs:job_list", _jobs, "secretariat"),
    ("dashboard", _members, "secretariat"),
    ("dashboard", _command_blocs, "reviewer"),
]


def _count(world: World, url: str, actor: str) -> int:
    client = world.client(actor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "make", "actor"), PAGES)
def test_list_query_count_does_not_grow(
    world: World, name: str, make: Callable, actor: str
) -> None:
    url = reverse(name)
    make(world, 10)
    with_ten = _count(world, url, actor)
    make(world, 190)
    assert _count(world, url, actor) == with_ten


def test_bloc_year_page_query_count_does_not_grow(world: World) -> None:
    url = reverse("blocs:bloc_year", args=[world.bloc.pk, YEAR])
    _members(world, 10)
    _campaigns(world, 10)
    with_ten = _count(world, url, "secretariat")
    _members(world, 190)
    _campaigns(world, 190)
    assert _count(world, url, "secretariat") == with_ten


def test_unit_page_query_count_does_not_grow(world: World) -> None:
    url = reverse("blocs:unit_detail", args=[world.member_unit.pk])
    _people(world, 10)
    with_ten = _count(world, url, "secretariat")
    _people(world, 190)
    for year in range(2000, 2020):
        MembershipFactory(
            bloc=world.bloc, unit=world.member_unit, year=year, role=MembershipRole.MEMBER
        )
    assert _count(world, url, "secretariat") == with_ten

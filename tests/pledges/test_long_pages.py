"""A bloc of many units: the pledge's page and its progress board show them a page at a time,
the user's own unit first, and any unit at once through the unit picker."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from pledges import views
from pledges.models import Pledge
from tests.conftest import World
from tests.factories import TargetFactory


@pytest.fixture(autouse=True)
def _two_units_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "UNITS_PER_PAGE", 2)


@pytest.fixture
def five_units(world: World, pledge: Pledge, bloc_of_five: list[Any]) -> list[Any]:
    """The pledge's bloc grown to five units, each with a target (the pledge has the first
    two's)."""
    for unit in bloc_of_five[2:]:
        TargetFactory(pledge=pledge, unit=unit, goal=f"Huấn luyện giỏi ({unit.name})")
    return bloc_of_five


def _units_shown(content: bytes, heading: str) -> list[str]:
    html = BeautifulSoup(content, "html.parser")
    return [h.text.strip() for h in html.select(f"{heading}[id^=unit-]")]


def test_the_pledge_page_shows_the_commanders_own_unit_first_and_the_rest_by_pages(
    world: World, pledge: Pledge, five_units: list[Any]
) -> None:
    url = reverse("pledges:detail", args=[pledge.pk])
    page = world.client("commander").get(url)
    text = page.content.decode()
    assert _units_shown(page.content, "h3")[0] == world.member_unit.name
    assert len(_units_shown(page.content, "h3")) == 2 and "Trang 1/3" in text
    board = BeautifulSoup(page.content, "html.parser").select("#signing-board tr[data-unit]")
    assert board[0]["data-unit"] == str(world.member_unit.pk)

    others = sorted(u.name for u in five_units if u != world.member_unit)
    last = world.client("commander").get(url, {"page": "3"})
    assert _units_shown(last.content, "h3") == [others[-1]]
    assert world.client("secretariat").get(url, {"page": "3"}).status_code == 200


def test_the_unit_picker_opens_the_page_of_any_unit(
    world: World, pledge: Pledge, five_units: list[Any], django_app: Any
) -> None:
    page = django_app.get(reverse("pledges:detail", args=[pledge.pk]), user="secretariat")
    wanted = sorted(five_units, key=lambda unit: unit.name)[-1]
    assert wanted.name not in _units_shown(page.content, "h3")
    form = page.forms["unit-picker"]
    form["unit"] = str(wanted.pk)
    picked = form.submit()
    assert wanted.name in _units_shown(picked.content, "h3")
    assert f"Huấn luyện giỏi ({wanted.name})" in picked.text


def test_the_progress_board_shows_units_by_pages_and_a_commander_their_own(
    world: World, signed_pledge: Pledge, five_units: list[Any]
) -> None:
    url = reverse("pledges:progress", args=[signed_pledge.pk])
    first = world.client("secretariat").get(url)
    assert len(_units_shown(first.content, "h2")) == 2
    assert "unit-picker" in first.content.decode()
    third = world.client("secretariat").get(url, {"page": "3"})
    assert len(_units_shown(third.content, "h2")) == 1
    reviews = BeautifulSoup(third.content, "html.parser").select("#reviews tbody tr")
    assert len(reviews) == 1  # the review table follows the page's units

    own = world.client("commander").get(url)
    assert _units_shown(own.content, "h2") == [world.member_unit.name]
    assert "unit-picker" not in own.content.decode()

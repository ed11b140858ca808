"""The home page as the command sees it, and the unit page of a large unit."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from django.urls import reverse

from tests.conftest import YEAR, World
from tests.factories import (
    BlocFactory,
    CampaignFactory,
    MembershipFactory,
    PersonFactory,
    UnitFactory,
)


def text_of(response: Any, selector: str) -> list[list[str]]:
    """The text of each cell of the rows (or of the elements) ``selector`` finds."""
    html = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in found.select("td, th")]
        or [found.get_text(" ", strip=True)]
        for found in html.select(selector)
    ]


def test_a_reviewer_reads_each_bloc_of_the_command_on_one_line(world: World, time_machine) -> None:
    time_machine.move_to(f"{YEAR}-06-01 09:00 +07:00")
    busy = BlocFactory(command=world.command, name="Khối thi đua số 9")
    for _ in range(3):
        MembershipFactory(bloc=busy, unit=UnitFactory(), year=YEAR)
    MembershipFactory(bloc=busy, unit=UnitFactory(), year=YEAR - 1)  # another year's
    CampaignFactory(bloc=busy, year=YEAR, name="Phong trào Thi đua Quyết thắng 2026")
    BlocFactory(command=world.other_command, name="Khối của bộ tư lệnh khác")

    page = world.client("reviewer").get(reverse("dashboard"))

    rows = {row[0]: row[1:] for row in text_of(page, "#blocs-overview tbody tr")}
    assert rows["Khối thi đua số 9"] == ["3", "Phong trào Thi đua Quyết thắng 2026"]
    assert "Khối của bộ tư lệnh khác" not in rows
    assert world.bloc.name in rows


def test_a_unit_of_two_hundred_people_is_read_by_pages(world: World) -> None:
    for number in range(60):
        PersonFactory(unit=world.member_unit, full_name=f"Nguyễn Văn {number:03d}")
    client = world.client("commander")
    url = reverse("blocs:unit_detail", args=[world.member_unit.pk])

    first = client.get(url)
    last = client.get(url, {"page": 3})

    total = world.member_unit.people.count()
    assert text_of(first, "#people-count") == [[str(total)]]
    shown = [row[1] for row in text_of(first, "table tbody tr")]
    assert len(shown) == 25
    rest = [row[1] for row in text_of(last, "table tbody tr")]
    assert len(shown) * 2 + len(rest) == total
    assert not set(shown) & set(rest)

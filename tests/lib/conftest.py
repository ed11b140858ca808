"""People and units named alike, for the search tests."""

from __future__ import annotations

import pytest

from blocs.models import Rank, Unit
from blocs.services import person_save, unit_update
from tests.conftest import World

PEOPLE = [
    ("Nguyễn Văn An", "Trợ lý"),
    ("Đoàn Thị Hoa", "Nhân viên"),
    ("Trần Thị Hoa An", "Trợ lý/Chính trị viên"),
    ("Lê Văn Bình", "Chỉ huy trưởng"),
    ("Nguyễn Văn Đức", "Chiến sĩ"),
]
# Of the other bloc's unit: found by the same words, never shown to the first bloc.
OUTSIDER = "Nguyễn Văn Anh"


@pytest.fixture
def people(world: World) -> None:
    """The demo's unit names, people of the member unit whose names look alike, and one of
    the other bloc's unit, saved as the administrator saves them (and so audited)."""
    admin = world.users["admin"]
    names = {
        world.leader_unit.pk: "Trường Cao đẳng Kỹ thuật Mật mã",
        world.member_unit.pk: "Lữ đoàn 144",
        world.other_unit.pk: "Đoàn Nghi lễ Quân đội",
    }
    for unit in Unit.objects.all():
        name = names.get(unit.pk, "Tổng công ty 789")
        unit_update(user=admin, unit=unit, data={"name": name, "short_name": ""})
    nominees = [(world.member_unit, *person) for person in PEOPLE]
    for unit, full_name, position in [*nominees, (world.other_unit, OUTSIDER, "Trợ lý")]:
        unit.refresh_from_db()
        data = {"unit": unit, "full_name": full_name, "position": position, "rank": Rank.CAPTAIN}
        person_save(user=admin, data=data)

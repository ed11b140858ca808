"""People and units named alike, for the search tests."""

from __future__ import annotations

import pytest

from blocs.models import Unit
from tests.conftest import World
from tests.factories import PersonFactory

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
    the other bloc's unit."""
    names = {
        world.leader_unit.pk: "Trường Cao đẳng Kỹ thuật Mật mã",
        world.member_unit.pk: "Lữ đoàn 144",
        world.other_unit.pk: "Đoàn Nghi lễ Quân đội",
    }
    assert Unit.objects.count() == 4, "one of them is named 789"
    for unit in Unit.objects.all():  # two passes: a factory's name may be one of these
        Unit.objects.filter(pk=unit.pk).update(name=f"unit {unit.pk}")
    for unit in Unit.objects.all():
        Unit.objects.filter(pk=unit.pk).update(name=names.get(unit.pk, "Tổng công ty 789"))
    for full_name, position in PEOPLE:
        PersonFactory(unit=world.member_unit, full_name=full_name, position=position)
    PersonFactory(unit=world.other_unit, full_name=OUTSIDER, position="Trợ lý")

"""Exemplary models: the secretariat marks them, other units record adopting them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from awards.models import ExemplaryAdoption, ExemplaryModel
from tests.conftest import World
from tests.factories import MembershipFactory


def test_mark_and_adopt(world: World) -> None:
    year = timezone.localdate().year
    for unit, role in [(world.leader_unit, "leader"), (world.member_unit, "member")]:
        MembershipFactory(
            bloc=world.bloc, unit=unit, year=year, role=role
        ) if year != 2026 else None
    url = reverse("awards:exemplary")
    mark = {"action": "mark", "bloc": world.bloc.pk, "year": year, "unit": world.leader_unit.pk,
            "practice": "Mô hình “Tổ huấn luyện kiểu mẫu”"}  # fmt: skip
    world.client("commander").post(url, mark)
    assert not ExemplaryModel.objects.exists()
    world.client("secretariat").post(url, mark)
    model = ExemplaryModel.objects.get()
    adopt = {
        "action": "adopt",
        "model": model.pk,
        "unit": world.member_unit.pk,
        "note": "Áp dụng từ quý III",
    }
    world.client("commander").post(url, adopt)
    world.client("commander").post(url, adopt)  # twice: recorded once
    assert ExemplaryAdoption.objects.get().unit == world.member_unit
    page = world.client("reviewer").get(url).content.decode()
    assert "Tổ huấn luyện kiểu mẫu" in page and "Áp dụng từ quý III" in page
    assert "Tổ huấn luyện kiểu mẫu" not in world.client("other_commander").get(url).content.decode()

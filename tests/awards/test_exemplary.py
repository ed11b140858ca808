"""Exemplary models: the secretariat marks them, other units record adopting them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from awards.models import ExemplaryAdoption, ExemplaryModel
from tests.conftest import World
from tests.factories import MembershipFactory


def test_mark_and_adopt(world: World, django_app: object) -> None:
    year = timezone.localdate().year
    if year != 2026:
        for unit, role in [(world.leader_unit, "leader"), (world.member_unit, "member")]:
            MembershipFactory(bloc=world.bloc, unit=unit, year=year, role=role)
    url = reverse("awards:exemplary")
    assert not django_app.get(url, user="commander").html.select("form.mark-form")
    page = django_app.get(url, user="secretariat")
    mark = next(f for f in page.forms.values() if "/exemplary/new/" in f.action)
    mark["unit"] = str(world.leader_unit.pk)
    mark["practice"] = "Mô hình “Tổ huấn luyện kiểu mẫu”"
    page = mark.submit().follow()
    model = ExemplaryModel.objects.get()
    assert "Tổ huấn luyện kiểu mẫu" in page.text

    page = django_app.get(url, user="commander")
    adopt = next(f for f in page.forms.values() if f"/exemplary/{model.pk}/adopt/" in f.action)
    adopt["note"] = "Áp dụng từ quý III"
    adopt.submit().follow()
    adopt.submit().follow()  # twice: recorded once
    assert ExemplaryAdoption.objects.get().unit == world.member_unit
    page = world.client("reviewer").get(url).content.decode()
    assert "Tổ huấn luyện kiểu mẫu" in page and "Áp dụng từ quý III" in page
    assert "Tổ huấn luyện kiểu mẫu" not in world.client("other_commander").get(url).content.decode()


def test_only_the_secretariat_marks(world: World) -> None:
    year = timezone.localdate().year
    url = reverse("awards:exemplary_mark", args=[world.bloc.pk, year])
    data = {"unit": world.leader_unit.pk, "practice": "Mô hình giả"}
    world.client("commander").post(url, data)
    assert not ExemplaryModel.objects.exists()

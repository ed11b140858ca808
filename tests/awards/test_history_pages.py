"""The award history pages, driven through the forms they render: recording an award decided
outside the portal, marking it revoked, registering an initiative, the unit's strength."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from awards.models import AwardRecord, AwardRule, AwardType, Initiative
from awards.rules import awards_ensure
from blocs.models import UnitStrength
from tests.conftest import YEAR, World
from tests.factories import PersonFactory
from tests.forms import tick


@pytest.fixture(autouse=True)
def _catalogue(db: None) -> None:
    awards_ensure(AwardType, AwardRule)


def test_secretariat_records_an_award_from_the_units_page(world: World, django_app: Any) -> None:
    unit_page = django_app.get(
        reverse("blocs:unit_detail", args=[world.member_unit.pk]), user="secretariat"
    )
    history = unit_page.click(href=reverse("awards:unit_history", args=[world.member_unit.pk]))
    form = history.click(
        href=reverse("awards:award_record_add", args=[world.member_unit.pk])
    ).forms["main-form"]
    form["award"].select(text="Đơn vị Quyết thắng")
    form["year"] = str(YEAR + 1)  # a slip of the finger: refused, what was typed is kept
    form["decision_number"] = "145/QĐ-BTTM"
    form["decision_date"] = f"{YEAR - 1}-12-18"
    form["authority"] = "Bộ Tổng Tham mưu"
    refused = form.submit(status=400)
    assert f"Năm {YEAR + 1} chưa đến." in refused.text
    assert not AwardRecord.objects.exists()
    form = refused.forms["main-form"]
    assert form["decision_number"].value == "145/QĐ-BTTM"
    form["year"] = str(YEAR - 1)
    page = form.submit().follow()
    assert "Đơn vị Quyết thắng" in page.text and "145/QĐ-BTTM" in page.text
    record = AwardRecord.objects.get()
    assert (record.unit, record.person, record.year) == (world.member_unit, None, YEAR - 1)
    assert AuditEvent.objects.filter(action="award_record.add").exists()


def test_a_revoked_record_stays_in_the_history_marked(world: World, django_app: Any) -> None:
    soldier = PersonFactory(unit=world.member_unit, full_name="Đặng Quốc Huy")
    form = django_app.get(
        reverse("awards:award_record_add", args=[world.member_unit.pk]), user="secretariat"
    ).forms["main-form"]
    form["award"].select(text="Chiến sĩ tiên tiến")
    form["person"] = str(soldier.pk)
    form["year"], form["decision_number"] = str(YEAR - 1), "31/QĐ-LĐ"
    form["decision_date"], form["authority"] = f"{YEAR - 1}-12-10", "Lữ đoàn 144"
    form.submit().follow()
    person_page = django_app.get(
        reverse("awards:person_history", args=[soldier.pk]), user="commander"
    )
    assert "Chiến sĩ tiên tiến" in person_page.text and "31/QĐ-LĐ" in person_page.text
    assert "mark revoked" not in person_page.text.lower()  # the commander reads, no more

    history = django_app.get(
        reverse("awards:unit_history", args=[world.member_unit.pk]), user="secretariat"
    )
    revoke = history.click(
        href=reverse("awards:award_record_revoke", args=[AwardRecord.objects.get().pk])
    )
    form = revoke.forms["main-form"]
    form["revoked_on"] = f"{YEAR}-03-02"
    form["reason"] = "Thu hồi theo Quyết định 12/QĐ-LĐ"
    page = form.submit().follow()
    assert "<del>Chiến sĩ tiên tiến</del>" in page.text
    assert AwardRecord.objects.get().revoked_on == datetime.date(YEAR, 3, 2)


def test_initiatives_and_strength_are_recorded_through_their_forms(
    world: World, django_app: Any
) -> None:
    author = PersonFactory(unit=world.member_unit, full_name="Bùi Thị Ngọc")
    form = django_app.get(
        reverse("awards:initiative_add", args=[world.member_unit.pk]), user="secretariat"
    ).forms["main-form"]
    form["title"] = "Phần mềm quản lý kho đạn"
    tick(form, "authors", author.pk)
    form["level"], form["recognised_by"] = "cấp cơ sở", "5/QĐ-HĐSK"
    form["recognised_on"] = f"{YEAR}-06-01"
    page = form.submit().follow()
    assert "Phần mềm quản lý kho đạn" in page.text
    assert list(Initiative.objects.get().authors.all()) == [author]

    strength = reverse("blocs:unit_strength", args=[world.member_unit.pk])
    for figure in ("120", "118"):
        form = django_app.get(strength, user="secretariat").forms["main-form"]
        form["year"], form["strength"] = str(YEAR), figure
        form.submit().follow()
    assert UnitStrength.objects.get(unit=world.member_unit, year=YEAR).strength == 118
    change = AuditEvent.objects.filter(action="unit.strength").latest("pk")
    assert (change.data["from"], change.data["to"]) == (120, 118)


def test_who_may_read_and_record_history(world: World, django_app: Any) -> None:
    history = reverse("awards:unit_history", args=[world.member_unit.pk])
    add = reverse("awards:award_record_add", args=[world.member_unit.pk])
    page = django_app.get(history, user="commander")
    assert 'id="record-award"' not in page.text
    django_app.get(add, user="commander", status=403)
    django_app.get(
        reverse("blocs:unit_strength", args=[world.member_unit.pk]), user="commander", status=403
    )
    django_app.get(history, user="other_commander", status=404)
    django_app.get(add, user="other_secretariat", status=404)
    assert 'id="record-award"' in django_app.get(history, user="secretariat").text

"""After a form is saved, the page says what was done and to what, in the user's language."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.blocs.test_forms import campaign_data
from tests.conftest import YEAR, World


def _said(page: Any) -> list[str]:
    return [alert.get_text(strip=True) for alert in page.html.select(".alert-success")]


def test_a_new_campaign_and_a_unit_s_strength_are_named_once_saved(
    world: World, django_app: Any
) -> None:
    form = django_app.get(reverse("blocs:campaign_create"), user="secretariat").forms["main-form"]
    for name, value in campaign_data(world).items():
        form[name] = str(value)
    page = form.submit().follow()
    assert _said(page) == ["Đã tạo “Thi đua cao điểm chào mừng ngày thành lập”."]

    world.member_unit.name = "Lữ đoàn 144"
    world.member_unit.save(update_fields=["name"])
    url = reverse("blocs:unit_strength", args=[world.member_unit.pk])
    form = django_app.get(url, user="secretariat").forms["main-form"]
    form["year"], form["strength"] = str(YEAR), "118"
    page = form.submit().follow()
    assert _said(page) == ["Đã ghi nhận quân số năm 2026 của Lữ đoàn 144: 118."]

    django_app.set_cookie("django_language", "en")
    form = django_app.get(url, user="secretariat").forms["main-form"]
    form["year"], form["strength"] = str(YEAR), "120"
    page = form.submit().follow()
    assert _said(page) == ["Recorded the strength of Lữ đoàn 144 for 2026: 120."]

"""An administrator keeps the voting rules as fractions; a fraction that cannot be is refused
with a message in the administrator's language, by the form and by the database."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from django.db import IntegrityError
from django.urls import reverse

from evaluation.models import VotingRule
from tests.conftest import World
from tests.factories import VotingRuleFactory

QUORUM = (
    "Tỷ lệ tham dự tối thiểu là một phân số từ 0 đến 1, ví dụ 2/3: mẫu số phải lớn hơn 0 và tử "
    "số không được lớn hơn mẫu số."
)
THRESHOLD = (
    "Tỷ lệ phiếu suy tôn là một phân số từ 0 đến 1, ví dụ 7/10: mẫu số phải lớn hơn 0 và tử số "
    "không được lớn hơn mẫu số."
)


def rule_form(django_app: Any, **values: str) -> Any:
    form = django_app.get(reverse("admin:evaluation_votingrule_add"), user="admin").forms[
        "votingrule_form"
    ]
    filled = {
        "name": "Quy chế Khối 4",
        "legal_source": "Quy chế hoạt động của Khối",
        "quorum_numerator": "2",
        "quorum_denominator": "3",
        "threshold_numerator": "7",
        "threshold_denominator": "10",
        "threshold_comparison": "at_least",
        "threshold_base": "total",
        "effective_from": "01/01/2026",
        **values,
    }
    for name, value in filled.items():
        form[name] = value
    return form


def errors(page: Any) -> list[str]:
    return [" ".join(li.get_text().split()) for li in page.html.select(".errorlist li")]


def test_admin_saves_two_thirds_and_lists_it_as_read(world: World, django_app: Any) -> None:
    rule_form(django_app).submit().follow()
    rule = VotingRule.objects.get(name="Quy chế Khối 4")
    assert (rule.quorum, rule.threshold) == (Fraction(2, 3), Fraction(7, 10))
    listing = django_app.get(reverse("admin:evaluation_votingrule_changelist"), user="admin")
    row = " ".join(listing.html.select_one("#result_list tbody tr").get_text().split())
    assert "từ 2/3 tổng số đơn vị thành viên trở lên" in row
    assert "từ 70% tổng số đơn vị thành viên trở lên" in row


def test_admin_refuses_a_zero_denominator(world: World, django_app: Any) -> None:
    page = rule_form(django_app, quorum_denominator="0").submit()
    assert page.status_code == 200 and QUORUM in errors(page)
    assert not VotingRule.objects.filter(name="Quy chế Khối 4").exists()


def test_admin_refuses_a_fraction_above_one(world: World, django_app: Any) -> None:
    page = rule_form(django_app, threshold_numerator="11").submit()
    assert page.status_code == 200 and THRESHOLD in errors(page)
    assert not VotingRule.objects.filter(name="Quy chế Khối 4").exists()


def test_admin_refuses_more_than_the_whole(world: World, django_app: Any) -> None:
    page = rule_form(
        django_app,
        threshold_numerator="1",
        threshold_denominator="1",
        threshold_comparison="more_than",
    ).submit()
    assert page.status_code == 200
    assert errors(page) == [
        "Không đơn vị nào có thể được nhiều hơn toàn bộ số phiếu: với ngưỡng bằng toàn bộ, "
        "đồng chí hãy chọn “từ ngưỡng trở lên”."
    ]


@pytest.mark.parametrize(
    ("numerator", "denominator"), [(2, 0), (4, 3)], ids=["zero denominator", "above one"]
)
def test_the_database_refuses_a_zero_denominator_or_a_fraction_above_one(
    db: None, numerator: int, denominator: int
) -> None:
    with pytest.raises(IntegrityError):
        VotingRuleFactory(quorum_numerator=numerator, quorum_denominator=denominator)

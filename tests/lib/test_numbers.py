"""Numbers are shown the way each language writes them, never as Python holds them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from emulation_portal.lib.numbers import number


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (Decimal("100.00"), "100", "100"),
        (Decimal("100").normalize(), "100", "100"),  # 1E+2
        ("1E+2", "100", "100"),  # a figure stored before this helper
        (Decimal("80.00"), "80", "80"),
        ("103.00", "103", "103"),
        (Decimal("95.50"), "95,5", "95.5"),
        ("66.67", "66,67", "66.67"),
        (Decimal("2") / Decimal("3") * 100, "66,67", "66.67"),
        (12.5, "12,5", "12.5"),
        (7, "7", "7"),
        (Decimal("-0.00"), "0", "0"),
        (Decimal("-2.50"), "-2,5", "-2.5"),
        (Decimal("0.005"), "0,01", "0.01"),
    ],
)
def test_numbers_in_each_language(value: object, vi: str, en: str) -> None:
    with translation.override("vi"):
        assert number(value) == vi
    with translation.override("en"):
        assert number(value) == en


def test_places_and_what_is_not_a_number() -> None:
    with translation.override("vi"):
        assert number(Decimal("95.04"), 1) == "95"
        assert number("2.25", 1) == "2,3"
        assert number(None) == "" and number("") == ""
        assert number("—") == "—"


def test_the_template_filter() -> None:
    template = Template(
        '{% load numbers %}{{ a|number }} · {{ b|number:1 }} · {{ c|number|default:"—" }}'
    )
    with translation.override("vi"):
        text = template.render(Context({"a": Decimal("1E+2"), "b": "95.55", "c": None}))
    assert text == "100 · 95,6 · —"

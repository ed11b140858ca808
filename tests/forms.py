"""Helpers for filling in the forms that pages render (django-webtest)."""

from __future__ import annotations

from typing import Any


def tick(form: Any, name: str, *values: object) -> None:
    """Tick the checkboxes named ``name`` whose values are ``values`` (the page must offer
    each one, or the test fails)."""
    wanted = {str(value) for value in values}
    boxes = {box._value: box for box in form.fields.get(name, [])}
    missing = wanted - set(boxes)
    assert not missing, f"the form offers no {name} checkbox for {sorted(missing)}"
    for value in wanted:
        boxes[value].checked = True


def options(form: Any, name: str) -> list[str]:
    """The values a select offers."""
    return [value for value, _selected, _text in form[name].options]

"""Helpers for filling in the forms that pages render (django-webtest)."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from django.urls import reverse


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


def todo_links(client: Any) -> list[tuple[str, str]]:
    """The to-dos on the user's home page, as (text, link)."""
    page = BeautifulSoup(client.get(reverse("dashboard")).content, "html.parser")
    return [(item.a.text, item.a["href"]) for item in page.select("#todos li.todo")]

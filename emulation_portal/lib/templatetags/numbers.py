"""``{{ value|number }}`` and ``{{ value|number:1 }}``: see ``emulation_portal.lib.numbers``.

Registered in the template settings (``OPTIONS["libraries"]``), as lib is no app."""

from __future__ import annotations

from django import template

from emulation_portal.lib import numbers

register = template.Library()


@register.filter
def number(value: object, places: int = 2) -> str:
    return numbers.number(value, int(places))

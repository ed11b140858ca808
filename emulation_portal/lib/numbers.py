"""Numbers as people read them, in the active language: “100”, “95,5” in Vietnamese, “95.5”
in English.

Figures reach pages and documents as Decimals from the database and as strings from stored
JSON (a published ranking, a year-end summary). Printing either as is shows what Python
holds: “103.00”, or “1E+2” for a normalised 100. Every such figure goes through ``number``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats


def number(value: object, places: int = 2) -> str:
    """``value`` rounded to at most ``places`` decimals, trailing zeros dropped, with the active
    language's decimal separator. Empty for None or ""; anything not a number is shown as is."""
    if value is None or value == "":
        return ""
    try:
        figure = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not figure.is_finite():
        return str(value)
    figure = figure.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
    if figure.is_zero():
        return formats.number_format(Decimal(0), decimal_pos=0)
    exponent = figure.as_tuple().exponent
    return formats.number_format(figure, decimal_pos=max(0, -int(exponent)))

"""Dates as Vietnamese administrative documents write them."""

from __future__ import annotations

import datetime


def administrative_date_parts(day: datetime.date) -> dict[str, str]:
    """Day, month and year for "ngày … tháng … năm …".

    Decree 30/2020/NĐ-CP: days below 10 and the months January and February take a leading
    zero, so the figure cannot be altered by hand afterwards.
    """
    return {
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month <= 2 else str(day.month),
        "year": str(day.year),
    }

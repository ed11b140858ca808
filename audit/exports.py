"""Spreadsheet-safe exports: cells that a spreadsheet would run as formulas are neutralised."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import defusedcsv.csv as safe_csv


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel shows Vietnamese letters right.

    defusedcsv prefixes a quote to any cell starting with =, +, -, @, tab or carriage return
    (CSV formula injection, OWASP).
    """
    buffer = io.StringIO()
    writer = safe_csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

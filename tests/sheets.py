"""Spreadsheets built in the tests with openpyxl (no binary fixtures in git)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import openpyxl

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HISTORY_HEADER = [
    "Đơn vị",
    "Họ và tên",
    "Danh hiệu / hình thức khen thưởng",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
]


def xlsx(
    rows: Iterable[Sequence[object]],
    *,
    header: Sequence[object] = HISTORY_HEADER,
    above: Sequence[Sequence[object]] = (),
) -> bytes:
    """A workbook whose first sheet has ``above`` (a title, blank lines), the header, the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    for line in above:
        sheet.append(list(line))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

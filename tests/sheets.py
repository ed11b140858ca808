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


def workbook(body: bytes) -> openpyxl.Workbook:
    """An exported workbook, opened as a reader opens it."""
    return openpyxl.load_workbook(io.BytesIO(body))


def table(sheet: object) -> tuple[list[object], list[list[object]]]:
    """An exported sheet's header (the row above the frozen panes) and the rows below it."""
    header_row = (sheet.freeze_panes and int(sheet.freeze_panes[1:]) - 1) or 1
    cells = [list(row) for row in sheet.iter_rows(min_row=header_row)]
    return [c.value for c in cells[0]], cells[1:]


def exported(app: object, url: str, *, user: str, link: str) -> openpyxl.Workbook:
    """The workbook behind the export button ``link`` of the page at ``url``, as ``user``
    clicks it."""
    response = app.get(url, user=user).click(linkid=link)
    assert response.content_type == XLSX
    return workbook(response.body)

"""Spreadsheet exports: any list as an .xlsx workbook, written a row at a time.

A list is described as ``Sheet``s (a title, typed columns with Vietnamese headers, and the rows as
an iterable, e.g. a queryset's ``.iterator()``); ``workbook_response`` writes them with openpyxl's
write-only mode into a temporary file and streams that file, so 10,000 rows never sit in memory as
cells. Cells keep their types: dates are dates (shown dd/mm/yyyy), numbers are numbers. Text is
always text: a value such as ``=HYPERLINK(…)`` or ``+1`` typed by a user is stored as a string,
never as a formula, and characters a workbook cannot hold are dropped.

A workbook is written in Vietnamese whatever the reader's interface language: it is forwarded
with the bloc's documents, which are Vietnamese. Headers are ``gettext_lazy`` strings, evaluated
while the workbook is written under ``translation.override(language)``.
"""

from __future__ import annotations

import datetime
import decimal
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

import openpyxl
from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .downloads import safe_filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FONT = Font(bold=True)
HEADING_FONT = Font(bold=True, size=13)
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
EXPORT_LANGUAGE = "vi"  # build sheets under translation.override(EXPORT_LANGUAGE)
SHEET_TITLE_LENGTH = 31  # Excel's limit
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))


@dataclass(frozen=True)
class Column:
    title: str | Promise
    # text, int, number (decimal places as given), date, datetime or percent (a fraction: 0.5
    # is shown 50%).
    kind: str = "text"
    width: int | None = None  # characters; by default from the title


@dataclass
class Sheet:
    title: str | Promise
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    heading: Sequence[str | Promise] = ()  # lines above the header: the bloc, the year...


FORMATS = {
    "int": "#,##0",
    "number": "#,##0.##",
    "date": DATE_FORMAT,
    "datetime": DATETIME_FORMAT,
    "percent": "0.##%",
}


def cell_value(value: object) -> object:
    """A value a workbook stores as it is: text as text, numbers and dates typed."""
    if value is None or isinstance(value, bool | int | float | decimal.Decimal):
        return value
    if isinstance(value, datetime.datetime):
        # Workbooks have no time zones: the local time a reader of the portal sees.
        return value.replace(tzinfo=None) if value.tzinfo is None else _local(value)
    if isinstance(value, datetime.date):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value).replace(tzinfo=None)


def _cell(sheet: Any, value: object, column: Column | None = None, font: Font | None = None):
    cell = WriteOnlyCell(sheet, value=cell_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # "=SUM(…)" typed by a user stays text, never a formula
    elif column is not None and column.kind in FORMATS and cell.value is not None:
        cell.number_format = FORMATS[column.kind]
    if font is not None:
        cell.font = font
    return cell


def sheet_title(title: str | Promise, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = str(title).translate(SHEET_TITLE_FORBIDDEN).strip("' ")[:SHEET_TITLE_LENGTH] or "Sheet"
    name, number = base, 2
    while name.casefold() in used:
        suffix = f" ({number})"
        name = base[: SHEET_TITLE_LENGTH - len(suffix)] + suffix
        number += 1
    used.add(name.casefold())
    return name


def workbook_write(sheets: Iterable[Sheet], target: IO[bytes]) -> None:
    """Write ``sheets`` into ``target`` a row at a time."""
    book = openpyxl.Workbook(write_only=True)
    used: set[str] = set()
    for spec in sheets:
        sheet = book.create_sheet(sheet_title(spec.title, used))
        for index, column in enumerate(spec.columns, start=1):
            width = column.width or max(12, min(45, len(str(column.title)) + 4))
            sheet.column_dimensions[get_column_letter(index)].width = width
        header_row = len(spec.heading) + (2 if spec.heading else 1)
        sheet.freeze_panes = f"A{header_row + 1}"
        for line in spec.heading:
            sheet.append([_cell(sheet, line, font=HEADING_FONT)])
        if spec.heading:
            sheet.append([])
        header = []
        for column in spec.columns:
            cell = _cell(sheet, column.title, font=HEADER_FONT)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            header.append(cell)
        sheet.append(header)
        columns = spec.columns
        for row in spec.rows:
            sheet.append([_cell(sheet, v, c) for v, c in zip(row, columns, strict=True)])
    book.save(target)


def yes_no(value: bool) -> str:
    """ "Có" or "Không" (in the workbook's language): a cell that reads as a check mark."""
    return translation.gettext("Yes") if value else translation.gettext("No")


def workbook_response(
    filename: str | Promise, sheets: Iterable[Sheet], *, language: str = EXPORT_LANGUAGE
) -> FileResponse:
    """The workbook as a download, streamed from a temporary file (deleted when sent).

    ``sheets`` (and their rows) may be lazy: they are read once, in ``language``.
    """
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    with translation.override(language):
        workbook_write(sheets, target)
        filename = str(filename)
    target.seek(0)
    if not filename.endswith(".xlsx"):
        filename += ".xlsx"
    return FileResponse(
        target, as_attachment=True, filename=safe_filename(filename), content_type=XLSX
    )

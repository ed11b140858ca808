"""Spreadsheet imports: one mechanism, and a kind of data registered by the app that owns it.

An app registers an ``ImportKind`` in its ``AppConfig.ready`` (as job kinds register in
``emulation_portal.lib.jobs``), so this module knows no app. It reads the first data sheet of an
.xlsx with openpyxl's read-only reader (a row at a time: 10,000 rows are never in memory as
cells), finds the header row by the kind's column titles (case, accents and punctuation do not
matter), turns cells into values (text on one line, years, dates also typed as dd/mm/yyyy) and
hands each row to the kind's ``ImportRun``, which says what the row would do: new, changed,
unchanged, or refused, with problems that name the row and the column. The ``imports`` app keeps
the file between the preview and the confirmation and applies every row in one transaction, or
none; the kind's own app checks who may import (``ImportKind.permitted``).
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Protocol
from xml.etree.ElementTree import ParseError

import openpyxl
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel, to_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from . import exports
from .text import nfc, validate_line

MAX_ROWS = 20_000  # data rows in one file (the upload policy's limits are set for this many)
HEADER_SEARCH = 10  # the header may follow a title and a few blank lines
SAMPLE_ROWS = 20  # rows that pass, shown in the preview besides every refused one
FIRST_YEAR = 1945
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
# dd/mm/yyyy (also with - or .), as Vietnamese documents write dates; else ISO yyyy-mm-dd.
DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
WHOLE = re.compile(r"\d{1,3}(\.\d{3})+|\d+")


class ColumnType(models.TextChoices):
    TEXT = "text", gettext_lazy("text")
    YEAR = "year", gettext_lazy("year")
    DATE = "date", gettext_lazy("date (dd/mm/yyyy)")
    NUMBER = "number", gettext_lazy("whole number")


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula (or shows an error such as #REF!): never imported, since the
    value a formula last showed is not a value anyone typed, and some files carry none."""

    text: str

    def __str__(self) -> str:
        return self.text


class Status(models.TextChoices):
    NEW = "new", gettext_lazy("New")
    CHANGED = "changed", gettext_lazy("Changed")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    REFUSED = "refused", gettext_lazy("Refused")


@dataclass(frozen=True)
class Column:
    key: str
    # The header as the template writes it. Spreadsheets keep their Vietnamese headers whatever
    # the interface language: they are the file's format, and messages name them as written.
    title: str
    type: str = ColumnType.TEXT
    aliases: tuple[str, ...] = ()  # other headers accepted (English ones, short forms)
    required: bool = True  # every row gives a value
    in_header: bool = True  # the header must have the column (else it may be left out)
    max_length: int = 200
    help: str | Promise = ""  # its line on the guide sheet


@dataclass(frozen=True)
class Problem:
    """Why a row (or the file) cannot be imported, naming the row and the column."""

    row: int | None
    column: str | None  # the column's title
    message: str

    def __str__(self) -> str:
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.row and self.column:
            return _("Row %(row)s, column %(column)s: %(message)s") % values
        if self.row:
            return _("Row %(row)s: %(message)s") % values
        if self.column:
            return _("Column %(column)s: %(message)s") % values
        return self.message

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        return cls(row=data["row"], column=data["column"], message=data["message"])


@dataclass
class Row:
    """One data row: its number in the sheet, its values by column key (None when empty or
    unreadable), the cells as the file shows them, and what could not be read."""

    number: int
    values: dict[str, Any]
    shown: list[str]
    problems: list[Problem]
    titles: dict[str, str]

    def problem(self, key: str, message: str) -> Problem:
        return Problem(row=self.number, column=self.titles[key], message=message)


@dataclass
class Checked:
    """What a row would do, and for a new or changed row what to write (``payload``)."""

    row: Row
    status: str
    problems: list[Problem] = field(default_factory=list)
    payload: Any = None

    @classmethod
    def refused(cls, row: Row, problems: list[Problem]) -> Checked:
        return cls(row=row, status=Status.REFUSED, problems=problems)


@dataclass(frozen=True)
class Target:
    """Who imports, for which bloc (by id: this layer knows no bloc) and year."""

    user: Any
    bloc_id: int
    year: int


class ImportRun(Protocol):
    """A kind's checks for one file: made by ``ImportKind.start``, which loads once what the
    rows are checked against; ``check`` is called for each row in order (so it can check rows
    against the earlier ones), ``apply`` with the new and changed rows, inside the transaction
    that also records the import."""

    def check(self, row: Row) -> Checked: ...

    def apply(self, accepted: list[Checked]) -> None: ...


@dataclass(frozen=True)
class ImportKind:
    code: str
    label: str | Promise
    columns: tuple[Column, ...]
    start: Callable[[Target], ImportRun]
    # permitted(user=, bloc_id=, year=): who may import for a bloc and year.
    permitted: Callable[..., bool]
    # Lists the template offers in a column (by key), e.g. the bloc's units.
    choices: Callable[[Target], dict[str, list[str]]] = lambda target: {}
    example: dict[str, Any] = field(default_factory=dict)  # the template's example row
    guide: tuple[str | Promise, ...] = ()  # its first lines on the guide sheet
    sheet_title: str = "Dữ liệu"

    def titles(self) -> dict[str, str]:
        return {column.key: column.title for column in self.columns}


_kinds: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    _kinds[kind.code] = kind
    return kind


def get_kind(code: str) -> ImportKind:
    return _kinds[code]


def kinds() -> list[ImportKind]:
    return list(_kinds.values())


# --- Reading ----------------------------------------------------------------------------------


def heading(value: object) -> str:
    """A header as compared: no accents (đ is d), no case, words only."""
    text = unicodedata.normalize("NFD", str(value).casefold()).replace("đ", "d")
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


class Unreadable(Exception):
    """The workbook is not one openpyxl can read (damaged, or not an .xlsx inside)."""


@dataclass
class SheetResult:
    """What a file would do: problems of the file itself, counts, every refused row, the first
    rows that pass, and (when asked for) the rows to apply with the run that applies them."""

    columns: list[str]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    refused: list[Checked] = field(default_factory=list)
    sample: list[Checked] = field(default_factory=list)
    accepted: list[Checked] = field(default_factory=list)
    run: ImportRun | None = None

    @property
    def passes(self) -> bool:
        return not self.problems and not self.counts[Status.REFUSED]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, checked: Checked, *, keep: bool) -> None:
        self.counts[checked.status] += 1
        if checked.status == Status.REFUSED:
            self.refused.append(checked)
        elif len(self.sample) < SAMPLE_ROWS:
            self.sample.append(checked)
        if keep and checked.status in (Status.NEW, Status.CHANGED):
            self.accepted.append(checked)

    def preview(self) -> dict[str, Any]:
        """What the preview page shows, as JSON to keep with the upload."""
        return {
            "columns": self.columns,
            "problems": [problem.as_json() for problem in self.problems],
            "notes": self.notes,
            "refused": [_row_json(checked) for checked in self.refused],
            "sample": [_row_json(checked) for checked in self.sample],
        }


def _row_json(checked: Checked) -> dict[str, Any]:
    return {
        "row": checked.row.number,
        "status": checked.status,
        "cells": checked.row.shown,
        "problems": [problem.as_json() for problem in checked.problems],
    }


def sheet_check(
    *, kind: ImportKind, target: Target, file: IO[bytes], keep: bool = False
) -> SheetResult:
    """Read ``file`` and check every row with the kind's run; with ``keep``, also hold the
    rows to apply (the confirmation), else only what the preview shows."""
    result = SheetResult(columns=[column.title for column in kind.columns])
    try:
        # data_only=False: a formula reads as its text, so that it can be refused (below).
        book = openpyxl.load_workbook(file, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError):
        result.problems.append(Problem(None, None, _unreadable()))
        return result
    try:
        _check_rows(kind, target, _cells(book), result, keep=keep)
    except Unreadable:
        result.problems.append(Problem(None, None, _unreadable()))
    finally:
        book.close()
    return result


def _unreadable() -> str:
    return _("The file cannot be read as an Excel workbook (.xlsx). Save it again as .xlsx.")


def _cells(book: Any) -> Iterator[tuple[Any, ...]]:
    """The data sheet's rows as tuples of values, from row 1 (missing rows come as empty
    tuples); the guide and list sheets of the template are skipped."""
    skipped = {heading(GUIDE_SHEET), heading(LISTS_SHEET)}
    sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    sheet = next((ws for ws in sheets if heading(ws.title) not in skipped), None)
    if sheet is None:
        return
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # the file's own claim of its size is not trusted
    try:
        for cells in sheet.iter_rows():
            yield tuple(_cell_value(cell) for cell in cells)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError) as error:
        raise Unreadable from error


def _cell_value(cell: Any) -> Any:
    if cell.data_type in ("f", "e"):
        return Formula(str(cell.value))
    return cell.value


def name_key(value: str) -> str:
    """Names as matched: whatever their case and spacing (never their accents: “Hải” is not
    “Hài”)."""
    return " ".join(nfc(value).split()).casefold()


def field_length(model: type[models.Model], name: str) -> int:
    """A column's longest value: the model field's own limit."""
    return model._meta.get_field(name).max_length


def unit_named(
    row: Row,
    units: Mapping[str, list[Any]],
    problems: list[Problem],
    *,
    missing: Callable[[str], str],
) -> Any | None:
    """The one unit the row's "unit" cell names in ``units`` (by ``name_key`` of its name and
    short name), or a problem on that cell: ``missing(name)`` when none, or the several units
    that share a short name."""
    name = row.values["unit"]
    if name is None:
        return None
    found = units.get(name_key(name), [])
    if len(found) == 1:
        return found[0]
    if found:
        message = _("“%(name)s” is the short name of several units (%(units)s).") % {
            "name": name,
            "units": "; ".join(unit.name for unit in found),
        }
    else:
        message = missing(name)
    problems.append(row.problem("unit", message))
    return None


def _check_rows(
    kind: ImportKind,
    target: Target,
    cells: Iterator[tuple[Any, ...]],
    result: SheetResult,
    *,
    keep: bool,
) -> None:
    header = _header(kind, cells, result)
    if header is None:
        return
    header_row, positions = header
    run = kind.start(target)
    result.run = run
    titles = kind.titles()
    for number, values in enumerate(cells, start=header_row + 1):
        if all(_blank(value) for value in values):
            continue
        if result.total >= MAX_ROWS:
            message = _("The file has more than %(count)s rows: split it into several files.")
            result.problems.append(Problem(number, None, message % {"count": MAX_ROWS}))
            return
        row = _row(kind, titles, number, values, positions)
        if _is_example(kind, row):
            message = _("this is the template's example row: delete it.")
            result.add(Checked.refused(row, [Problem(number, None, message)]), keep=keep)
            continue
        result.add(run.check(row), keep=keep)
    if not result.total:
        result.problems.append(Problem(None, None, _("The file has no rows under its header.")))


def _is_example(kind: ImportKind, row: Row) -> bool:
    """The template's example row, uploaded as it is (it could be a unit that would be made)."""
    example = {key: value for key, value in kind.example.items() if value not in (None, "")}
    return bool(example) and all(row.values.get(key) == value for key, value in example.items())


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(
    kind: ImportKind, cells: Iterator[tuple[Any, ...]], result: SheetResult
) -> tuple[int, dict[str, int]] | None:
    """The header row's number and each column's position in it; problems when there is none,
    a column is missing or named twice."""
    names: dict[str, str] = {}
    for column in kind.columns:
        for title in (column.title, *column.aliases):
            names[heading(title)] = column.key
    enough = min(2, len(kind.columns))
    for number, values in enumerate(cells, start=1):
        found = [(i, names.get(heading(v))) for i, v in enumerate(values) if not _blank(v)]
        if sum(1 for _i, key in found if key) >= enough:
            header = _positions(kind, number, values, found, result)
            if header is None:
                _two_row_header(number, next(cells, ()), names, result)
            return header
        if number >= HEADER_SEARCH:
            break
    expected = ", ".join(column.title for column in kind.columns if column.in_header)
    result.problems.append(
        Problem(
            None,
            None,
            _("No header row: the first row must name the columns (%(columns)s).")
            % {"columns": expected},
        )
    )
    return None


def _two_row_header(
    number: int, following: tuple[Any, ...], names: dict[str, str], result: SheetResult
) -> None:
    """A header written over two rows (a title merged over the cells of the row under it)
    is named as such, since its missing columns are in fact in the next row."""
    if any(not _blank(value) and heading(value) in names for value in following):
        message = _(
            "the header is written over rows %(first)s and %(second)s (merged cells?): write "
            "every column's title in one row, without merged cells."
        ) % {"first": number, "second": number + 1}
        result.problems.insert(0, Problem(number, None, message))


def _positions(
    kind: ImportKind,
    number: int,
    values: tuple[Any, ...],
    found: list[tuple[int, str | None]],
    result: SheetResult,
) -> tuple[int, dict[str, int]] | None:
    positions: dict[str, int] = {}
    titles = kind.titles()
    for index, key in found:
        letter = get_column_letter(index + 1)
        if key is None:
            result.notes.append(
                _("Column %(letter)s (“%(title)s”) is not imported.")
                % {"letter": letter, "title": values[index]}
            )
        elif key in positions:
            message = _("this column appears twice (%(first)s and %(second)s): keep one.") % {
                "first": get_column_letter(positions[key] + 1),
                "second": letter,
            }
            result.problems.append(Problem(number, titles[key], message))
        else:
            positions[key] = index
    for column in kind.columns:
        if column.in_header and column.key not in positions:
            message = _("the column is missing: the header row must have it.")
            result.problems.append(Problem(number, column.title, message))
    return None if result.problems else (number, positions)


def _row(
    kind: ImportKind,
    titles: dict[str, str],
    number: int,
    values: tuple[Any, ...],
    positions: dict[str, int],
) -> Row:
    row = Row(number=number, values={}, shown=[], problems=[], titles=titles)
    for column in kind.columns:
        index = positions.get(column.key)
        raw = values[index] if index is not None and index < len(values) else None
        row.shown.append(_shown(raw))
        value, message = _value(column, raw)
        row.values[column.key] = value
        if message:
            row.problems.append(row.problem(column.key, message))
    return row


def _shown(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, Formula):
        return str(raw)
    if isinstance(raw, datetime.datetime | datetime.date):
        return raw.strftime("%d/%m/%Y")
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return nfc(str(raw)).strip()


def _value(column: Column, raw: object) -> tuple[Any, str | None]:
    """The cell's value for the column, or None and why it cannot be read."""
    if _blank(raw):
        return None, _("the cell is empty.") if column.required else None
    if isinstance(raw, Formula):
        message = _(
            "the cell holds a formula or an error (%(formula)s): type the value itself "
            "(copy the column and paste it as values)."
        )
        return None, message % {"formula": str(raw)[:60]}
    if column.type == ColumnType.YEAR:
        return _year(raw)
    if column.type == ColumnType.DATE:
        return _date(raw)
    if column.type == ColumnType.NUMBER:
        return _number(raw)
    return _text(column, raw)


def _text(column: Column, raw: object) -> tuple[str | None, str | None]:
    text = " ".join(_shown(raw).split())
    try:
        validate_line(text)
    except ValidationError as error:
        return None, " ".join(error.messages)
    if len(text) > column.max_length:
        message = _("at most %(max)s characters (it has %(count)s).")
        return None, message % {"max": column.max_length, "count": len(text)}
    return text, None


def _year(raw: object) -> tuple[int | None, str | None]:
    year = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        year = raw
    elif isinstance(raw, float) and raw.is_integer():
        year = int(raw)
    elif isinstance(raw, str) and raw.strip().isdigit():
        year = int(raw.strip())
    if year is None or not FIRST_YEAR <= year <= 2100:
        message = _("“%(value)s” is not a year: write it in four digits, such as 2025.")
        return None, message % {"value": _shown(raw)}
    return year, None


def _number(raw: object) -> tuple[int | None, str | None]:
    number = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        number = raw
    elif isinstance(raw, float) and raw.is_integer():
        number = int(raw)
    elif isinstance(raw, str) and WHOLE.fullmatch(raw.strip()):
        number = int(raw.strip().replace(".", ""))  # 1.250 as Vietnamese write thousands
    if number is None or number < 0:
        message = _("“%(value)s” is not a whole number.")
        return None, message % {"value": _shown(raw)}
    return number, None


def _date(raw: object) -> tuple[datetime.date | None, str | None]:
    if isinstance(raw, datetime.datetime):
        return raw.date(), None
    if isinstance(raw, datetime.date):
        return raw, None
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 2958466:
        return from_excel(raw).date(), None  # a date cell that lost its date format
    if isinstance(raw, str):
        day_first = DAY_FIRST.fullmatch(raw.strip())
        try:
            if day_first:
                day, month, year = (int(part) for part in day_first.groups())
                return datetime.date(year, month, day), None
            return datetime.date.fromisoformat(raw.strip()), None
        except ValueError:
            pass
    message = _("“%(value)s” is not a date: write it as dd/mm/yyyy.")
    return None, message % {"value": _shown(raw)}


# --- The template -----------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(italic=True, color="808080")


def template_build(*, kind: ImportKind, target: Target) -> bytes:
    """The kind's template: its header, one example row, lists to choose from where the kind
    offers them, and a guide sheet ("Hướng dẫn")."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = kind.sheet_title
    sheet.append([column.title for column in kind.columns])
    for index, column in enumerate(kind.columns, start=1):
        _text_cell(sheet.cell(row=2, column=index), kind.example.get(column.key))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet[f"{letter}1"].fill = HEADER_FILL
        sheet[f"{letter}2"].font = EXAMPLE_FONT
        sheet.column_dimensions[letter].width = max(14, min(40, len(column.title) + 6))
        if column.type == ColumnType.DATE:
            sheet[f"{letter}2"].number_format = "DD/MM/YYYY"
            sheet.column_dimensions[letter].number_format = "DD/MM/YYYY"
    _validations(book, sheet, kind, target)
    _guide(book, kind)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text_cell(cell: Any, value: object) -> None:
    """Write ``value``; text stays text even when it starts with "=" (a unit named "=HYPERLINK(…)"
    must not become a formula in the template the secretariat opens)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _validations(book: Any, sheet: Any, kind: ImportKind, target: Target) -> None:
    """Lists from a hidden sheet (Excel caps a list typed inline at 255 characters), whole
    years and dates; a value outside a list is warned about, not forbidden (a code or a
    short name is accepted too)."""
    choices = kind.choices(target)
    lists = book.create_sheet(LISTS_SHEET) if choices else None
    listed = 0
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        if column.key in choices and lists is not None:
            listed += 1
            source = get_column_letter(listed)
            values = choices[column.key]
            lists[f"{source}1"] = column.title
            for offset, value in enumerate(values, start=2):
                _text_cell(lists[f"{source}{offset}"], value)
            formula = f"'{LISTS_SHEET}'!${source}$2:${source}${len(values) + 1}"
            rule = DataValidation(type="list", formula1=formula, errorStyle="warning")
        elif column.type == ColumnType.YEAR:
            rule = DataValidation(
                type="whole", operator="between", formula1=str(FIRST_YEAR), formula2="2100"
            )
        elif column.type == ColumnType.NUMBER:
            rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        elif column.type == ColumnType.DATE:
            first = int(to_excel(datetime.date(FIRST_YEAR, 1, 1)))
            rule = DataValidation(type="date", operator="greaterThanOrEqual", formula1=str(first))
        else:
            continue
        rule.allow_blank = True
        rule.showErrorMessage = True
        rule.error = _guide_line(column)[:250]  # Excel's limit is 255
        rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(rule)
    if lists is not None:
        lists.sheet_state = "hidden"


def _guide_line(column: Column) -> str:
    need = _("required") if column.required else _("may be empty")
    return f"{column.title} ({ColumnType(column.type).label}, {need}): {column.help}"


def _guide(book: Any, kind: ImportKind) -> None:
    guide = book.create_sheet(GUIDE_SHEET)
    lines = [
        str(kind.label),
        "",
        *[str(line) for line in kind.guide],
        "",
        _("Columns:"),
        *[_guide_line(column) for column in kind.columns],
        "",
        _(
            "Keep the header row as it is (the columns may be in any order) and write one "
            "record a row. Row 2 is an example: delete it."
        ),
        _("Dates as dd/mm/yyyy; years in four digits."),
        _("At most %(count)s rows in one file.") % {"count": f"{MAX_ROWS:,}".replace(",", ".")},
        _(
            "After the upload the portal shows what every row would do: new, unchanged, or "
            "refused with the row and column to correct. Nothing is saved until you confirm, "
            "and nothing at all while a row is refused."
        ),
        _("Generated on %(date)s.") % {"date": timezone.localdate().strftime("%d/%m/%Y")},
    ]
    for line in lines:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    guide["A1"].font = Font(bold=True, size=13)


# --- The same layout as an export ---------------------------------------------------------------

EXPORT_KINDS = {
    ColumnType.TEXT: "text",
    ColumnType.YEAR: "year",
    ColumnType.DATE: "date",
    ColumnType.NUMBER: "int",
}


def export_sheet(
    *, kind: ImportKind, rows: Iterable[Sequence[Any]], heading: Sequence[str] = ()
) -> exports.Sheet:
    """An export in the kind's template layout (its sheet title, its column titles in order), so
    the file exported can be imported again as it is: the "export → import" of a round trip."""
    columns = [exports.Column(column.title, EXPORT_KINDS[column.type]) for column in kind.columns]
    return exports.Sheet(title=kind.sheet_title, columns=columns, rows=rows, heading=heading)

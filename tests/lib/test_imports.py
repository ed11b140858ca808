"""The import mechanism on its own: headers, cells, limits, the template (a kind made here)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

import openpyxl
import pytest
from django.utils import translation

from emulation_portal.lib import imports
from emulation_portal.lib.imports import Checked, Column, ColumnType, Row, Status, Target
from tests.sheets import xlsx as workbook

HEADER = ["Họ và tên", "Năm", "Ngày quyết định"]


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@dataclass
class Recorder:
    """A kind's run that accepts every readable row and keeps what it was given."""

    rows: list[Row] = field(default_factory=list)
    applied: list[Checked] = field(default_factory=list)

    def check(self, row: Row) -> Checked:
        self.rows.append(row)
        if row.problems:
            return Checked.refused(row, row.problems)
        return Checked(row=row, status=Status.NEW, payload=row.values)

    def apply(self, accepted: list[Checked]) -> None:
        self.applied.extend(accepted)


KIND = imports.ImportKind(
    code="test_people",
    label="People",
    columns=(
        Column("name", "Họ và tên", aliases=("Full name",)),
        Column("year", "Năm", type=ColumnType.YEAR),
        Column("date", "Ngày quyết định", type=ColumnType.DATE, required=False),
    ),
    start=lambda target: Recorder(),
    permitted=lambda **kwargs: True,
    choices=lambda target: {"name": ["Nguyễn Văn An", "Trần Thị Bình"]},
    example={
        "name": "Nguyễn Văn An (dòng ví dụ)",
        "year": 2025,
        "date": datetime.date(2025, 12, 20),
    },
)
TARGET = Target(user=None, bloc_id=1, year=2026)


def xlsx(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    return workbook(rows, header=header)


def check(content: bytes, *, keep: bool = False) -> imports.SheetResult:
    return imports.sheet_check(kind=KIND, target=TARGET, file=io.BytesIO(content), keep=keep)


def test_headers_match_whatever_their_case_accents_and_punctuation() -> None:
    assert imports.heading("  Ngày QUYẾT ĐỊNH: ") == imports.heading("ngay quyet dinh")
    assert imports.heading("Họ và tên*") == "ho va ten"
    assert imports.heading("Đơn vị") == "don vi"
    result = check(xlsx([["An", 2025, None]], header=["HO VA TEN", "năm", "Ngay quyet dinh"]))
    assert result.passes and result.counts[Status.NEW] == 1


def test_cells_become_years_and_dates_however_they_were_typed() -> None:
    rows = [
        ["  Nguyễn   Văn An ", 2025, datetime.date(2025, 12, 20)],  # read back as a datetime
        ["Trần Thị Bình", "2024", "5/1/2025"],
        ["Lê Văn Cường", 2023.0, "2025-01-06"],
        ["Phạm Văn Dũng", 2022, 45000],  # a date cell that lost its format
    ]
    result = check(xlsx(rows), keep=True)
    values = [checked.payload for checked in result.accepted]
    assert values[0] == {"name": "Nguyễn Văn An", "year": 2025, "date": datetime.date(2025, 12, 20)}
    assert values[1]["date"] == datetime.date(2025, 1, 5) and values[1]["year"] == 2024
    assert values[2]["date"] == datetime.date(2025, 1, 6) and values[2]["year"] == 2023
    assert values[3]["date"] == datetime.date(2023, 3, 15)


def test_unreadable_cells_name_their_row_and_column() -> None:
    rows = [["An", 25, "31/02/2025"], ["", 2025, None], ["Bình\u202e", 2025, None]]
    result = check(xlsx(rows))
    problems = [str(p) for checked in result.refused for p in checked.problems]
    assert problems == [
        "Row 2, column Năm: “25” is not a year: write it in four digits, such as 2025.",
        "Row 2, column Ngày quyết định: “31/02/2025” is not a date: write it as dd/mm/yyyy.",
        "Row 3, column Họ và tên: the cell is empty.",
        "Row 4, column Họ và tên: Remove the invisible or direction-changing characters (U+202E).",
    ]
    assert not result.passes


def test_blank_rows_are_skipped_and_rows_keep_their_sheet_numbers() -> None:
    result = check(xlsx([["An", 2025, None], [None, None, None], ["Bình", 2025, None]]))
    assert [checked.row.number for checked in result.sample] == [2, 4]


def test_the_header_must_name_every_column_once() -> None:
    missing = check(xlsx([["An"]], header=["Họ và tên", "Ngày quyết định"]))
    assert [str(p) for p in missing.problems] == [
        "Row 1, column Năm: the column is missing: the header row must have it."
    ]
    twice = check(xlsx([["An", 2025, 2025]], header=["Họ và tên", "Năm", "NĂM"]))
    assert "appears twice (B and C)" in str(twice.problems[0])
    none = check(xlsx([["An", 2025]], header=["Tên", "Số"]))
    assert "No header row" in str(none.problems[0])


def test_too_many_rows_and_files_that_are_not_workbooks_are_refused(monkeypatch: Any) -> None:
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    result = check(xlsx([["An", 2025, None]] * 5))
    assert "more than 3 rows" in str(result.problems[0])
    assert "cannot be read" in str(check(b"PK\x03\x04 not a workbook").problems[0])


def test_the_template_reads_back_as_its_own_header_and_example() -> None:
    book = openpyxl.load_workbook(io.BytesIO(imports.template_build(kind=KIND, target=TARGET)))
    assert book.sheetnames == ["Dữ liệu", "Danh mục", "Hướng dẫn"]
    assert book["Danh mục"].sheet_state == "hidden"
    assert [c.value for c in book["Dữ liệu"][1]] == HEADER
    result = check(imports.template_build(kind=KIND, target=TARGET), keep=True)
    # Its example reads back typed, and is refused as the example it is.
    (example,) = result.refused
    assert example.row.values == KIND.example and "example row" in str(example.problems[0])


def test_the_template_writes_names_as_text_never_as_formulas() -> None:
    kind = imports.ImportKind(
        code="test_formula",
        label="People",
        columns=KIND.columns,
        start=lambda target: Recorder(),
        permitted=lambda **kwargs: True,
        choices=lambda target: {"name": ['=HYPERLINK("http://x","Lữ đoàn 144")']},
        example={"name": "=1+1"},
    )
    book = openpyxl.load_workbook(io.BytesIO(imports.template_build(kind=kind, target=TARGET)))
    assert book["Danh mục"]["A2"].data_type == "s"
    assert book["Dữ liệu"]["A2"].value == "=1+1" and book["Dữ liệu"]["A2"].data_type == "s"


def test_formulas_and_error_cells_are_refused_naming_their_row_and_column() -> None:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["An", "=2000+25", None])
    book.active.append(["Bình", 2025, "=TODAY()"])
    book.active.append(['=HYPERLINK("http://x","Cường")', 2025, None])
    buffer = io.BytesIO()
    book.save(buffer)
    result = check(buffer.getvalue())
    problems = [str(p) for checked in result.refused for p in checked.problems]
    assert [p.split(":")[0] for p in problems] == [
        "Row 2, column Năm",
        "Row 3, column Ngày quyết định",
        "Row 4, column Họ và tên",
    ]
    assert "holds a formula or an error (=2000+25)" in problems[0]
    assert not result.counts[Status.NEW]


def test_whole_numbers_read_as_typed_with_vietnamese_thousands() -> None:
    kind = imports.ImportKind(
        code="test_numbers",
        label="Numbers",
        columns=(Column("name", "Họ và tên"), Column("count", "Số", type=ColumnType.NUMBER)),
        start=lambda target: Recorder(),
        permitted=lambda **kwargs: True,
    )
    rows = [["A", 1250], ["B", "1.250"], ["C", 12.0], ["D", "1.5"], ["E", -3], ["F", "mười"]]
    content = workbook(rows, header=["Họ và tên", "Số"])
    result = imports.sheet_check(kind=kind, target=TARGET, file=io.BytesIO(content), keep=True)
    assert [c.payload["count"] for c in result.accepted] == [1250, 1250, 12]
    assert [c.row.number for c in result.refused] == [5, 6, 7]


def test_the_templates_example_row_uploaded_as_it_is_is_refused() -> None:
    example = ["Nguyễn Văn An (dòng ví dụ)", 2025, datetime.date(2025, 12, 20)]
    result = check(xlsx([example, ["An", 2025, None]]))
    assert [c.row.number for c in result.refused] == [2]
    assert "example row" in str(result.refused[0].problems[0])
    assert result.counts[Status.NEW] == 1


def test_a_header_over_two_rows_is_named_as_such() -> None:
    content = workbook(
        [[None, "Ngày quyết định", None], ["An", "20/12/2025", 2025]],
        header=["Họ và tên", "Ngày", "Năm"],
    )
    problems = [str(p) for p in check(content).problems]
    assert problems[0].startswith("Row 1: the header is written over rows 1 and 2")
    assert "Row 1, column Ngày quyết định: the column is missing" in problems[1]

"""The export mechanism on its own: what a secretariat finds when it opens the workbook."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from emulation_portal.lib.exports import Column, Sheet, sheet_title, workbook_response

COLUMNS = [
    Column("Họ và tên"),
    Column("Năm sinh", "int"),
    Column("Điểm", "number"),
    Column("Ngày quyết định", "date"),
    Column("Tỷ lệ phiếu", "percent"),
]


def opened(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_cells_keep_their_types_and_vietnamese_text() -> None:
    rows = [["Nguyễn Văn Đức", 1990, Decimal("96.5"), datetime.date(2026, 12, 28), Decimal("0.8")]]
    response = workbook_response("Danh sách đề nghị", [Sheet("Đề nghị", COLUMNS, rows)])

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        "Danh%20s%C3%A1ch%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.xlsx" in response["Content-Disposition"]
    )
    sheet = opened(response)["Đề nghị"]
    assert [cell.value for cell in sheet[1]] == [column.title for column in COLUMNS]
    name, born, score, decided, share = sheet[2]
    assert name.value == "Nguyễn Văn Đức"
    assert born.value == 1990 and born.data_type == "n"
    assert score.value == 96.5 and score.data_type == "n"
    assert decided.is_date and decided.value.date() == datetime.date(2026, 12, 28)
    assert decided.number_format == "DD/MM/YYYY"
    assert share.value == 0.8 and share.number_format.endswith("%")


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x","y")', "=1+1", "+1", "@SUM(A1)"])
def test_a_formula_typed_by_a_user_stays_text(typed: str) -> None:
    response = workbook_response("x", [Sheet("Danh sách", [Column("Tên")], [[typed]])])

    cell = opened(response)["Danh sách"]["A2"]
    assert cell.value == typed
    assert cell.data_type == "s"


def test_heading_lines_sit_above_the_header_and_control_characters_are_dropped() -> None:
    sheet = Sheet(
        "Xếp hạng",
        [Column("Đơn vị"), Column("Điểm", "number")],
        [["Lữ đoàn\x07 144", 98]],
        heading=["Khối thi đua số 4", "Năm 2026"],
    )

    book = opened(workbook_response("x", [sheet]))["Xếp hạng"]
    assert book["A1"].value == "Khối thi đua số 4"
    assert book["A2"].value == "Năm 2026"
    assert [cell.value for cell in book[4]] == ["Đơn vị", "Điểm"]
    assert book["A5"].value == "Lữ đoàn 144"
    assert book.freeze_panes == "A5"


def test_sheet_titles_are_ones_excel_accepts_and_unique() -> None:
    used: set[str] = set()
    first = sheet_title("Kết quả: chỉ tiêu/đơn vị [2026] của toàn khối thi đua", used)
    second = sheet_title("Kết quả: chỉ tiêu/đơn vị [2026] của toàn khối thi đua", used)

    assert len(first) <= 31 and len(second) <= 31
    assert not set("[]:*?/\\") & set(first + second)
    assert first != second


def test_rows_are_read_once_from_an_iterator() -> None:
    rows = ([f"Đơn vị {n}", n] for n in range(1, 1001))
    sheet = Sheet("Đơn vị", [Column("Tên"), Column("Số", "int")], rows)

    book = opened(workbook_response("x", [sheet]))["Đơn vị"]
    assert book.max_row == 1001
    assert book["B1001"].value == 1000

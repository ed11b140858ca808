"""The shared upload validator: content, size, images, archives, names."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from emulation_portal.lib.uploads import EVIDENCE, SPREADSHEET, UploadPolicy, upload_check

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _english() -> object:
    """Messages are matched in English here; test_forms checks that they are translated."""
    with translation.override("en"):
        yield


def image(width: int, height: int, kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, kind)
    return buffer.getvalue()


def test_a_real_pdf_is_accepted() -> None:
    checked = upload_check(SimpleUploadedFile("Báo cáo thành tích.pdf", PDF), EVIDENCE)
    assert (checked.name, checked.content_type) == ("Báo cáo thành tích.pdf", "application/pdf")


def test_renamed_executable_is_refused() -> None:
    with pytest.raises(ValidationError, match="content does not match"):
        upload_check(SimpleUploadedFile("minh-chung.pdf", EXE), EVIDENCE)


def test_unknown_extension_is_refused() -> None:
    with pytest.raises(ValidationError, match="not accepted"):
        upload_check(SimpleUploadedFile("setup.exe", EXE), EVIDENCE)


def test_oversized_file_is_refused() -> None:
    policy = UploadPolicy(extensions=frozenset({".pdf"}), max_bytes=1000)
    with pytest.raises(ValidationError, match="too large"):
        upload_check(SimpleUploadedFile("big.pdf", PDF + b"0" * 2000), policy)


def test_image_with_too_many_pixels_is_refused() -> None:
    policy = UploadPolicy(extensions=frozenset({".png"}), max_image_pixels=1_000_000)
    with pytest.raises(ValidationError, match="image is too large"):
        upload_check(SimpleUploadedFile("anh.png", image(2000, 1000)), policy)
    assert upload_check(SimpleUploadedFile("anh.png", image(800, 600)), policy).extension == ".png"


def test_damaged_image_is_refused() -> None:
    broken = image(100, 100)[:60]
    with pytest.raises(ValidationError):
        upload_check(SimpleUploadedFile("anh.png", broken), EVIDENCE)


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "a\x00b.pdf"])
def test_path_traversal_and_control_characters_in_names_are_refused(name: str) -> None:
    upload = SimpleUploadedFile("x.pdf", PDF)
    upload._name = name  # as a hostile client could send it, before any clean-up
    with pytest.raises(ValidationError, match="name is not allowed"):
        upload_check(upload, EVIDENCE)


def test_zip_is_refused_unless_the_feature_takes_archives() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(ValidationError, match="not accepted"):
        upload_check(SimpleUploadedFile("a.zip", buffer.getvalue()), EVIDENCE)


def test_zip_bomb_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * 20_000_000)
    policy = UploadPolicy(extensions=frozenset({".zip"}))
    with pytest.raises(ValidationError, match="expands"):
        upload_check(SimpleUploadedFile("a.zip", buffer.getvalue()), policy)


def test_office_file_must_really_be_one() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.js", "alert(1)")
    with pytest.raises(ValidationError):
        upload_check(SimpleUploadedFile("bang-diem.xlsx", buffer.getvalue()), EVIDENCE)


def test_an_empty_file_is_refused_with_a_message() -> None:
    with pytest.raises(ValidationError, match="empty"):
        upload_check(SimpleUploadedFile("bao-cao.pdf", b""), EVIDENCE)


def spreadsheet() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Đơn vị", "Năm"])
    book.active.append(["Lữ đoàn 144", 2025])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_imports_take_a_real_spreadsheet_and_nothing_else() -> None:
    checked = upload_check(SimpleUploadedFile("lich-su.xlsx", spreadsheet()), SPREADSHEET)
    assert checked.extension == ".xlsx"
    for name, content in [("lich-su.pdf", PDF), ("lich-su.xlsx", PDF), ("lich-su.csv", b"a,b")]:
        with pytest.raises(ValidationError):
            upload_check(SimpleUploadedFile(name, content), SPREADSHEET)


def test_a_spreadsheet_that_expands_too_far_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 50_000_000)
    with pytest.raises(ValidationError, match="expands"):
        upload_check(SimpleUploadedFile("a.xlsx", buffer.getvalue()), SPREADSHEET)

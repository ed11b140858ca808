from __future__ import annotations

import pytest

from emulation_portal.lib.downloads import attachment, safe_filename


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Danh sách Khối thi đua số 4.pdf", "Danh sách Khối thi đua số 4.pdf"),
        ("../../etc/passwd", "passwd"),
        ('a"b\r\nX-Evil: 1.pdf', "a_b_X-Evil_ 1.pdf"),
        ("", "download"),
    ],
)
def test_safe_filename(given: str, expected: str) -> None:
    assert safe_filename(given) == expected


def test_vietnamese_name_is_encoded_in_the_header() -> None:
    response = attachment(b"x", filename="Bằng khen.pdf", content_type="application/pdf")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''B%E1%BA%B1ng%20khen.pdf"

"""Downloads with safe file names (Vietnamese ones included)."""

from __future__ import annotations

import re
import unicodedata

from django.http import HttpResponse

from .text import nfc

UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')


def safe_filename(name: str, *, default: str = "download") -> str:
    """A name a browser can save as is: no folders, control or reserved characters.

    Letters of every script are kept (Django's FileResponse encodes them per RFC 6266), so a
    Vietnamese name stays readable.
    """
    name = nfc(name).replace("\\", "/").rsplit("/", 1)[-1]
    name = UNSAFE.sub("_", name).strip(" .")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return name[:150] or default


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    return response

"""Downloads with safe file names (Vietnamese ones included)."""

from __future__ import annotations

import re
import unicodedata

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

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


def file_attachment(
    field_file: FieldFile, *, filename: str, content_type: str | None = None
) -> FileResponse:
    """A stored file as a download under a safe version of ``filename``."""
    return FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=safe_filename(filename),
        content_type=content_type,
    )


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    return response

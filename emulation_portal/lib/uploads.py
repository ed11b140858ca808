"""The one upload validator every feature uses: type by content, size, images, archives.

A feature declares an ``UploadPolicy``; ``upload_check`` returns what the file really is or
raises ``ValidationError`` with a message for the user. The user's file name is never used to
store the file (callers name it themselves), only shown.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import puremagic
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from .downloads import safe_filename

# Extension -> the content type the file's bytes must show.
KNOWN_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
    ".txt": "text/plain",
    ".csv": "text/csv",
}
IMAGES = {"image/png", "image/jpeg"}
TEXT = {"text/plain", "text/csv"}
# Office files are ZIP archives with a known part inside.
OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class UploadPolicy:
    extensions: frozenset[str]
    max_bytes: int = 10 * 1024 * 1024
    max_image_pixels: int = 25_000_000
    # Archives (a bare .zip) only where a feature needs them, with limits on expansion.
    max_archive_members: int = 500
    max_archive_bytes: int = 100 * 1024 * 1024
    max_archive_ratio: int = 100


EVIDENCE = UploadPolicy(extensions=frozenset({".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx"}))
# Spreadsheets the portal reads (imports): an .xlsx is a ZIP of XML parts, so the limits on
# expansion are what keep a small upload from becoming gigabytes of XML to parse. 20,000 rows
# (the most an import takes) expand to about 10 MB, compressed some 16 times.
SPREADSHEET = UploadPolicy(
    extensions=frozenset({".xlsx"}),
    max_bytes=10 * 1024 * 1024,
    max_archive_members=200,
    max_archive_bytes=100 * 1024 * 1024,
    max_archive_ratio=100,
)


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # safe to show and to offer as a download name
    extension: str
    content_type: str


def upload_check(upload: UploadedFile, policy: UploadPolicy) -> CheckedUpload:
    name = safe_filename(upload.name or "", default="")
    if not name or name != (upload.name or "") or ".." in name:
        raise ValidationError(_("The file name is not allowed. Rename the file and try again."))
    extension = PurePosixPath(name).suffix.lower()
    if extension not in policy.extensions or extension not in KNOWN_TYPES:
        allowed = ", ".join(sorted(policy.extensions))
        raise ValidationError(
            _("This kind of file is not accepted. Accepted: %(allowed)s.") % {"allowed": allowed}
        )
    if upload.size > policy.max_bytes:
        raise ValidationError(
            _("The file is too large (at most %(limit)s).")
            % {"limit": filesizeformat(policy.max_bytes)}
        )
    expected = KNOWN_TYPES[extension]
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    if not head:  # puremagic cannot type nothing, and no accepted kind of file is empty
        raise ValidationError(_("The file is empty (0 bytes). Check the file and upload it again."))
    if _content_type(head) != _family(expected):
        raise ValidationError(
            _("The file's content does not match its name (%(name)s).") % {"name": name}
        )
    upload.seek(0)
    if expected in IMAGES:
        _check_image(upload, policy)
    if _family(expected) == "application/zip":
        _check_archive(upload, policy, required_part=OFFICE_PARTS.get(extension))
    upload.seek(0)
    return CheckedUpload(name=name, extension=extension, content_type=expected)


def _family(content_type: str) -> str:
    """Office files are ZIP archives as far as their first bytes tell."""
    if content_type.startswith("application/vnd.openxmlformats"):
        return "application/zip"
    return "text/plain" if content_type in TEXT else content_type


def _content_type(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    try:
        detected = puremagic.from_string(head, mime=True)
    except puremagic.PureError:
        detected = ""
    if detected:
        return _family(detected)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain" if b"\x00" not in head else "application/octet-stream"


def _check_image(upload: UploadedFile, policy: UploadPolicy) -> None:
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > policy.max_image_pixels:
                raise ValidationError(
                    _("The image is too large (%(width)s×%(height)s pixels).")
                    % {"width": width, "height": height}
                )
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(_("The image is damaged or not an image.")) from error


def _check_archive(
    upload: UploadedFile, policy: UploadPolicy, *, required_part: str | None
) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
    except zipfile.BadZipFile as error:
        raise ValidationError(_("The file is damaged.")) from error
    expanded = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if (
        len(members) > policy.max_archive_members
        or expanded > policy.max_archive_bytes
        or expanded / packed > policy.max_archive_ratio
    ):
        raise ValidationError(_("The file expands to too much data to be accepted."))
    if required_part and required_part not in names:
        raise ValidationError(_("The file is damaged."))


class StoredUpload(models.Model):
    """Base of every model that keeps an uploaded file: what the check found, and ``store``.

    Abstract (no table of its own); each subclass adds its ``file`` field, whose ``upload_to``
    names the stored file from ``extension``, never from the user's file name.
    """

    name = models.CharField(gettext_lazy("file name"), max_length=255)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()

    class Meta:
        abstract = True

    def store(self, upload: UploadedFile, checked: CheckedUpload) -> None:
        """Record what ``upload_check`` found, then save the file and the row."""
        self.name, self.extension = checked.name, checked.extension
        self.content_type, self.size = checked.content_type, upload.size
        self.file.save("upload", upload, save=False)
        self.save()

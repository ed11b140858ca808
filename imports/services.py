"""Uploading a spreadsheet (kept, checked, previewed: nothing of it saved) and applying it
(every row in one transaction, or none; audited once, with the file's digest)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_record
from emulation_portal.lib.errors import RuleError
from emulation_portal.lib.imports import (
    ImportKind,
    SheetResult,
    Status,
    Target,
    get_kind,
    sheet_check,
)
from emulation_portal.lib.uploads import SPREADSHEET, upload_check

from .models import ImportBatch, ImportStatus

# Problems quoted in the message when a confirmation is refused (the preview lists them all).
QUOTED_PROBLEMS = 5


def import_kind_for(*, user: AbstractBaseUser, code: str, bloc_id: int, year: int) -> ImportKind:
    """The kind ``code`` if ``user`` may import it for the bloc and year."""
    kind = get_kind(code)
    if not kind.permitted(user=user, bloc_id=bloc_id, year=year):
        raise PermissionDenied
    return kind


def import_upload(
    *, user: AbstractBaseUser, kind: str, bloc_id: int, year: int, upload: UploadedFile
) -> ImportBatch:
    """Keep an uploaded spreadsheet with what each of its rows would do (the preview).

    Nothing of its data is saved here: ``import_apply`` does that once the user confirms. The
    rows are checked before the transaction that stores the upload, so reading ten thousand
    of them holds no lock.
    """
    import_kind = import_kind_for(user=user, code=kind, bloc_id=bloc_id, year=year)
    checked = upload_check(upload, SPREADSHEET)
    digest = _sha256(upload.chunks())
    upload.seek(0)
    target = Target(user=user, bloc_id=bloc_id, year=year)
    result = sheet_check(kind=import_kind, target=target, file=upload)
    upload.seek(0)
    batch = ImportBatch(
        kind=kind,
        bloc_id=bloc_id,
        year=year,
        sha256=digest,
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )
    _summarise(batch, result)
    with transaction.atomic():
        batch.store(upload, checked)
        audit_record(action="import.upload", actor=user, target=batch, data=_audit_data(batch))
    return batch


def import_apply(*, user: AbstractBaseUser, batch: ImportBatch) -> ImportBatch:
    """Apply every row of an uploaded spreadsheet in one transaction, or none.

    The file is checked again (the history may have changed since the preview): any refused
    row refuses the whole file. A file already applied is not applied twice. The import is
    audited once, with its counts and the file's SHA-256, not row by row.
    """
    try:
        with transaction.atomic():
            return _apply(user=user, batch=batch)
    except IntegrityError as error:
        # Someone saved the same records between this check and the write: nothing is saved.
        raise RuleError(
            _(
                "Some of these records were saved meanwhile: nothing was imported. Upload the "
                "file again."
            )
        ) from error


def _apply(*, user: AbstractBaseUser, batch: ImportBatch) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    kind = import_kind_for(user=user, code=batch.kind, bloc_id=batch.bloc_id, year=batch.year)
    if batch.status == ImportStatus.APPLIED:
        raise RuleError(
            _("This file was imported on %(date)s: it is not imported twice.")
            % {"date": date_format(timezone.localtime(batch.applied_at), "SHORT_DATETIME_FORMAT")}
        )
    with batch.file.open("rb") as file:
        if _sha256(file.chunks()) != batch.sha256:
            raise RuleError(_("The stored file is not the one that was checked: upload it again."))
        file.seek(0)
        target = Target(user=user, bloc_id=batch.bloc_id, year=batch.year)
        result = sheet_check(kind=kind, target=target, file=file, keep=True)
    if not result.passes:
        raise RuleError(_refusal(result))
    result.run.apply(result.accepted)
    _summarise(batch, result)
    batch.status, batch.applied_by, batch.applied_at = ImportStatus.APPLIED, user, timezone.now()
    batch.save(
        update_fields=[
            "status",
            "applied_by",
            "applied_at",
            "rows_new",
            "rows_changed",
            "rows_unchanged",
            "rows_refused",
            "preview",
        ]
    )
    audit_record(action="import.apply", actor=user, target=batch, data=_audit_data(batch))
    return batch


def _sha256(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def _summarise(batch: ImportBatch, result: SheetResult) -> None:
    batch.rows_new = result.counts[Status.NEW]
    batch.rows_changed = result.counts[Status.CHANGED]
    batch.rows_unchanged = result.counts[Status.UNCHANGED]
    batch.rows_refused = result.counts[Status.REFUSED]
    batch.preview = result.preview()


def _refusal(result: SheetResult) -> list[str]:
    problems = result.problems + [p for checked in result.refused for p in checked.problems]
    summary = _(
        "Nothing was imported: %(count)s rows are refused now (the records changed since the "
        "preview). Correct the file and upload it again."
    ) % {"count": result.counts[Status.REFUSED]}
    if result.problems:
        summary = _("Nothing was imported: the file cannot be read as it is.")
    return [summary, *(str(problem) for problem in problems[:QUOTED_PROBLEMS])]


def _audit_data(batch: ImportBatch) -> dict[str, Any]:
    return {
        "kind": batch.kind,
        "bloc": batch.bloc_id,
        "year": batch.year,
        "file": batch.name,
        "sha256": batch.sha256,
        "new": batch.rows_new,
        "changed": batch.rows_changed,
        "unchanged": batch.rows_unchanged,
        "refused": batch.rows_refused,
    }

"""Uploaded spreadsheets between their preview and their confirmation, and after.

The mechanism knows a bloc by id only (like ``jobs.Job``): the kinds of data (registered in
``emulation_portal.lib.imports`` by the apps that own them) and who may import them live above.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.uploads import StoredUpload


class ImportStatus(models.TextChoices):
    CHECKED = "checked", _("Checked, not applied")
    APPLIED = "applied", _("Applied")


def import_file_path(instance: ImportBatch, filename: str) -> str:
    return f"imports/{instance.bloc_id}/{uuid.uuid4().hex}{instance.extension}"


class ImportBatch(StoredUpload):
    """An uploaded spreadsheet: the file and its SHA-256, what each row would do (the preview,
    in the uploader's language), and who applied it when. Applied once at most."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    # The bloc it imports for, by id only: the mechanism knows nothing of blocs.
    bloc_id = models.BigIntegerField(_("bloc"), db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    file = models.FileField(upload_to=import_file_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKED
    )
    rows_new = models.PositiveIntegerField(_("new rows"), default=0)
    rows_changed = models.PositiveIntegerField(_("changed rows"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged rows"), default=0)
    rows_refused = models.PositiveIntegerField(_("refused rows"), default=0)
    # What the preview page shows: the file's problems, every refused row, the first others.
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ImportStatus.APPLIED, applied_at__isnull=False)
                | Q(status=ImportStatus.CHECKED, applied_at__isnull=True),
                name="import_applied_has_its_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.name}"

    @property
    def rows_total(self) -> int:
        return self.rows_new + self.rows_changed + self.rows_unchanged + self.rows_refused

    @property
    def passes(self) -> bool:
        """No problem with the file and no refused row: the rows may be applied."""
        return not self.rows_refused and not self.preview.get("problems")

    @property
    def may_apply(self) -> bool:
        return (
            self.status == ImportStatus.CHECKED
            and self.passes
            and bool(self.rows_new + self.rows_changed)
        )

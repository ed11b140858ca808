"""Year-end summaries (báo cáo tổng kết): every generation is kept as a version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc
from jobs.models import Job


class YearSummary(models.Model):
    """The figures of a bloc's year as they stood when this version was written.

    ``content`` is what both the PDF and the web page show, so the two never disagree and an
    earlier version reads the same after later corrections.
    """

    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, related_name="summaries")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    job = models.OneToOneField(Job, on_delete=models.PROTECT, related_name="summary")
    content = models.JSONField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    written_at = models.DateTimeField(_("written at"))

    class Meta:
        ordering = ["bloc", "year", "-version"]
        verbose_name = _("year-end summary")
        verbose_name_plural = _("year-end summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "version"], name="summary_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bloc} {self.year} v{self.version}"

"""Background jobs: their state, progress and result, the chunks of batches, and document
numbers. The engine knows nothing of the apps that use it beyond ids (like NetBox's core.Job):
a job names the bloc it is about by id, and its kind (``emulation_portal.lib.jobs``) renders it.

The tables keep the names they had when this lived in the blocs app (``blocs_job`` ...).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.jobs import get_kind


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# A job in one of these states still expects a worker to move it on.
JOB_ACTIVE = (JobStatus.PENDING, JobStatus.RUNNING)


class Job(models.Model):
    """A background document job: its state, progress and result, for the page to show."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    # The bloc the job is about, by id only: the job engine knows nothing of blocs.
    bloc_id = models.BigIntegerField(_("bloc"), db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default="vi")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.CharField(_("progress note"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Batch jobs count what they produce (certificates, pages) for "n of N" and the estimate.
    items_total = models.PositiveIntegerField(_("items"), default=0)
    items_done = models.PositiveIntegerField(_("items done"), default=0)
    file = models.FileField(_("file"), upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField(_("download name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The last sign of life (queued, started, a chunk counted, progress reported): a waiting or
    # running job silent for longer than PORTAL_JOB_STALL_SECONDS has lost its task.
    last_progress_at = models.DateTimeField(_("last progress"), default=timezone.now)
    # Times the watchdog queued the job again since it last made progress.
    requeues = models.PositiveSmallIntegerField(_("queued again"), default=0)

    class Meta:
        db_table = "blocs_job"
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_percent")
        ]
        indexes = [
            # The watchdog's and the health check's question, asked every minute.
            models.Index(
                fields=["last_progress_at"],
                condition=Q(status__in=JOB_ACTIVE),
                name="job_active_progress",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status not in JOB_ACTIVE

    @property
    def kind_label(self) -> str:
        try:
            return str(get_kind(self.kind).label)
        except KeyError:
            return self.kind

    @property
    def duration(self) -> timedelta | None:
        """Time taken by a finished job (the last attempt)."""
        if self.started_at and self.finished_at and self.is_finished:
            return self.finished_at - self.started_at
        return None

    def remaining_estimate(self, now: datetime) -> timedelta | None:
        """Time left for a running batch, from its pace so far."""
        if self.status != JobStatus.RUNNING or not self.started_at or not self.items_done:
            return None
        elapsed = now - self.started_at
        return elapsed * (self.items_total - self.items_done) / self.items_done


class JobChunk(models.Model):
    """One chunk of a batch job: rendered once by whichever worker takes it, kept until the
    job assembles its result."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    items = models.PositiveIntegerField()
    file = models.FileField(upload_to="jobs/chunks/", blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "blocs_jobchunk"
        ordering = ["job", "index"]
        constraints = [
            models.UniqueConstraint(fields=["job", "index"], name="job_chunk_unique_index")
        ]

    def __str__(self) -> str:
        return f"{self.job_id} #{self.index}"


class DocumentCounter(models.Model):
    """The last number issued for a series of documents of a bloc in a year."""

    bloc_id = models.BigIntegerField()
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=10)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "blocs_documentcounter"
        constraints = [
            models.UniqueConstraint(
                fields=["bloc_id", "year", "series"], name="document_counter_unique_series"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last_number}"

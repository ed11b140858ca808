"""A job's state as its steps move it: progress, done with its file, or failed with a reason.

Used by the job services and by the batch runner alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import TypeVar

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from emulation_portal.lib import jobs

from .models import JOB_ACTIVE, Job, JobStatus

logger = logging.getLogger(__name__)
T = TypeVar("T")


def job_progress(*, job_id: str, percent: int, note: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        progress=max(0, min(100, percent)),
        progress_note=note,
        last_progress_at=timezone.now(),
        requeues=0,
    )


def job_attempt(job: Job, step: str, work: Callable[[], T]) -> T | None:
    """Run a step of a job; None if it failed. A JobFailed fails the job with its message (the
    user can act on it); a database or broker briefly away is raised as it is, for the task to
    try again (``jobs.tasks.JobTask``); anything else fails the job with a general message, is
    logged and raised again, so the task's failure is recorded too."""
    try:
        return work()
    except jobs.JobFailed as error:
        job_fail(job, str(error))
        return None
    except jobs.CONNECTION_ERRORS:
        raise
    except Exception:
        logger.exception("job %s (%s): %s failed", job.pk, job.kind, step)
        job_fail(job, _("An unexpected error stopped the job. It has been logged; try again."))
        raise


def job_finish(*, job: Job, filename: str, content: File) -> None:
    """Store a job's result through the storage API and mark it done (once).

    Stored under an ASCII name (any storage backend takes it); downloads use ``filename``.
    """
    extension = PurePosixPath(filename).suffix.lower()
    previous = job.file.name if job.file else ""
    job.file.save(f"{job.kind}-{job.pk}{extension}", content, save=False)
    try:
        _job_done(job=job, filename=filename, previous=previous)
    except BaseException:  # not recorded (the database went away): no file left behind
        job.file.delete(save=False)
        raise


def _job_done(*, job: Job, filename: str, previous: str) -> None:
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if current.status == JobStatus.DONE:  # another delivery of the task got there first
            job.file.delete(save=False)
            return
        if previous and previous != job.file.name:
            storage, name = job.file.storage, previous
            transaction.on_commit(lambda: storage.delete(name))
        job.filename = filename
        job.status = JobStatus.DONE
        job.progress = 100
        job.progress_note = ""
        job.error = ""
        job.finished_at = timezone.now()
        audit_record(action="job.done", actor_name="worker", target=job)
        job.save(
            update_fields=[
                "file",
                "filename",
                "status",
                "progress",
                "progress_note",
                "error",
                "finished_at",
            ]
        )


def job_fail(job: Job, message: str) -> None:
    """Mark a job failed, unless another delivery of its task has finished it meanwhile, or it
    has failed already (the first reason is the one to show)."""
    now = timezone.now()
    with transaction.atomic():
        failed = Job.objects.filter(pk=job.pk, status__in=JOB_ACTIVE).update(
            status=JobStatus.FAILED, error=message, finished_at=now
        )
        if failed:
            audit_record(
                action="job.failed", actor_name="worker", target=job, data={"error": message}
            )
    if failed:
        job.status, job.error, job.finished_at = JobStatus.FAILED, message, now

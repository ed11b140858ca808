"""Background jobs: asking for one, running it, trying again, and the watchdog that finds
jobs whose task was lost. Document numbers are issued here too, so a job keeps its number.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from emulation_portal.lib import jobs

from .batches import batch_start
from .models import DocumentCounter, Job, JobStatus
from .queue import RUN, task_send
from .selectors import job_stalled_list
from .state import job_attempt, job_fail, job_finish, job_progress

logger = logging.getLogger(__name__)
# Times the watchdog queues a job again before it fails it.
JOB_STALL_REQUEUES = 2


def document_number_next(*, bloc_id: int, year: int, series: str) -> int:
    """Issue the next number of a document series; concurrent callers get distinct numbers."""
    with transaction.atomic():
        counter, _ = DocumentCounter.objects.get_or_create(
            bloc_id=bloc_id, year=year, series=series
        )
        DocumentCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
        counter.refresh_from_db(fields=["last_number"])
    return counter.last_number


def job_document_number(*, job: Job, series: str) -> int:
    """A job keeps the number it was first given, so a retry prints the same document."""
    if "number" not in job.params:
        number = document_number_next(bloc_id=job.bloc_id, year=job.year, series=series)
        job.params = {**job.params, "number": number}
        Job.objects.filter(pk=job.pk).update(params=job.params)
    return job.params["number"]


@transaction.atomic
def job_request(
    *,
    user: AbstractBaseUser,
    kind: str,
    bloc_id: int,
    year: int | None,
    language: str,
    params: dict[str, Any] | None = None,
) -> Job:
    """Record a job and queue it once the transaction commits."""
    jobs.get_kind(kind)  # an unknown kind fails here, not in the worker
    job = Job.objects.create(
        kind=kind,
        bloc_id=bloc_id,
        year=year,
        params=params or {},
        language=language,
        requested_by=user,
    )
    audit_record(action="job.request", actor=user, target=job, data={"kind": kind, "year": year})
    transaction.on_commit(lambda: _job_queue(job))
    return job


def _job_queue(job: Job) -> None:
    """Send a recorded job to the workers (after commit). When the broker cannot be reached,
    the job fails with a reason and *Try again* instead of waiting for a message never sent."""
    try:
        task_send(RUN, str(job.pk))
    except jobs.CONNECTION_ERRORS:
        logger.warning("job %s: the job queue could not be reached", job.pk, exc_info=True)
        with translation.override(job.language):
            job_fail(
                job,
                _(
                    "The job queue could not be reached, so the job did not start. "
                    "Try again in a moment."
                ),
            )


def job_retry(*, user: AbstractBaseUser, job: Job) -> Job:
    """Queue a failed job again; a job that is waiting, running or done is left alone."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status != JobStatus.FAILED:
            return job
        job.status = JobStatus.PENDING
        job.progress = 0
        job.progress_note = ""
        job.error = ""
        job.last_progress_at = timezone.now()
        job.requeues = 0
        job.save(
            update_fields=[
                "status",
                "progress",
                "progress_note",
                "error",
                "last_progress_at",
                "requeues",
            ]
        )
        audit_record(action="job.retry", actor=user, target=job)
        transaction.on_commit(lambda: _job_queue(job))
    return job


def job_execute(*, job_id: str) -> None:
    """Run a job: the body of the Celery task. Safe to run twice (a done job is skipped)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status == JobStatus.DONE:
            return
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = job.last_progress_at = timezone.now()
        job.save(update_fields=["status", "attempts", "started_at", "last_progress_at"])

    kind = jobs.get_kind(job.kind)
    if isinstance(kind, jobs.BatchKind):
        batch_start(job=job, kind=kind)
        return

    def progress(percent: int, note: str = "") -> None:
        job_progress(job_id=job_id, percent=percent, note=note)

    rendered = job_attempt(job, "rendering", lambda: kind.renderer(job, progress))
    if rendered is not None:
        filename, content = rendered
        job_finish(job=job, filename=filename, content=ContentFile(content))


def job_task_failed(*, job_id: str, error: BaseException) -> None:
    """A job's task gave up: its retries ran out while the database or the broker stayed away,
    or an error escaped the job's own handling. Fail the job, so the user sees it and can try
    again; if the database is still away, the watchdog deals with the job later."""
    try:
        job = Job.objects.get(pk=job_id)
        with translation.override(job.language):
            if isinstance(error, jobs.CONNECTION_ERRORS):
                message = _(
                    "The job was interrupted: the database or the job queue was unavailable "
                    "for too long. Try again."
                )
            else:
                message = _("An unexpected error stopped the job. It has been logged; try again.")
            job_fail(job, message)
    except Exception:
        logger.exception("job %s: could not record that its task failed", job_id)


def job_stalled_recover(*, now: datetime.datetime) -> None:
    """The watchdog, run by beat: a waiting or running job that has shown no progress for
    longer than PORTAL_JOB_STALL_SECONDS has lost its task (a broker restarted without its
    queue, a task dropped during an outage). Queue it again (every step is idempotent, and a
    batch resumes with its missing chunks); after JOB_STALL_REQUEUES times without progress,
    fail it with *Try again*."""
    for job_id in job_stalled_list(now=now).values_list("pk", flat=True):
        _job_stall_recover(job_id=job_id, now=now)


def _job_stall_recover(*, job_id: str, now: datetime.datetime) -> None:
    with transaction.atomic():
        stalled = job_stalled_list(now=now).select_for_update(skip_locked=True)
        job = stalled.filter(pk=job_id).first()
        if job is None:  # it moved on meanwhile, or a worker holds it right now
            return
        if job.requeues >= JOB_STALL_REQUEUES:
            with translation.override(job.language):
                job_fail(
                    job,
                    _(
                        "The job stopped making progress (a worker or the job queue was "
                        "interrupted). Try again."
                    ),
                )
            return
        job.requeues += 1
        job.last_progress_at = now
        job.save(update_fields=["requeues", "last_progress_at"])
        audit_record(
            action="job.requeue", actor_name="watchdog", target=job, data={"requeues": job.requeues}
        )
        transaction.on_commit(lambda: _job_queue(job))

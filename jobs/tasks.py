"""Job tasks: thin, taking ids; the work is in ``jobs.services`` and ``jobs.batches``.

A job task that meets a database or broker briefly away (a restart, a dropped connection)
tries again with backoff, and fails its job, with *Try again*, once its retries run out; a
task lost with its message (a broker that restarted without its queue) is found by the
watchdog. So every job ends done or failed.
"""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.utils import timezone

from emulation_portal.lib.jobs import CONNECTION_ERRORS

from . import batches, services

# Soft limits a minute before the hard ones: the job is failed with a message, not killed.
LIMIT = settings.PORTAL_JOB_TIME_LIMIT
ASSEMBLE_LIMIT = settings.PORTAL_JOB_ASSEMBLE_TIME_LIMIT


class JobTask(Task):
    """Retries on connection errors (after about 2, 4, 8 … 60 s, jittered: some 4 minutes in
    all), then fails the job; any other error that escapes the job's handling fails it too."""

    autoretry_for = CONNECTION_ERRORS
    retry_backoff = 2
    retry_backoff_max = 60
    retry_jitter = True
    max_retries = 8

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        services.job_task_failed(job_id=args[0], error=exc)


@shared_task(base=JobTask, soft_time_limit=LIMIT - 60, time_limit=LIMIT)
def job_run(job_id: str) -> None:
    services.job_execute(job_id=job_id)


@shared_task(base=JobTask, soft_time_limit=LIMIT - 60, time_limit=LIMIT)
def job_chunk(job_id: str, index: int) -> None:
    """Render one chunk of a batch job; any worker may take it, and it may run twice."""
    batches.batch_chunk(job_id=job_id, index=index)


@shared_task(base=JobTask, soft_time_limit=ASSEMBLE_LIMIT - 60, time_limit=ASSEMBLE_LIMIT)
def job_assemble(job_id: str) -> None:
    """Put a batch job's chunks together into its result, once all are rendered."""
    batches.batch_assemble(job_id=job_id)


@shared_task(ignore_result=True, soft_time_limit=50, time_limit=60)
def job_watchdog() -> None:
    """Run by beat every PORTAL_JOB_WATCHDOG_SECONDS: jobs whose task was lost are queued
    again, then failed; chunk files of finished batches left by a stopped worker go."""
    services.job_stalled_recover(now=timezone.now())
    batches.batch_files_collect()

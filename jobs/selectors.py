"""Reading jobs without a user's scope (that check is the blocs app's): results and stalls."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from .models import JOB_ACTIVE, Job, JobStatus


def job_result(job: Job | None) -> Job:
    """The job, if it finished with a file to download; else 404."""
    if job is None or job.status != JobStatus.DONE or not job.file:
        raise Http404
    return job


def job_stalled_list(*, now: datetime.datetime) -> QuerySet[Job]:
    """Waiting or running jobs that have shown no progress for longer than
    PORTAL_JOB_STALL_SECONDS: their task was lost (read by the watchdog and by /health/)."""
    limit = now - datetime.timedelta(seconds=settings.PORTAL_JOB_STALL_SECONDS)
    return Job.objects.filter(status__in=JOB_ACTIVE, last_progress_at__lt=limit)

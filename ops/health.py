"""Health checks for monitors: the database, Redis, a worker heartbeat and the jobs.

Stuck jobs (waiting or running with no progress for longer than PORTAL_JOB_STALL_SECONDS)
make the portal unhealthy: the watchdog should have queued them again or failed them, so
something (beat, the workers, the broker) is not working. Failed jobs of the last day are
reported, counted with the age of the oldest, without making it unhealthy: a failure is the
user's to see and retry, but a monitor can alert on the count.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.selectors import job_stalled_list

from .models import WorkerHeartbeat

FAILED_WINDOW = datetime.timedelta(hours=24)


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def check_redis() -> bool | None:
    """None when the deployment runs without Redis (the embedded local queue)."""
    if not settings.REDIS_URL:
        return None
    try:
        cache.set("health-probe", "ok", timeout=10)
        return cache.get("health-probe") == "ok"
    except Exception:
        return False


def check_worker() -> bool:
    limit = timezone.now() - datetime.timedelta(seconds=settings.PORTAL_WORKER_HEARTBEAT_MAX_AGE)
    try:
        return WorkerHeartbeat.objects.filter(seen_at__gte=limit).exists()
    except Exception:
        return False


def _count_and_oldest(
    figures: dict[str, Any], name: str, now: datetime.datetime
) -> dict[str, int | None]:
    """How many, and the seconds since the oldest (None when there are none)."""
    oldest = figures[f"{name}_oldest"]
    return {
        "count": figures[name],
        "oldest_seconds": int((now - oldest).total_seconds()) if oldest else None,
    }


def job_figures() -> dict[str, dict[str, int | None]] | None:
    """Stuck jobs (since their last progress) and failed jobs of the last 24 hours (since
    they failed), in one query; None when the database cannot say."""
    now = timezone.now()
    stuck = Q(pk__in=job_stalled_list(now=now).values("pk"))
    failed = Q(status=JobStatus.FAILED, finished_at__gte=now - FAILED_WINDOW)
    try:
        figures = Job.objects.filter(stuck | failed).aggregate(
            stuck=Count("pk", filter=stuck),
            stuck_oldest=Min("last_progress_at", filter=stuck),
            failed=Count("pk", filter=failed),
            failed_oldest=Min("finished_at", filter=failed),
        )
    except Exception:
        return None
    return {
        "stuck": _count_and_oldest(figures, "stuck", now),
        "failed_24h": _count_and_oldest(figures, "failed", now),
    }


def health_report() -> dict[str, Any]:
    """Each check as "ok", "failing" or "not used", the job figures beside them, and whether
    the whole is healthy."""

    def word(result: bool | None) -> str:
        return {True: "ok", False: "failing", None: "not used"}[result]

    figures = job_figures()
    checks = {
        "database": word(check_database()),
        "redis": word(check_redis()),
        "worker": word(check_worker()),
        "jobs": word(figures is not None and not figures["stuck"]["count"]),
    }
    healthy = all(state in ("ok", "not used") for state in checks.values())
    return {
        "status": "ok" if healthy else "failing",
        **checks,
        "jobs_stuck": figures["stuck"] if figures else None,
        "jobs_failed_24h": figures["failed_24h"] if figures else None,
    }

"""Health checks for the load balancer: the database, Redis and a worker heartbeat."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .models import WorkerHeartbeat


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


def health_report() -> dict[str, str]:
    def word(result: bool | None) -> str:
        return {True: "ok", False: "failing", None: "not used"}[result]

    return {
        "database": word(check_database()),
        "redis": word(check_redis()),
        "worker": word(check_worker()),
    }

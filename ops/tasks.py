from __future__ import annotations

import socket

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(ignore_result=True, soft_time_limit=10, time_limit=20)
def worker_heartbeat() -> None:
    """Run every 30 s by beat: proves a worker is consuming the queue, not merely alive."""
    WorkerHeartbeat.objects.update_or_create(
        worker=socket.gethostname(), defaults={"seen_at": timezone.now()}
    )


@worker_ready.connect
def _heartbeat_at_start(**kwargs: object) -> None:
    """Healthy as soon as a worker is up, not only after beat's first 30 seconds."""
    worker_heartbeat.delay()

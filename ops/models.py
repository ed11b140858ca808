from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """When a Celery worker last ran the heartbeat task (read by the health endpoint)."""

    worker = models.CharField(max_length=200, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker} {self.seen_at:%Y-%m-%d %H:%M:%S}"

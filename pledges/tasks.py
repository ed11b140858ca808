from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .reminders import signing_reminders_send


@shared_task(soft_time_limit=300, time_limit=360)
def signing_reminders() -> int:
    """Daily (Celery beat): remind commanders whose unit has not signed the open pledge."""
    return signing_reminders_send(today=timezone.localdate())

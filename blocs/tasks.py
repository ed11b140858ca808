from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(soft_time_limit=300, time_limit=360)
def job_run(job_id: str) -> None:
    services.job_execute(job_id=job_id)

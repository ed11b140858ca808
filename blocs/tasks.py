from __future__ import annotations

from celery import shared_task

from . import batches, services


@shared_task(soft_time_limit=300, time_limit=360)
def job_run(job_id: str) -> None:
    services.job_execute(job_id=job_id)


@shared_task(soft_time_limit=300, time_limit=360)
def job_chunk(job_id: str, index: int) -> None:
    """Render one chunk of a batch job; any worker may take it, and it may run twice."""
    batches.batch_chunk(job_id=job_id, index=index)


@shared_task(soft_time_limit=600, time_limit=660)
def job_assemble(job_id: str) -> None:
    """Put a batch job's chunks together into its result, once all are rendered."""
    batches.batch_assemble(job_id=job_id)

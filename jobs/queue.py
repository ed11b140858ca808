"""Sending job tasks to the workers, by task name: the services that queue them and the tasks
that run them never import each other."""

from __future__ import annotations

from celery import current_app

RUN, CHUNK, ASSEMBLE = "jobs.tasks.job_run", "jobs.tasks.job_chunk", "jobs.tasks.job_assemble"


def task_send(name: str, *args: object) -> None:
    """Queue the registered task ``name`` (run inline where tasks are eager, as in tests)."""
    current_app.signature(name, args=args).delay()

"""Sending job tasks to the workers, by task name: the services that queue them and the tasks
that run them never import each other."""

from __future__ import annotations

from emulation_portal.celery import app

RUN, CHUNK, ASSEMBLE = "jobs.tasks.job_run", "jobs.tasks.job_chunk", "jobs.tasks.job_assemble"


def task_send(name: str, *args: object) -> None:
    """Queue the registered task ``name`` (run inline where tasks are eager, as in tests)."""
    app.signature(name, args=args).delay()

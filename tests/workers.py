"""Real Celery workers in their own processes, on a queue of their own in the real Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from emulation_portal.celery import app as celery_app
from jobs.models import Job
from tests.conftest import require


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_worker(queue: str, redis_url: str, *args: str, **env: str) -> subprocess.Popen:
    """A worker process (in its own process group, so it can be killed with its children)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PORTAL_CELERY_QUEUE": queue,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        **env,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "emulation_portal",
            "worker",
            "-Q",
            queue,
            "--loglevel=warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            *args,
        ],
        env=environment,
        cwd=Path(settings.BASE_DIR),
        start_new_session=True,
    )


def stop(worker: subprocess.Popen, *, kill: bool = False) -> None:
    """Stop a worker: politely, or with SIGKILL to it and its pool (as a crash would)."""
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL if kill else signal.SIGTERM)
    worker.wait(timeout=30)


@contextmanager
def real_queue(redis_url: str) -> Iterator[str]:
    """Tasks sent by this process go to a fresh queue in Redis instead of running inline."""
    require(connection.vendor == "postgresql", "worker processes need a shared PostgreSQL")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    eager, default_queue = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield queue
    finally:
        celery_app.conf.task_always_eager = eager
        celery_app.conf.task_default_queue = default_queue


def wait_for(job: Job, condition: Callable[[Job], bool], *, seconds: float = 120) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job.pk} still {job.status} ({job.items_done}/{job.items_total})")

"""A real Celery worker, in its own process, takes the roster job from Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from blocs.models import Job, JobStatus
from emulation_portal.celery import app as celery_app
from tests.conftest import YEAR, World, require

pytestmark = pytest.mark.redis


@pytest.fixture
def worker_queue(redis_url: str, transactional_db: None) -> object:
    require(connection.vendor == "postgresql", "the worker process needs a shared PostgreSQL")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "emulation_portal", "worker", "-Q", queue,
         "--pool=solo", "--loglevel=warning", "--without-gossip", "--without-mingle"],
        env=env,
        cwd=Path(settings.BASE_DIR),
    )  # fmt: skip
    eager, default_queue = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_always_eager = eager
    celery_app.conf.task_default_queue = default_queue
    worker.terminate()
    worker.wait(timeout=20)


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def test_real_worker_renders_the_roster(world: World, worker_queue: str) -> None:
    client = world.client("secretariat")
    client.post(reverse("blocs:roster_request", args=[world.bloc.pk]), {"year": YEAR})
    job = Job.objects.get()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.5)
    assert job.status == JobStatus.DONE, job.error or job.status
    assert job.file.read().startswith(b"%PDF")

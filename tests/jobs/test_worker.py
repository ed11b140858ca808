"""A real Celery worker, in its own process, takes the roster job from Redis."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobs.models import Job, JobStatus
from tests.conftest import YEAR, World
from tests.workers import real_queue, start_worker, stop, wait_for

pytestmark = pytest.mark.redis


def test_real_worker_renders_the_roster(
    world: World, redis_url: str, transactional_db: None
) -> None:
    with real_queue(redis_url) as queue:
        worker = start_worker(queue, redis_url, "--pool=solo")
        try:
            client = world.client("secretariat")
            client.post(reverse("blocs:roster_request", args=[world.bloc.pk]), {"year": YEAR})
            job = wait_for(Job.objects.get(), lambda job: job.is_finished, seconds=90)
        finally:
            stop(worker)
    assert job.status == JobStatus.DONE, job.error or job.status
    assert job.file.read().startswith(b"%PDF")

"""A worker killed in the middle of a batch: another one finishes it, with nothing lost or
doubled (real workers, real Redis, real PostgreSQL)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
import redis
from django.urls import reverse
from pypdf import PdfReader

from awards.models import AwardDecision
from certificates.models import Certificate
from jobs.models import Job, JobStatus
from tests.certificates.test_resume import chunk_files
from tests.conftest import World
from tests.workers import real_queue, start_worker, stop, wait_for

pytestmark = pytest.mark.redis

# Chunks of two pages; a dead worker's task comes back after 3 s, looked for every second.
WORKER_ENV = {
    "PORTAL_CERTIFICATE_CHUNK": "2",
    "PORTAL_CELERY_VISIBILITY_TIMEOUT": "3",
    "PORTAL_CELERY_RESTORE_INTERVAL": "1",
    "PORTAL_CELERY_RESTORE_THROTTLE": "1",
}


def test_a_batch_survives_its_worker_being_killed(
    world: World,
    redis_url: str,
    transactional_db: None,
    make_decision: Callable[..., AwardDecision],
) -> None:
    decision = make_decision(14)
    broker = redis.Redis.from_url(redis_url)
    with real_queue(redis_url) as queue:
        first = start_worker(queue, redis_url, "--concurrency=1", **WORKER_ENV)
        try:
            world.client("secretariat").post(
                reverse("certificates:batch", args=[decision.pk, world.bloc.pk]),
                {"output": "pdf", "mode": "full"},
            )
            # Killed once a chunk is done and another is in its hands (between two chunks
            # it may briefly hold none: waiting for both keeps the test about a lost chunk).
            job = wait_for(
                Job.objects.get(),
                lambda job: job.items_done >= 2 and broker.hlen("unacked") >= 1,
            )
        finally:
            stop(first, kill=True)  # SIGKILL mid-batch: its chunk is neither done nor acked
        assert job.status == JobStatus.RUNNING and job.items_done < 14
        assert broker.hlen("unacked") >= 1  # a chunk was in its hands
        # It may have died holding kombu's lock on restoring unacked tasks, which then expires
        # only after 5 minutes (far less than the visibility timeout in production): let go.
        broker.delete("unacked_mutex")
        second = start_worker(queue, redis_url, "--concurrency=1", **WORKER_ENV)
        try:  # finished, and the chunk files deleted (they go once the result is stored)
            job = wait_for(job, lambda job: job.is_finished and not chunk_files())
        finally:
            stop(second)
    assert job.status == JobStatus.DONE, job.error
    serials = list(Certificate.objects.order_by("serial").values_list("serial", flat=True))
    assert len(serials) == len(set(serials)) == 14
    pages = PdfReader(io.BytesIO(job.file.read())).pages
    assert len(pages) == 14  # exactly one page per recipient
    printed = [next(s for s in serials if f"Số: {s}" in p.extract_text()) for p in pages]
    assert printed == serials  # none lost, none doubled, in the decision's order

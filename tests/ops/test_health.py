from __future__ import annotations

import datetime

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobStatus
from ops.tasks import worker_heartbeat
from tests.conftest import World
from tests.factories import JobFactory


def test_healthy_when_a_worker_ran_the_heartbeat(db: None) -> None:
    worker_heartbeat()
    response = Client().get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["worker"] == "ok"
    assert response.json()["database"] == "ok"


def test_unhealthy_when_no_worker_has_been_seen_lately(db: None) -> None:
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=1), tick=False):
        worker_heartbeat()
    response = Client().get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {**response.json(), "status": "failing", "worker": "failing"}


def job(world: World, status: str, **fields: object) -> Job:
    return JobFactory(bloc_id=world.bloc.pk, status=status, **fields)


def test_a_stuck_job_makes_the_portal_unhealthy_and_says_since_when(world: World) -> None:
    worker_heartbeat()
    now = timezone.now()
    stall = datetime.timedelta(seconds=settings.PORTAL_JOB_STALL_SECONDS)
    job(world, JobStatus.RUNNING, last_progress_at=now - stall - datetime.timedelta(minutes=5))
    job(world, JobStatus.PENDING, last_progress_at=now - stall - datetime.timedelta(minutes=1))
    job(world, JobStatus.RUNNING, last_progress_at=now)  # progressing: not stuck
    response = Client().get(reverse("health"))
    assert response.status_code == 503
    report = response.json()
    assert (report["status"], report["jobs"], report["worker"]) == ("failing", "failing", "ok")
    assert report["jobs_stuck"]["count"] == 2
    oldest = report["jobs_stuck"]["oldest_seconds"]
    assert stall.total_seconds() + 300 <= oldest < stall.total_seconds() + 330


def test_failed_jobs_of_the_last_day_are_reported_without_failing_health(world: World) -> None:
    worker_heartbeat()
    now = timezone.now()
    job(world, JobStatus.FAILED, finished_at=now - datetime.timedelta(hours=3))
    job(world, JobStatus.FAILED, finished_at=now - datetime.timedelta(minutes=2))
    job(world, JobStatus.FAILED, finished_at=now - datetime.timedelta(days=2))  # too old
    job(world, JobStatus.DONE, finished_at=now)
    response = Client().get(reverse("health"))
    assert response.status_code == 200
    report = response.json()
    assert (report["status"], report["jobs"]) == ("ok", "ok")
    assert report["jobs_stuck"] == {"count": 0, "oldest_seconds": None}
    assert report["jobs_failed_24h"]["count"] == 2
    assert 3 * 3600 <= report["jobs_failed_24h"]["oldest_seconds"] < 3 * 3600 + 30

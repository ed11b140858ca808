"""Jobs after a database or broker fault: retried, failed with *Try again*, or found by the
watchdog; never left waiting or running for ever. (The same against real services that are
stopped and started: tests/test_outages.py.)"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import kombu.exceptions
import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from jobs import services as job_services
from jobs import tasks
from jobs.models import Job, JobStatus
from tests.conftest import YEAR, World, require
from tests.factories import JobFactory


@contextmanager
def database_refusing(*parts: str, times: int) -> Iterator[list[str]]:
    """The database drops the connection on the first ``times`` statements containing all of
    ``parts`` (as during a restart), then answers again."""
    refused: list[str] = []

    def wrapper(execute: Callable, statement: str, *args: Any) -> Any:
        if all(part in statement for part in parts) and len(refused) < times:
            refused.append(statement)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(statement, *args)

    with connection.execute_wrapper(wrapper):
        yield refused


def english(world: World, actor: str = "secretariat") -> Any:
    client = world.client(actor)
    client.cookies["django_language"] = "en"
    return client


def request_roster(client: Any, world: World, capture: Callable) -> Any:
    with capture(execute=True):
        return client.post(reverse("blocs:roster_request", args=[world.bloc.pk]), {"year": YEAR})


def test_a_job_whose_database_drops_briefly_is_retried_and_done(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    with database_refusing('FROM "blocs_job"', times=2) as refused:
        request_roster(english(world), world, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert len(refused) == 2
    assert (job.status, job.error) == (JobStatus.DONE, "")


def test_a_job_whose_database_stays_away_fails_with_try_again_then_completes(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    require(connection.vendor == "postgresql", "the job is taken with SELECT … FOR UPDATE")
    client = english(world)
    # Every attempt to take the job fails, the retries run out; recording the failure works.
    with database_refusing('FROM "blocs_job"', "FOR UPDATE", times=1000) as refused:
        response = request_roster(client, world, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert len(refused) == tasks.JobTask.max_retries + 1
    assert job.status == JobStatus.FAILED
    assert "unavailable for too long" in job.error
    page = client.get(response.url).content.decode()
    assert "unavailable for too long" in page and "Try again" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("blocs:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error


def test_a_job_that_cannot_be_queued_says_so_and_is_not_left_waiting(
    world: World, django_capture_on_commit_callbacks: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broker_down(*args: object, **kwargs: object) -> None:
        raise kombu.exceptions.OperationalError("Error 111 connecting to redis:6379. Refused.")

    monkeypatch.setattr(tasks.job_run, "apply_async", broker_down)
    client = english(world)
    response = request_roster(client, world, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "blocs:job_detail", args=[job.pk]
    )
    assert job.status == JobStatus.FAILED
    page = client.get(response.url).content.decode()
    assert "The job queue could not be reached, so the job did not start." in page
    assert "Try again" in page

    with django_capture_on_commit_callbacks(execute=True):  # still down: the same answer
        response = client.post(reverse("blocs:job_retry", args=[job.pk]))
    assert response.status_code == 302
    assert Job.objects.get().status == JobStatus.FAILED

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("blocs:job_retry", args=[job.pk]))
    assert Job.objects.get().status == JobStatus.DONE


def stall_limit() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.PORTAL_JOB_STALL_SECONDS + 1)


def test_the_watchdog_queues_a_lost_job_again(
    world: World, django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks(execute=False):  # the message is lost
        world.client("secretariat").post(
            reverse("blocs:roster_request", args=[world.bloc.pk]), {"year": YEAR}
        )
    job = Job.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        job_services.job_stalled_recover(now=timezone.now())  # not stalled yet
    assert Job.objects.get().status == JobStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        job_services.job_stalled_recover(now=timezone.now() + stall_limit())
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    assert AuditEvent.objects.filter(action="job.requeue", actor_name="watchdog").count() == 1


def test_the_watchdog_fails_a_job_that_stays_stalled_and_try_again_completes_it(
    world: World, django_capture_on_commit_callbacks: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks.job_run, "apply_async", lambda *a, **k: None)  # messages lost
    client = english(world)
    request_roster(client, world, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    now = timezone.now()
    for _ in range(job_services.JOB_STALL_REQUEUES):
        now += stall_limit()
        with django_capture_on_commit_callbacks(execute=True):
            job_services.job_stalled_recover(now=now)  # beat's call, on a clock moved forward
        assert Job.objects.get().status == JobStatus.PENDING
    now += stall_limit()
    job_services.job_stalled_recover(now=now)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    page = client.get(reverse("blocs:job_detail", args=[job.pk])).content.decode()
    assert "The job stopped making progress" in page and "Try again" in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("blocs:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.requeues) == (JobStatus.DONE, 0)


def test_the_watchdog_leaves_jobs_that_progress_or_ended_alone(world: World) -> None:
    now = timezone.now()
    old = now - stall_limit()
    running = JobFactory(bloc_id=world.bloc.pk, status=JobStatus.RUNNING, last_progress_at=now)
    done = JobFactory(bloc_id=world.bloc.pk, status=JobStatus.DONE, last_progress_at=old)
    job_services.job_stalled_recover(now=now)
    assert Job.objects.get(pk=running.pk).requeues == 0
    assert Job.objects.get(pk=done.pk).status == JobStatus.DONE


def test_beat_runs_the_watchdog() -> None:
    from emulation_portal.celery import app

    entries = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "jobs.tasks.job_watchdog" in entries
    assert "jobs.tasks.job_watchdog" in app.tasks
    # Longer than any job task may run: a slow step is never taken for a lost one.
    assert (
        max(tasks.job_run.time_limit, tasks.job_chunk.time_limit, tasks.job_assemble.time_limit)
        < settings.PORTAL_JOB_STALL_SECONDS
    )

"""A batch that stops half-way resumes where it stopped, leaving no chunk file behind; the
jobs list says how it went."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.models import AwardDecision
from certificates import documents
from certificates.models import Certificate
from emulation_portal.lib import jobs
from jobs import batches, tasks
from jobs.models import Job, JobChunk, JobStatus
from jobs.services import job_execute
from jobs.state import job_fail
from tests.certificates.conftest import english
from tests.conftest import World
from tests.factories import JobFactory
from tests.jobs.test_recovery import database_refusing


def chunk_files() -> list[str]:
    """The chunk files in MEDIA_ROOT (any job's, any name)."""
    folder = Path(django_settings.MEDIA_ROOT) / "jobs" / "chunks"
    return sorted(path.name for path in folder.glob("*")) if folder.exists() else []


def request_batch(world: World, decision: AwardDecision, capture: Callable, *, run: bool) -> Job:
    with capture(execute=run):
        english(world, "secretariat").post(
            reverse("certificates:batch", args=[decision.pk, world.bloc.pk]),
            {"output": "pdf", "mode": "full"},
        )
    return Job.objects.get()


def printed_serials(job: Job) -> list[str]:
    serials = list(Certificate.objects.order_by("serial").values_list("serial", flat=True))
    text = [page.extract_text() for page in PdfReader(io.BytesIO(job.file.read())).pages]
    return [next(s for s in serials if f"Số: {s}" in t) for t in text]


def test_a_failed_chunk_is_retried_alone_and_the_batch_completes(
    world: World,
    make_decision: Callable[..., AwardDecision],
    settings: object,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    settings.PORTAL_CERTIFICATE_CHUNK = 2
    decision = make_decision(5)
    rendered: list[int] = []
    real_render = documents._render_chunk

    def flaky(job: Job, index: int) -> bytes:
        rendered.append(index)
        if index == 1 and rendered.count(1) == 1:
            raise jobs.JobFailed("Máy in hết giấy")  # the first attempt of chunk 1 fails
        return real_render(job, index)

    kind = jobs.get_kind("certificates")
    monkeypatch.setitem(
        jobs._kinds, "certificates", kind.__class__(**{**kind.__dict__, "render_chunk": flaky})
    )
    client = english(world, "secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("certificates:batch", args=[decision.pk, world.bloc.pk]),
            {"output": "pdf", "mode": "full"},
        )
    job = Job.objects.get()
    assert (job.status, job.error) == (JobStatus.FAILED, "Máy in hết giấy")
    listing = client.get(reverse("blocs:job_list")).content.decode()
    assert "Máy in hết giấy" in listing and "Try again" in listing
    serials = list(Certificate.objects.order_by("serial").values_list("serial", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("blocs:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert sorted(rendered) == [0, 1, 1, 2]  # chunks 0 and 2 were not rendered twice
    assert list(Certificate.objects.order_by("serial").values_list("serial", flat=True)) == serials
    text = [page.extract_text() for page in PdfReader(io.BytesIO(job.file.read())).pages]
    assert [next(s for s in serials if f"Số: {s}" in t) for t in text] == serials
    assert job.attempts == 2 and job.items_done == 5
    listing = client.get(reverse("blocs:job_list")).content.decode()
    assert "Download" in listing and " s</td>" in listing  # time taken
    assert chunk_files() == []


def test_chunk_files_left_by_killed_deliveries_are_swept_on_retry_and_after_assembly(
    world: World,
    make_decision: Callable[..., AwardDecision],
    settings: object,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    settings.PORTAL_CERTIFICATE_CHUNK = 2
    decision = make_decision(5)
    job = request_batch(world, decision, django_capture_on_commit_callbacks, run=False)
    with django_capture_on_commit_callbacks(execute=False):  # planned; the chunks stay queued
        job_execute(job_id=str(job.pk))
    # Deliveries of chunks 0 and 1 stored their file and were killed before counting it (one
    # under the storage's alternative name, as a second try got); another job's file stays.
    for name in [f"{job.pk}-00000.pdf", f"{job.pk}-00001_Xy12AbC.pdf", "other-00000.pdf"]:
        default_storage.save(f"jobs/chunks/{name}", ContentFile(b"%PDF-1.7 stray"))
    job_fail(job, "Máy in hết giấy")
    with django_capture_on_commit_callbacks(execute=True):
        english(world, "secretariat").post(reverse("blocs:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert len(printed_serials(job)) == 5
    assert chunk_files() == ["other-00000.pdf"]


def test_a_chunk_counted_while_the_database_drops_is_stored_once_and_the_batch_completes(
    world: World,
    make_decision: Callable[..., AwardDecision],
    settings: object,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    settings.PORTAL_CERTIFICATE_CHUNK = 2
    decision = make_decision(5)
    # The connection drops as the first chunk is counted: the file it stored is not counted.
    with database_refusing('UPDATE "blocs_jobchunk" SET "file"', times=1) as refused:
        job = request_batch(world, decision, django_capture_on_commit_callbacks, run=True)
    job.refresh_from_db()
    assert len(refused) == 1
    assert job.status == JobStatus.DONE, job.error
    serials = list(Certificate.objects.order_by("serial").values_list("serial", flat=True))
    assert printed_serials(job) == serials and len(serials) == 5
    assert chunk_files() == []


def test_a_chunk_delivered_twice_counts_once(
    world: World,
    make_decision: Callable[..., AwardDecision],
    settings: object,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    settings.PORTAL_CERTIFICATE_CHUNK = 2
    decision = make_decision(3)
    with django_capture_on_commit_callbacks(execute=False):  # plan only: chunks left queued
        english(world, "secretariat").post(
            reverse("certificates:batch", args=[decision.pk, world.bloc.pk]),
            {"output": "pdf", "mode": "full"},
        )
    job = Job.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        job_execute(job_id=str(job.pk))
        batches.batch_chunk(job_id=str(job.pk), index=0)
        batches.batch_chunk(job_id=str(job.pk), index=0)  # redelivered after a worker died
    job.refresh_from_db()
    assert job.items_done == 2 and job.status == JobStatus.RUNNING
    with django_capture_on_commit_callbacks(execute=True):
        batches.batch_chunk(job_id=str(job.pk), index=1)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert len(PdfReader(io.BytesIO(job.file.read())).pages) == 3
    batches.batch_assemble(job_id=str(job.pk))  # a late duplicate changes nothing
    assert Job.objects.get().file.name == job.file.name
    assert JobChunk.objects.filter(job=job).count() == 2


def test_a_running_batch_shows_how_far_it_is_and_how_long_is_left(
    world: World,
) -> None:
    job = JobFactory(
        kind="certificates",
        bloc_id=world.bloc.pk,
        requested_by=world.users["secretariat"],
        status=JobStatus.RUNNING,
        items_total=1000,
        items_done=300,
        started_at=timezone.now() - datetime.timedelta(seconds=45),  # 105 s left: "2 minutes"
    )
    client = english(world, "secretariat")
    status = client.get(reverse("blocs:job_status", args=[job.pk])).json()
    assert status["count"] == "300 of 1000 · about 2 minutes left"
    page = client.get(reverse("blocs:job_detail", args=[job.pk])).content.decode()
    assert "300 of 1000 · about 2 minutes left" in page
    assert "You can leave this page" in page


def test_try_again_renders_a_counted_chunk_whose_file_is_gone(
    world: World,
    make_decision: Callable[..., AwardDecision],
    settings: object,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    settings.PORTAL_CERTIFICATE_CHUNK = 2
    decision = make_decision(5)
    job = request_batch(world, decision, django_capture_on_commit_callbacks, run=False)
    with django_capture_on_commit_callbacks(execute=False):
        job_execute(job_id=str(job.pk))
    batches.batch_chunk(job_id=str(job.pk), index=0)
    default_storage.delete(JobChunk.objects.get(job=job, index=0).file.name)  # lost on disk
    job_fail(job, "Máy in hết giấy")
    with django_capture_on_commit_callbacks(execute=True):
        english(world, "secretariat").post(reverse("blocs:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert len(printed_serials(job)) == 5 and job.items_done == 5


def test_the_watchdog_collects_chunk_files_of_done_batches_only(world: World) -> None:
    def job(status: str) -> str:
        made = JobFactory(kind="certificates", bloc_id=world.bloc.pk, status=status)
        for index in range(2):
            default_storage.save(f"jobs/chunks/{made.pk}-{index:05d}.pdf", ContentFile(b"%PDF"))
        return str(made.pk)

    done, failed, running = job(JobStatus.DONE), job(JobStatus.FAILED), job(JobStatus.RUNNING)
    gone = job(JobStatus.DONE)
    Job.objects.filter(pk=gone).delete()
    default_storage.save("jobs/chunks/notes.txt", ContentFile(b"not ours"))
    tasks.job_watchdog.apply()
    left = chunk_files()
    assert not [name for name in left if name.startswith((done, gone))]
    assert len([name for name in left if name.startswith((failed, running))]) == 4
    assert "notes.txt" in left

"""Batch jobs: chunks rendered in parallel by any worker, then assembled once, resumably.

Every step is idempotent, so a task delivered twice (a worker killed mid-chunk, its message
redelivered after the broker's visibility timeout) changes nothing twice:

- ``batch_start`` plans the job (the kind freezes what it prints, e.g. serial numbers, on the
  first run), records one ``JobChunk`` per chunk and queues the chunks not yet rendered;
- ``batch_chunk`` renders one chunk, stores it through the storage API under the chunk's own
  name, and counts it done once (progress is saved per chunk);
- the chunk that completes the set queues ``batch_assemble``, which streams the chunk files,
  in order, into the result; only the first assembly to finish is kept.

No chunk file outlives its batch: a delivery whose chunk is not counted (a duplicate, or the
database gone at that moment) deletes the file it stored; files that a killed delivery left
behind are swept when the batch is retried or resumed, and every chunk file of the job once
its result is stored (or by the watchdog, if the worker stopped in between). A resumed batch
renders again any counted chunk whose file is missing.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from emulation_portal.lib import jobs

from .models import Job, JobChunk, JobStatus
from .queue import ASSEMBLE, CHUNK, task_send
from .state import job_attempt, job_finish

# Chunks take at most this share of the progress bar; assembling the result takes the rest.
CHUNKS_SHARE = 95


def batch_start(*, job: Job, kind: jobs.BatchKind) -> None:
    plan = job_attempt(job, "planning", lambda: kind.plan(job))
    if plan is None:
        return
    for index, items in enumerate(plan.sizes):
        JobChunk.objects.get_or_create(job=job, index=index, defaults={"items": items})
    _chunk_files_reconcile(job)
    with transaction.atomic():
        done = JobChunk.objects.filter(job=job, done_at__isnull=False)
        items_done = sum(done.values_list("items", flat=True))
        Job.objects.filter(pk=job.pk).update(
            items_total=sum(plan.sizes),
            items_done=items_done,
            progress=_percent(done.count(), len(plan.sizes)),
            last_progress_at=timezone.now(),
        )
        pending = list(
            JobChunk.objects.filter(job=job, done_at__isnull=True).values_list("index", flat=True)
        )
        job_id = str(job.pk)
        if pending:
            for index in pending:
                transaction.on_commit(lambda index=index: task_send(CHUNK, job_id, index))
        else:  # resumed after every chunk was rendered
            transaction.on_commit(lambda: task_send(ASSEMBLE, job_id))


def batch_chunk(*, job_id: str, index: int) -> None:
    job = Job.objects.get(pk=job_id)
    chunk = JobChunk.objects.get(job=job, index=index)
    if job.status != JobStatus.RUNNING or chunk.done_at:
        return
    kind = _batch_kind(job)
    content = job_attempt(job, f"chunk {index}", lambda: kind.render_chunk(job, index))
    if content is None:
        return
    chunk.file.save(f"{job.pk}-{index:05d}.pdf", ContentFile(content), save=False)
    try:
        counted, complete = _chunk_count(job=job, chunk=chunk)
    except BaseException:  # the database went away: the retry stores the chunk anew
        chunk.file.delete(save=False)
        raise
    if not counted:  # another delivery counted this chunk first
        chunk.file.delete(save=False)
    elif complete:
        transaction.on_commit(lambda: task_send(ASSEMBLE, job_id))


def _chunk_count(*, job: Job, chunk: JobChunk) -> tuple[bool, bool]:
    """Count a stored chunk done, once: whether this call counted it, and whether every chunk
    of the job is done now."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        counted = JobChunk.objects.filter(pk=chunk.pk, done_at__isnull=True).update(
            file=chunk.file.name, done_at=timezone.now()
        )
        if not counted:
            return False, False
        chunks = JobChunk.objects.filter(job=job)
        total, finished = chunks.count(), chunks.filter(done_at__isnull=False).count()
        locked.items_done += chunk.items
        locked.progress = _percent(finished, total)
        locked.last_progress_at, locked.requeues = timezone.now(), 0
        locked.save(update_fields=["items_done", "progress", "last_progress_at", "requeues"])
    return True, finished == total


def batch_assemble(*, job_id: str) -> None:
    job = Job.objects.get(pk=job_id)
    chunks = list(JobChunk.objects.filter(job=job).order_by("index"))
    if job.status != JobStatus.RUNNING or not chunks or any(c.done_at is None for c in chunks):
        return
    kind = _batch_kind(job)
    with tempfile.TemporaryDirectory(prefix="batch-") as folder:
        paths = []
        for chunk in chunks:  # local copies: any storage backend, and the PDF library wants files
            path = Path(folder) / f"{chunk.index:05d}.pdf"
            try:
                with chunk.file.open("rb") as source, path.open("wb") as target:
                    shutil.copyfileobj(source, target)
            except (FileNotFoundError, ValueError):
                job.refresh_from_db(fields=["status"])
                if job.status == JobStatus.DONE:  # a duplicate assembly finished and cleaned up
                    return
                raise
            paths.append(path)
        result = Path(folder) / "result"

        def assemble() -> str:
            with result.open("wb") as output:
                return kind.assemble(job, paths, output)

        filename = job_attempt(job, "assembly", assemble)
        if filename is None:
            return
        with result.open("rb") as output:
            job_finish(job=job, filename=filename, content=File(output))
    # The chunks have served their purpose once the result is stored.
    JobChunk.objects.filter(job=job).update(file="")
    _chunk_files_sweep(job, keep=set())


def _chunk_files_reconcile(job: Job) -> None:
    """Before a batch resumes: a counted chunk whose file is gone is rendered again, and the
    files no chunk refers to (stored by a delivery killed before it counted them) go."""
    chunks = JobChunk.objects.filter(job=job, done_at__isnull=False)
    storage = JobChunk._meta.get_field("file").storage
    missing = [c.pk for c in chunks if not c.file or not storage.exists(c.file.name)]
    JobChunk.objects.filter(pk__in=missing).update(file="", done_at=None)
    _chunk_files_sweep(job, keep={c.file.name for c in chunks.exclude(pk__in=missing)})


def _chunk_files_sweep(job: Job, *, keep: set[str]) -> None:
    """Delete the job's chunk files, through the storage API, except those in ``keep``."""
    storage, folder, files = _chunk_files()
    for name in files:
        path = f"{folder}/{name}"
        if name.startswith(f"{job.pk}-") and path not in keep:
            storage.delete(path)


def batch_files_collect() -> None:
    """Delete the chunk files of batches that are done or gone (run by the watchdog): a worker
    stopped between storing a batch's result and deleting its chunks leaves them behind. Those
    of waiting, running and failed batches stay (a failed batch resumes from them)."""
    storage, folder, files = _chunk_files()
    owners: dict[uuid.UUID, list[str]] = {}
    for name in files:
        with contextlib.suppress(ValueError):  # not a chunk file of ours
            owners.setdefault(uuid.UUID(name[:36]), []).append(name)
    keep = set(
        Job.objects.filter(pk__in=owners)
        .exclude(status=JobStatus.DONE)
        .values_list("pk", flat=True)
    )
    for job_id in owners.keys() - keep:
        for name in owners[job_id]:
            storage.delete(f"{folder}/{name}")


def _chunk_files() -> tuple[Storage, str, list[str]]:
    """The storage of chunk files, their folder, and the names in it."""
    field = JobChunk._meta.get_field("file")
    folder = str(field.upload_to).rstrip("/")
    try:
        return field.storage, folder, field.storage.listdir(folder)[1]
    except FileNotFoundError:  # no chunk stored yet
        return field.storage, folder, []


def _batch_kind(job: Job) -> jobs.BatchKind:
    kind = jobs.get_kind(job.kind)
    if not isinstance(kind, jobs.BatchKind):
        raise TypeError(f"{job.kind} is not a batch job")
    return kind


def _percent(finished: int, total: int) -> int:
    return finished * CHUNKS_SHARE // total if total else 0

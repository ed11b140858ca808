"""State changes for organisation and time; every write of the app goes through here."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.saving import model_save
from audit.services import audit_record
from emulation_portal.lib import jobs

from .models import (
    JOB_ACTIVE,
    Bloc,
    Campaign,
    DocumentCounter,
    Job,
    JobStatus,
    Membership,
    Person,
    Unit,
)
from .scope import scope_for
from .selectors import job_stalled_list, person_can_edit, unit_can_edit

logger = logging.getLogger(__name__)
T = TypeVar("T")

# The watchdog queues a stalled job again this many times without progress, then fails it.
JOB_STALL_REQUEUES = 2

BLOC_FIELDS = ("command", "name", "document_code", "place", "description")
UNIT_FIELDS = ("name", "short_name", "is_active")
CAMPAIGN_FIELDS = (
    "bloc",
    "year",
    "kind",
    "name",
    "theme",
    "focus_areas",
    "key_activities",
    "start_date",
    "end_date",
    "launch_place",
    "launch_date",
)
PERSON_FIELDS = ("unit", "full_name", "rank", "position", "is_commander")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def bloc_save(*, user: AbstractBaseUser, bloc: Bloc | None = None, data: dict[str, Any]) -> Bloc:
    scope = scope_for(user)
    if bloc is None:
        _require(scope.is_admin)
        bloc = Bloc()
    else:
        _require(scope.can_manage_bloc_now(bloc.pk))
        if not scope.is_admin:
            data = {key: value for key, value in data.items() if key != "command"}
    return model_save(actor=user, instance=bloc, data=data, fields=BLOC_FIELDS)


@transaction.atomic
def unit_create(
    *, user: AbstractBaseUser, data: dict[str, Any], bloc: Bloc, year: int, role: str
) -> Unit:
    """Create a unit and make it a member of ``bloc`` in ``year`` in one step.

    A unit always enters the portal through a bloc, so the secretariat that created it keeps
    seeing it.
    """
    _require(scope_for(user).can_write_year(bloc.pk, year))
    unit = model_save(actor=user, instance=Unit(), data=data, fields=UNIT_FIELDS)
    membership_save(user=user, data={"bloc": bloc, "year": year, "unit": unit, "role": role})
    return unit


def unit_update(*, user: AbstractBaseUser, unit: Unit, data: dict[str, Any]) -> Unit:
    _require(unit_can_edit(user=user, unit=unit))
    return model_save(actor=user, instance=unit, data=data, fields=UNIT_FIELDS)


def membership_save(
    *, user: AbstractBaseUser, data: dict[str, Any], membership: Membership | None = None
) -> Membership:
    """Add a unit to a bloc's year or change its role (leader, deputy, member).

    Setting next year's leader hands that year over: from then on only the new leader's
    secretariat may change it (see ``blocs.scope``).
    """
    scope = scope_for(user)
    if membership is None:
        membership = Membership()
        _require(scope.can_write_year(data["bloc"].pk, data["year"]))
        fields = ("bloc", "year", "unit", "role")
    else:
        _require(scope.can_write_year(membership.bloc_id, membership.year))
        fields = ("role",)
    return model_save(actor=user, instance=membership, data=data, fields=fields)


def membership_delete(*, user: AbstractBaseUser, membership: Membership) -> None:
    _require(scope_for(user).can_write_year(membership.bloc_id, membership.year))
    with transaction.atomic():
        audit_record(action="membership.delete", actor=user, target=membership)
        membership.delete()


def campaign_save(
    *, user: AbstractBaseUser, data: dict[str, Any], campaign: Campaign | None = None
) -> Campaign:
    scope = scope_for(user)
    if campaign is not None:
        _require(scope.can_write_year(campaign.bloc_id, campaign.year))
    _require(scope.can_write_year(data["bloc"].pk, data["year"]))
    return model_save(
        actor=user, instance=campaign or Campaign(), data=data, fields=CAMPAIGN_FIELDS
    )


def person_save(
    *, user: AbstractBaseUser, data: dict[str, Any], person: Person | None = None
) -> Person:
    if person is not None:
        _require(person_can_edit(user=user, unit=person.unit))
    _require(person_can_edit(user=user, unit=data["unit"]))
    return model_save(actor=user, instance=person or Person(), data=data, fields=PERSON_FIELDS)


# --- Documents and background jobs ------------------------------------------------------------


def document_number_next(*, bloc: Bloc, year: int, series: str) -> int:
    """Issue the next number of a document series; concurrent callers get distinct numbers."""
    with transaction.atomic():
        counter, _ = DocumentCounter.objects.get_or_create(bloc=bloc, year=year, series=series)
        DocumentCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
        counter.refresh_from_db(fields=["last_number"])
    return counter.last_number


def job_document_number(*, job: Job, series: str) -> int:
    """A job keeps the number it was first given, so a retry prints the same document."""
    if "number" not in job.params:
        number = document_number_next(bloc=job.bloc, year=job.year, series=series)
        job.params = {**job.params, "number": number}
        Job.objects.filter(pk=job.pk).update(params=job.params)
    return job.params["number"]


@transaction.atomic
def job_request(
    *,
    user: AbstractBaseUser,
    kind: str,
    bloc: Bloc,
    year: int | None,
    language: str,
    params: dict[str, Any] | None = None,
) -> Job:
    """Record a job and queue it once the transaction commits."""
    jobs.get_kind(kind)  # an unknown kind fails here, not in the worker
    job = Job.objects.create(
        kind=kind,
        bloc=bloc,
        year=year,
        params=params or {},
        language=language,
        requested_by=user,
    )
    audit_record(action="job.request", actor=user, target=job, data={"kind": kind, "year": year})
    transaction.on_commit(lambda: _job_queue(job))
    return job


def _job_queue(job: Job) -> None:
    """Send a recorded job to the workers (after commit). When the broker cannot be reached,
    the job fails with a reason and *Try again* instead of waiting for a message never sent."""
    from .tasks import job_run

    try:
        job_run.delay(str(job.pk))
    except jobs.CONNECTION_ERRORS:
        logger.warning("job %s: the job queue could not be reached", job.pk, exc_info=True)
        with translation.override(job.language):
            job_fail(
                job,
                _(
                    "The job queue could not be reached, so the job did not start. "
                    "Try again in a moment."
                ),
            )


def job_retry(*, user: AbstractBaseUser, job: Job) -> Job:
    """Queue a failed job again; a job that is waiting, running or done is left alone."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status != JobStatus.FAILED:
            return job
        job.status = JobStatus.PENDING
        job.progress = 0
        job.progress_note = ""
        job.error = ""
        job.last_progress_at = timezone.now()
        job.requeues = 0
        job.save(
            update_fields=[
                "status",
                "progress",
                "progress_note",
                "error",
                "last_progress_at",
                "requeues",
            ]
        )
        audit_record(action="job.retry", actor=user, target=job)
        transaction.on_commit(lambda: _job_queue(job))
    return job


def job_progress(*, job_id: str, percent: int, note: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        progress=max(0, min(100, percent)),
        progress_note=note,
        last_progress_at=timezone.now(),
        requeues=0,
    )


def job_execute(*, job_id: str) -> None:
    """Run a job: the body of the Celery task. Safe to run twice (a done job is skipped)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().select_related("bloc").get(pk=job_id)
        if job.status == JobStatus.DONE:
            return
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = job.last_progress_at = timezone.now()
        job.save(update_fields=["status", "attempts", "started_at", "last_progress_at"])

    kind = jobs.get_kind(job.kind)
    if isinstance(kind, jobs.BatchKind):
        from .batches import batch_start

        batch_start(job=job, kind=kind)
        return

    def progress(percent: int, note: str = "") -> None:
        job_progress(job_id=job_id, percent=percent, note=note)

    rendered = job_attempt(job, "rendering", lambda: kind.renderer(job, progress))
    if rendered is not None:
        filename, content = rendered
        job_finish(job=job, filename=filename, content=ContentFile(content))


def job_attempt(job: Job, step: str, work: Callable[[], T]) -> T | None:
    """Run a step of a job; None if it failed. A JobFailed fails the job with its message (the
    user can act on it); a database or broker briefly away is raised as it is, for the task to
    try again (``blocs.tasks.JobTask``); anything else fails the job with a general message, is
    logged and raised again, so the task's failure is recorded too."""
    try:
        return work()
    except jobs.JobFailed as error:
        job_fail(job, str(error))
        return None
    except jobs.CONNECTION_ERRORS:
        raise
    except Exception:
        logger.exception("job %s (%s): %s failed", job.pk, job.kind, step)
        job_fail(job, _("An unexpected error stopped the job. It has been logged; try again."))
        raise


def job_finish(*, job: Job, filename: str, content: File) -> None:
    """Store a job's result through the storage API and mark it done (once).

    Stored under an ASCII name (any storage backend takes it); downloads use ``filename``.
    """
    extension = PurePosixPath(filename).suffix.lower()
    previous = job.file.name if job.file else ""
    job.file.save(f"{job.kind}-{job.pk}{extension}", content, save=False)
    try:
        _job_done(job=job, filename=filename, previous=previous)
    except BaseException:  # not recorded (the database went away): no file left behind
        job.file.delete(save=False)
        raise


def _job_done(*, job: Job, filename: str, previous: str) -> None:
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if current.status == JobStatus.DONE:  # another delivery of the task got there first
            job.file.delete(save=False)
            return
        if previous and previous != job.file.name:
            storage, name = job.file.storage, previous
            transaction.on_commit(lambda: storage.delete(name))
        job.filename = filename
        job.status = JobStatus.DONE
        job.progress = 100
        job.progress_note = ""
        job.error = ""
        job.finished_at = timezone.now()
        audit_record(action="job.done", actor_name="worker", target=job)
        job.save(
            update_fields=[
                "file",
                "filename",
                "status",
                "progress",
                "progress_note",
                "error",
                "finished_at",
            ]
        )


def job_fail(job: Job, message: str) -> None:
    """Mark a job failed, unless another delivery of its task has finished it meanwhile, or it
    has failed already (the first reason is the one to show)."""
    now = timezone.now()
    with transaction.atomic():
        failed = Job.objects.filter(pk=job.pk, status__in=JOB_ACTIVE).update(
            status=JobStatus.FAILED, error=message, finished_at=now
        )
        if failed:
            audit_record(
                action="job.failed", actor_name="worker", target=job, data={"error": message}
            )
    if failed:
        job.status, job.error, job.finished_at = JobStatus.FAILED, message, now


def job_task_failed(*, job_id: str, error: BaseException) -> None:
    """A job's task gave up: its retries ran out while the database or the broker stayed away,
    or an error escaped the job's own handling. Fail the job, so the user sees it and can try
    again; if the database is still away, the watchdog deals with the job later."""
    try:
        job = Job.objects.get(pk=job_id)
        with translation.override(job.language):
            if isinstance(error, jobs.CONNECTION_ERRORS):
                message = _(
                    "The job was interrupted: the database or the job queue was unavailable "
                    "for too long. Try again."
                )
            else:
                message = _("An unexpected error stopped the job. It has been logged; try again.")
            job_fail(job, message)
    except Exception:
        logger.exception("job %s: could not record that its task failed", job_id)


def job_stalled_recover(*, now: datetime.datetime) -> None:
    """The watchdog, run by beat: a waiting or running job that has shown no progress for
    longer than PORTAL_JOB_STALL_SECONDS has lost its task (a broker restarted without its
    queue, a task dropped during an outage). Queue it again (every step is idempotent, and a
    batch resumes with its missing chunks); after JOB_STALL_REQUEUES times without progress,
    fail it with *Try again*."""
    for job_id in job_stalled_list(now=now).values_list("pk", flat=True):
        _job_stall_recover(job_id=job_id, now=now)


def _job_stall_recover(*, job_id: str, now: datetime.datetime) -> None:
    with transaction.atomic():
        stalled = job_stalled_list(now=now).select_for_update(skip_locked=True)
        job = stalled.filter(pk=job_id).first()
        if job is None:  # it moved on meanwhile, or a worker holds it right now
            return
        if job.requeues >= JOB_STALL_REQUEUES:
            with translation.override(job.language):
                job_fail(
                    job,
                    _(
                        "The job stopped making progress (a worker or the job queue was "
                        "interrupted). Try again."
                    ),
                )
            return
        job.requeues += 1
        job.last_progress_at = now
        job.save(update_fields=["requeues", "last_progress_at"])
        audit_record(
            action="job.requeue", actor_name="watchdog", target=job, data={"requeues": job.requeues}
        )
        transaction.on_commit(lambda: _job_queue(job))

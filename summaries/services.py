"""Who may read and write a bloc's year-end summary, and asking for a new version."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied

from blocs.models import Bloc
from blocs.scope import scope_for
from jobs.models import Job
from jobs.services import job_request

from .documents import SUMMARY


def summary_can_write(*, user: AbstractBaseUser, bloc: Bloc, year: int) -> bool:
    return scope_for(user).can_write_year(bloc.pk, year)


def summary_request(*, user: AbstractBaseUser, bloc: Bloc, year: int, language: str) -> Job:
    """Queue a new version of the summary (after corrections, a regeneration keeps the old)."""
    if not summary_can_write(user=user, bloc=bloc, year=year):
        raise PermissionDenied
    return job_request(user=user, kind=SUMMARY, bloc_id=bloc.pk, year=year, language=language)

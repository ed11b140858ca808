"""A registry of background document jobs, so each app adds its own kinds of job.

The Job model lives in the ``jobs`` app (at the base of the dependency chain); apps register
a renderer for each kind they own in their ``AppConfig.ready``. A renderer receives the job
and a progress callback and returns the file name and bytes of the document it produced.

A *batch* kind (hundreds or thousands of pages, such as a decision's certificates) is split
into chunks that workers render in parallel and in bounded memory: ``plan`` prepares the job
and says how many chunks and items it has, ``render_chunk`` returns one chunk's PDF, and
``assemble`` streams the chunk files, in order, into the final file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import kombu.exceptions
import redis.exceptions
from django.db import InterfaceError, OperationalError
from django.utils.functional import Promise

# A database or broker that is briefly away (restarted, failing over, a dropped connection):
# a job step that meets one is tried again later rather than failed.
CONNECTION_ERRORS: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
)

Progress = Callable[[int, str], None]
Renderer = Callable[[Any, Progress], tuple[str, bytes]]


class JobFailed(Exception):
    """A failure the user can understand and act on; its message is shown on the job page."""


@dataclass(frozen=True)
class JobKind:
    code: str
    label: str | Promise
    renderer: Renderer


@dataclass(frozen=True)
class Plan:
    """How a batch job divides: ``sizes[i]`` items (pages, recipients) in chunk ``i``."""

    sizes: list[int]


@dataclass(frozen=True)
class BatchKind:
    code: str
    label: str | Promise
    # Validates and prepares the job (idempotently: it runs again when a job is resumed).
    plan: Callable[[Any], Plan]
    render_chunk: Callable[[Any, int], bytes]
    # Writes the result from the chunk files (in order) to the open file; returns its name.
    assemble: Callable[[Any, list[Path], IO[bytes]], str]


_kinds: dict[str, JobKind | BatchKind] = {}


def register(code: str, label: str | Promise) -> Callable[[Renderer], Renderer]:
    def decorator(renderer: Renderer) -> Renderer:
        _kinds[code] = JobKind(code=code, label=label, renderer=renderer)
        return renderer

    return decorator


def register_batch(kind: BatchKind) -> None:
    _kinds[kind.code] = kind


def get_kind(code: str) -> JobKind | BatchKind:
    return _kinds[code]

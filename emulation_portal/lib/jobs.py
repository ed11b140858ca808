"""A registry of background document jobs, so each app adds its own kinds of job.

The Job model lives in ``blocs`` (the base of the dependency chain); apps register a renderer
for each kind they own in their ``AppConfig.ready``. A renderer receives the job and a progress
callback and returns the file name and bytes of the document it produced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

Progress = Callable[[int, str], None]
Renderer = Callable[[Any, Progress], tuple[str, bytes]]


class JobFailed(Exception):
    """A failure the user can understand and act on; its message is shown on the job page."""


@dataclass(frozen=True)
class JobKind:
    code: str
    label: str | Promise
    renderer: Renderer


_kinds: dict[str, JobKind] = {}


def register(code: str, label: str | Promise) -> Callable[[Renderer], Renderer]:
    def decorator(renderer: Renderer) -> Renderer:
        _kinds[code] = JobKind(code=code, label=label, renderer=renderer)
        return renderer

    return decorator


def get_kind(code: str) -> JobKind:
    return _kinds[code]

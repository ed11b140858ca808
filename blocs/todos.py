"""Documents the user asked for that are ready, or failed and may be tried again."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from emulation_portal.lib import todos
from jobs.models import Job, JobStatus

RECENT = datetime.timedelta(days=2)


@todos.register
def job_todos(user: Any, today: datetime.date) -> Iterator[todos.Todo]:
    since = datetime.datetime.combine(today - RECENT, datetime.time(), tzinfo=datetime.UTC)
    finished = Job.objects.filter(
        requested_by=user, status__in=(JobStatus.DONE, JobStatus.FAILED), finished_at__gte=since
    ).order_by("-finished_at")[:5]
    for job in finished:
        text = _("Download: %(job)s") if job.status == JobStatus.DONE else _("Failed: %(job)s")
        yield todos.Todo(text % {"job": job.kind_label}, reverse("blocs:job_detail", args=[job.pk]))

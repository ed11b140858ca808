"""The portal's side of tests/test_outages.py, in a process of its own: Django set up once
against the test's private PostgreSQL and Redis (from the environment), answering each
command read from stdin with one JSON line on stdout.

    world                      the world of tests/conftest.py; its bloc
    decision <n> <number>      a decision awarding n people of the world
    request <decision> <bloc>  the secretariat prints the decision's certificates (the page)
    status <job>               the job's row, or the error reaching the database
    retry <job>                the secretariat clicks *Try again*
    report <job>               the serial printed on each page, the serials issued, and the
                               chunk files left in MEDIA_ROOT

Run as ``python -m tests.outages``.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import django

WORLD: list[Any] = []


def world() -> dict[str, Any]:
    from awards.models import AwardRule, AwardType
    from awards.rules import awards_ensure
    from tests.conftest import world_create

    awards_ensure(AwardType, AwardRule)
    WORLD.append(world_create())
    return {"bloc": WORLD[0].bloc.pk}


def decision(recipients: str, number: str) -> dict[str, Any]:
    from tests.certificates.conftest import decision_create

    return {"decision": decision_create(WORLD[0], int(recipients), number=number).pk}


def _secretariat() -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(raise_request_exception=False)  # a server error is a 500, as users see it
    client.force_login(get_user_model().objects.get(username="secretariat"))
    client.cookies["django_language"] = "en"
    return client


def request(decision: str, bloc: str) -> dict[str, Any]:
    from django.urls import reverse

    from jobs.models import Job

    client = _secretariat()
    response = client.post(
        reverse("certificates:batch", args=[decision, bloc]), {"output": "pdf", "mode": "full"}
    )
    job = Job.objects.latest("created_at")
    page = client.get(response.url).content.decode() if response.status_code == 302 else ""
    return {"job": str(job.pk), "status_code": response.status_code, "page": page}


def status(job_id: str) -> dict[str, Any]:
    from jobs.models import Job

    try:
        job = Job.objects.get(pk=job_id)
    except Exception as error:  # the database is away: say so, the test asks again
        return {"unreachable": str(error)}
    fields = ("status", "error", "items_done", "items_total", "attempts")
    return {field: getattr(job, field) for field in fields}


def retry(job_id: str) -> dict[str, Any]:
    from django.urls import reverse

    response = _secretariat().post(reverse("blocs:job_retry", args=[job_id]))
    return {"status_code": response.status_code}


def report(job_id: str) -> dict[str, Any]:
    from django.conf import settings
    from pypdf import PdfReader

    from certificates.models import Certificate
    from jobs.models import Job

    job = Job.objects.get(pk=job_id)
    issued = Certificate.objects.filter(proposal__decision=job.params["decision"])
    serials = list(issued.order_by("serial").values_list("serial", flat=True))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(job.file.read())).pages]
    chunks = Path(settings.MEDIA_ROOT) / "jobs" / "chunks"
    return {
        "serials": serials,
        "printed": [next((s for s in serials if f"Số: {s}" in text), None) for text in pages],
        "chunk_files": sorted(p.name for p in chunks.glob("*")) if chunks.exists() else [],
    }


COMMANDS = {
    "world": world,
    "decision": decision,
    "request": request,
    "status": status,
    "retry": retry,
    "report": report,
}


def main() -> None:
    django.setup()
    from django.db import connections
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host is allowed
    for line in sys.stdin:
        name, *args = line.split()
        connections.close_all()  # a database restarted since the last command: connect anew
        print(json.dumps(COMMANDS[name](*args)), flush=True)


if __name__ == "__main__":
    main()

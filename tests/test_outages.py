"""Certificate batches through real outages: PostgreSQL restarted and Redis stopped in the
middle of a batch, and a batch requested while Redis is down. Every batch ends done with
exactly one page per recipient, or failed with *Try again*, which then completes it.

The PostgreSQL cluster and the Redis server are the test's own (free ports, a temporary
folder, Redis without persistence, so a restart loses its queue), never the machine's shared
ones. The Celery worker is real (tests/workers.py) and runs beat, so the watchdog runs as in
production, on a short stall limit. The portal's side (data, pages, reports) is a process of
its own against the same services (tests/outages.py).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg2
import pytest
import redis
from django.conf import settings

from tests.conftest import require
from tests.workers import start_worker, stop

pytestmark = pytest.mark.redis

RECIPIENTS = 20
QUEUE = "outages"
# Chunks of two pages; a job silent for 6 s is queued again; beat runs the watchdog every
# second; tasks taken by a dead worker come back after 30 s (not needed here, kept short).
WORKER_ENV = {
    "PORTAL_CERTIFICATE_CHUNK": "2",
    "PORTAL_JOB_STALL_SECONDS": "6",
    "PORTAL_JOB_WATCHDOG_SECONDS": "1",
    "PORTAL_CELERY_VISIBILITY_TIMEOUT": "30",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Postgres:
    """A private cluster in ``folder`` (owned by the ``postgres`` user when run as root, as
    PostgreSQL refuses to run as root)."""

    folder: Path
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def _run(self, program: str, *args: str) -> None:
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
        as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [*as_owner, f"{binaries}/{program}", *args], check=True, capture_output=True, timeout=60
        )

    def create(self) -> None:
        self._run("initdb", "-D", f"{self.folder}/data", "--auth=trust", "-U", "postgres", "-N")
        self.start()
        db = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres")
        db.autocommit = True
        db.cursor().execute("CREATE DATABASE portal")
        db.close()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = f"{self.folder}/log"
        self._run("pg_ctl", "-D", f"{self.folder}/data", "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", f"{self.folder}/data", "-m", "fast", "-w", "stop")


@dataclass
class Redis:
    """A private Redis without persistence: stopping it loses every queued task."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), *options], stdout=subprocess.DEVNULL
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("the private Redis did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@dataclass
class Portal:
    """The portal's process (tests/outages.py) and the services it runs on."""

    postgres: Postgres
    redis: Redis
    process: subprocess.Popen
    bloc: int

    def ask(self, *command: object) -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(" ".join(map(str, command)) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, f"the portal's process stopped on {command}"
        return json.loads(answer)

    def wait(self, job: str, condition: Callable[[dict], bool], seconds: float = 45) -> dict:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = self.ask("status", job)
            if "status" in state and condition(state):
                return state
            time.sleep(0.2)
        raise AssertionError(f"job {job} never got there: {state}")

    def finished(self, job: str) -> None:
        """The job ends done; or failed with a reason, and *Try again* then completes it."""
        state = self.wait(job, lambda state: state["status"] in ("done", "failed"))
        if state["status"] == "failed":
            assert state["error"], state
            assert self.ask("retry", job)["status_code"] == 302
            state = self.wait(job, lambda state: state["status"] in ("done", "failed"))
        assert state["status"] == "done", state

    def no_chunk_file_left(self, job: str) -> None:
        """Chunk files go right after the result is stored (the same task, just after)."""
        deadline = time.monotonic() + 10
        while (left := self.ask("report", job)["chunk_files"]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert left == []

    def printed_once(self, job: str) -> None:
        report = self.ask("report", job)
        assert len(report["serials"]) == RECIPIENTS
        assert report["printed"] == report["serials"]  # a page each, in order, none doubled


def services_required() -> None:
    require(bool(shutil.which("redis-server")), "redis-server is not installed")
    require(bool(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")), "PostgreSQL is not installed")
    if os.geteuid() == 0:
        require(bool(shutil.which("runuser")), "runuser is needed to run PostgreSQL as root")


@pytest.fixture(scope="module")
def portal() -> Iterator[Portal]:
    services_required()
    folder = Path(tempfile.mkdtemp(prefix="portal-outages-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    postgres, broker, worker, process = Postgres(folder), Redis(), None, None
    env = {
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.test",
        "DATABASE_URL": postgres.url,
        "REDIS_URL": broker.url,
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "PORTAL_CELERY_QUEUE": QUEUE,
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    environment = {**os.environ, **env}
    try:
        postgres.create()
        broker.start()
        manage = [sys.executable, "manage.py", "migrate", "-v0"]
        subprocess.run(manage, env=environment, cwd=settings.BASE_DIR, check=True, timeout=120)
        beat = ["--beat", f"--schedule={folder}/beat-schedule"]
        worker = start_worker(QUEUE, broker.url, "--concurrency=2", *beat, **env, **WORKER_ENV)
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.outages"],
            env=environment,
            cwd=settings.BASE_DIR,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        made = Portal(postgres=postgres, redis=broker, process=process, bloc=0)
        made.bloc = made.ask("world")["bloc"]
        yield made
    finally:
        if process:
            process.kill()
        if worker:
            stop(worker, kill=True)
        broker.stop()
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)


def start_batch(portal: Portal, number: str) -> str:
    decision = portal.ask("decision", RECIPIENTS, number)["decision"]
    answer = portal.ask("request", decision, portal.bloc)
    assert answer["status_code"] == 302, answer
    return answer["job"]


def test_a_batch_survives_a_postgresql_restart(portal: Portal) -> None:
    job = start_batch(portal, "101/QĐ-TM")
    portal.wait(job, lambda state: state["items_done"] >= 2)
    portal.postgres.stop()  # the chunks in hand and those taken meanwhile meet no database
    time.sleep(3)
    portal.postgres.start()
    portal.finished(job)
    portal.printed_once(job)
    portal.no_chunk_file_left(job)


def test_a_batch_survives_redis_stopping_and_a_job_asked_meanwhile_says_so(
    portal: Portal,
) -> None:
    job = start_batch(portal, "102/QĐ-TM")
    portal.wait(job, lambda state: state["items_done"] >= 2)
    portal.redis.stop()  # every queued chunk is lost with it
    decision = portal.ask("decision", RECIPIENTS, "103/QĐ-TM")["decision"]
    asked = portal.ask("request", decision, portal.bloc)
    assert asked["status_code"] == 302  # the job's page, not a server error
    assert "The job queue could not be reached, so the job did not start." in asked["page"]
    assert "Try again" in asked["page"]
    assert portal.ask("status", asked["job"])["status"] == "failed"  # not left waiting
    portal.redis.start()

    portal.finished(job)
    portal.printed_once(job)
    assert portal.ask("retry", asked["job"])["status_code"] == 302
    portal.finished(asked["job"])
    portal.printed_once(asked["job"])
    portal.no_chunk_file_left(job)

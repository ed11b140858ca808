"""Certificate batches: the portal's real task against bare WeasyPrint, memory, 1 and 2 workers.

    .venv/bin/python bench/certificates.py [--recipients 1000] [--large 10000] [--skip-bare]

Needs PostgreSQL and Redis: ``BENCH_DATABASE_URL`` names the PostgreSQL server (default
postgres://postgres@127.0.0.1:5432/postgres), on which it creates a database of its own and
drops it at the end; ``REDIS_URL`` the broker (default redis://127.0.0.1:6379/3). It makes a
decision with the given number of recipients, and then, in one run:

1. the batch through the portal (request → Celery workers on Redis → chunks → assembly →
   storage), timed from the request to the stored PDF, with one worker process and with two;
2. the same certificate HTML (rendered beforehand, so not timed) through bare WeasyPrint in
   chunks of the same size, joined with pikepdf;
3. the peak resident memory (VmHWM) of every worker process;
4. with --large, the same with a decision of that many recipients (two workers), for memory.

Targets (issue 6): portal ≤ 1.15 × bare; peak worker memory < 400 MB; two workers ≥ 1.7 ×
faster than one.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._database import database_create, database_drop, database_name, database_url  # noqa: E402

SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = database_name("bench_certificates")
QUEUE = f"bench-{uuid.uuid4().hex[:8]}"
MEDIA = tempfile.mkdtemp(prefix="bench-media-")
ENV = {
    "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.test",
    "DATABASE_URL": database_url(DATABASE, Path(MEDIA), SERVER_URL),
    "BENCH_DATABASE": DATABASE,
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
    "DJANGO_MEDIA_ROOT": MEDIA,
    "PORTAL_CELERY_QUEUE": QUEUE,
    "CELERY_TASK_ALWAYS_EAGER": "0",
}
os.environ.update(ENV)
# The machine's CPUs are not equally fast (on the 2-vCPU machines here one ran 17 % slower
# than the other): one worker and bare WeasyPrint are both pinned to the first CPU, so their
# ratio measures the code, not the CPU the scheduler happened to pick; two workers get one
# CPU each.
CPUS = sorted(os.sched_getaffinity(0))


database_create(DATABASE, SERVER_URL)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)

import pikepdf  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from weasyprint import HTML  # noqa: E402

from awards.models import AwardDecision, AwardType, Proposal, ProposalStatus  # noqa: E402
from blocs.models import Bloc, Command, Person, Role, RoleKind, Unit  # noqa: E402
from certificates import documents, services  # noqa: E402
from certificates.models import Certificate  # noqa: E402
from emulation_portal.celery import app as celery_app  # noqa: E402
from emulation_portal.lib import pdf as portal_pdf  # noqa: E402
from jobs.models import Job, JobStatus  # noqa: E402

NAMES = ["Nguyễn Thị Hằng", "Trần Quốc Việt", "Lê Đức Thắng", "Phạm Thùy Dương", "Đỗ Văn Hải"]


def world() -> tuple[Bloc, object, list[Unit]]:
    command = Command.objects.create(name="Bộ Tổng Tham mưu")
    bloc = Bloc.objects.create(command=command, name="Khối thi đua số 4", place="Hà Nội")
    units = [Unit.objects.create(name=f"Lữ đoàn {100 + i}") for i in range(20)]
    reviewer = get_user_model().objects.create_user(username="reviewer", password=None)
    Role.objects.create(user=reviewer, kind=RoleKind.REVIEWER, command=command)
    return bloc, reviewer, units


def decision(bloc: Bloc, reviewer: object, units: list[Unit], count: int) -> AwardDecision:
    """A decision with ``count`` recipients (written directly: recording is not measured)."""
    award = AwardType.objects.get(code="giay-khen")
    made = AwardDecision.objects.create(  # a Giấy khen is a unit head's to confer
        authority="Lữ đoàn 144",
        number=f"{count}/QĐ-LĐ",
        date=datetime.date(2026, 12, 20),
        signer_name="Lê Quang Vinh",
        signer_rank="Đại tá",
        signer_position="Lữ đoàn trưởng",
        place="Hà Nội",
        recorded_by=reviewer,
    )
    people = Person.objects.bulk_create(
        Person(
            unit=units[i % len(units)],
            full_name=f"{NAMES[i % len(NAMES)]} {i + 1}",
            rank="dai_uy",
            position="Trợ lý",
        )
        for i in range(count)
    )
    Proposal.objects.bulk_create(
        (
            Proposal(
                award=award,
                bloc=bloc,
                year=2026,
                unit=person.unit,
                person=person,
                nominated_by=reviewer,
                status=ProposalStatus.DECIDED,
                achievement="Hoàn thành xuất sắc nhiệm vụ",
                decision=made,
                decision_order=i + 1,
            )
            for i, person in enumerate(people)
        ),
        batch_size=1000,
    )
    return made


# --- Workers ---------------------------------------------------------------------------------


def start_workers(count: int, queue: str) -> list[subprocess.Popen]:
    """``count`` worker processes, the n-th pinned to CPU n (see CPUS)."""
    workers = [
        subprocess.Popen(
            [
                shutil.which("taskset") or "taskset",
                "-c",
                str(CPUS[n % len(CPUS)]),
                sys.executable,
                "-m",
                "celery",
                "-A",
                "emulation_portal",
                "worker",
                "-Q",
                queue,
                "--concurrency=1",
                "--loglevel=warning",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{queue}-{n}@%h",
            ],
            env={**os.environ, **ENV, "PORTAL_CELERY_QUEUE": queue},
            cwd=ROOT,
            start_new_session=True,
        )
        for n in range(count)
    ]
    time.sleep(3)
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=60)


def _group_processes(workers: list[subprocess.Popen]) -> list[Path]:
    groups = {worker.pid for worker in workers}
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[2]) in groups:
                found.append(stat.parent)
        except (OSError, IndexError, ValueError):
            continue
    return found


def cpu_seconds(workers: list[subprocess.Popen]) -> float:
    """CPU time (user + system) used so far by every process of the workers."""
    total = 0
    for process in _group_processes(workers):
        try:
            fields = (process / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def peak_memory_mb(workers: list[subprocess.Popen]) -> tuple[float, float]:
    """The largest peak (VmHWM) of one worker process, and the sum over every process of the
    workers (their main processes and pool children)."""
    peaks = []
    for process in _group_processes(workers):
        try:
            for line in (process / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return max(peaks), sum(peaks)


def run_batch(
    made: AwardDecision,
    bloc: Bloc,
    reviewer: object,
    queue: str,
    workers: list[subprocess.Popen] | None = None,
) -> tuple[float, Job, float]:
    """Wall time from the request to the stored PDF, the job, and the CPU time it took (the
    request in this process plus every worker process)."""
    celery_app.conf.task_default_queue = queue  # the workers to use
    workers_cpu = cpu_seconds(workers) if workers else 0.0
    start = time.perf_counter()
    request_cpu = time.process_time()
    job = services.batch_request(
        user=reviewer,
        decision=made,
        bloc=bloc,
        output="pdf",
        mode="full",
        profile=None,
        language="vi",
    )
    request_cpu = time.process_time() - request_cpu
    while True:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    cpu = request_cpu + (cpu_seconds(workers) - workers_cpu if workers else 0.0)
    if job.status != JobStatus.DONE:
        raise SystemExit(f"the batch failed: {job.error}")
    with job.file.open("rb") as handle, pikepdf.open(handle) as result:
        if len(result.pages) != job.items_total:
            raise SystemExit("page count differs from the recipients")
    return elapsed, job, cpu


# --- Bare WeasyPrint -------------------------------------------------------------------------


def bare(job: Job) -> dict[str, tuple[float, float]]:
    """Wall and CPU seconds of bare WeasyPrint on the job's HTML, per way of joining."""
    ids, size = job.params["certificates"], job.params["chunk"]
    found = Certificate.objects.in_bulk(ids)
    certificates = [found[pk] for pk in ids]
    htmls = [
        render_to_string(
            "documents/certificates.html",
            {
                "pages": [documents._page(c, blank=False, dx=0, dy=0) for c in chunk],
                "blank": False,
                "motto_style": documents._positioned(documents.layout.MOTTO_BOX, 0, 0),
            },
        )
        for chunk in (certificates[i : i + size] for i in range(0, len(certificates), size))
    ]
    stylesheets = [
        portal_pdf._stylesheet(name) for name in ("css/document.css", documents.STYLESHEET)
    ]
    fonts = portal_pdf.font_configuration()

    def render(html: str) -> bytes:
        return HTML(
            string=html, base_url=portal_pdf.INTERNAL_BASE_URL, url_fetcher=portal_pdf._fetcher()
        ).write_pdf(stylesheets=stylesheets, font_config=fonts)

    render(htmls[0][:2000] + "</body></html>")  # warm up fonts, like a worker's first page
    everywhere = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {CPUS[0]})  # the CPU the single worker runs on
    results = {}
    start, cpu = time.perf_counter(), time.process_time()
    parts = [render(html) for html in htmls]
    rendered, rendered_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    with pikepdf.new() as merged:
        sources = [pikepdf.open(io.BytesIO(part)) for part in parts]
        for source in sources:
            merged.pages.extend(source.pages)
        merged.save(io.BytesIO())
    results["pikepdf"] = (
        rendered + time.perf_counter() - start,
        rendered_cpu + time.process_time() - cpu,
    )
    os.sched_setaffinity(0, everywhere)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, medians reported")
    parser.add_argument("--large", type=int, default=0)
    options = parser.parse_args()
    bloc, reviewer, units = world()
    warm = decision(bloc, reviewer, units, 4)
    made = decision(bloc, reviewer, units, options.recipients)
    n = options.recipients
    print(f"{n} recipients, chunks of {settings.PORTAL_CERTIFICATE_CHUNK}, {options.rounds} rounds")

    # One worker, two workers and bare WeasyPrint take turns in each round, so all three see
    # the same machine (a shared host's speed drifts by tens of per cent over minutes).
    one, two = f"{QUEUE}-one", f"{QUEUE}-two"
    workers = {one: start_workers(1, one), two: start_workers(2, two)}
    rounds = []
    try:
        for queue, group in workers.items():
            for _ in range(2):  # each worker process loads its fonts once
                run_batch(warm, bloc, reviewer, queue, group)
        for number in range(1, options.rounds + 1):
            alone, job, alone_cpu = run_batch(made, bloc, reviewer, one, workers[one])
            bare_times = bare(job)
            fastest, fastest_cpu = min(bare_times.values())
            pair, _, pair_cpu = run_batch(made, bloc, reviewer, two, workers[two])
            rounds.append(
                {
                    "alone": alone,
                    "pair": pair,
                    "bare": fastest,
                    "alone_cpu": alone_cpu,
                    "pair_cpu": pair_cpu,
                    "bare_cpu": fastest_cpu,
                    "pikepdf": bare_times["pikepdf"][0],
                }
            )
            print(
                f"round {number}: wall (CPU) seconds: 1 worker {alone:.1f} ({alone_cpu:.1f}), "
                f"2 workers {pair:.1f} ({pair_cpu:.1f}), bare "
                + ", ".join(f"{k} {w:.1f} ({c:.1f})" for k, (w, c) in bare_times.items()),
                flush=True,
            )
        memory = {queue: peak_memory_mb(group) for queue, group in workers.items()}
    finally:
        for group in workers.values():
            stop_workers(group)

    def median(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    def median_ratio(top: str, bottom: str) -> float:
        return statistics.median(r[top] / r[bottom] for r in rounds)

    for label, key in [
        ("portal batch, 1 worker", "alone"),
        ("portal batch, 2 workers", "pair"),
        ("bare WeasyPrint, chunks joined with pikepdf", "pikepdf"),
    ]:
        print(f"median {label}: {median(key):.1f} s ({median(key) / n * 1000:.1f} ms a page)")
    print(
        f"portal (1 worker) / fastest bare, median of the rounds: wall "
        f"{median_ratio('alone', 'bare'):.3f}, CPU {median_ratio('alone_cpu', 'bare_cpu'):.3f} "
        f"(target ≤ 1.15)"
    )
    print(
        f"2 workers against 1, median of the rounds: {median_ratio('alone', 'pair'):.2f}x "
        f"faster (target ≥ 1.7)"
    )
    for queue, label in ((one, "1 worker"), (two, "2 workers")):
        peak, total = memory[queue]
        print(f"peak memory, {label}: {peak:.0f} MB (largest process), {total:.0f} MB (all)")

    if options.large:
        big = decision(bloc, reviewer, units, options.large)
        group = start_workers(2, two)
        try:
            run_batch(warm, bloc, reviewer, two, group)
            elapsed, job, _ = run_batch(big, bloc, reviewer, two, group)
            peak, total = peak_memory_mb(group)
        finally:
            stop_workers(group)
        print(
            f"{options.large} recipients, 2 workers: {elapsed:.1f} s; peak memory {peak:.0f} MB "
            f"(largest process), {total:.0f} MB (all); {job.file.size / 1e6:.0f} MB PDF"
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        from django.db import connections

        connections.close_all()
        database_drop(DATABASE, SERVER_URL)
        shutil.rmtree(MEDIA, ignore_errors=True)

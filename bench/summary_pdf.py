"""The year-end summary PDF of a bloc of 50, 200 and 1,000 units: peak memory of the rendering.

    .venv/bin/python bench/summary_pdf.py [--units 50 200 1000] [--whole]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/summary_pdf.py

SQLite by default, in a temporary folder; with ``BENCH_DATABASE_URL`` naming a PostgreSQL
server, a database of its own that it creates and drops (``bench/_database.py``).

For each size it stores a summary version whose figures are those of a bloc of that many units
(three pledged targets each, a ranking, a ballot over every unit, some exemplary models; written
directly: computing the figures is not measured), and renders its PDF as a worker does: the
job's plan, every chunk (``PORTAL_SUMMARY_CHUNK_ROWS`` rows each) and the assembly (page
numbers, streaming join). Each rendering runs in a fresh process of its own, which first renders
a one-page document (a worker's fonts are loaded once) and then resets its peak resident set
(``/proc/self/clear_refs``): the figure is that process's peak (VmHWM) during the rendering,
Django and the portal's libraries included. ``--whole`` also renders each size as one document
(the chunk size raised past its rows), as the summary was rendered before.

Target (issue 16): under 400 MB, flat in the number of units.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._database import (  # noqa: E402
    SERVER_URL,
    database_create,
    database_drop,
    database_name,
    database_url,
)

CHILD = "--step" in sys.argv
WORK = Path(os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="bench-summary-"))
DATABASE = database_name("bench_summary")
YEAR = 2026

os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.test",
        "DATABASE_URL": database_url(DATABASE, WORK),
        "DJANGO_MEDIA_ROOT": str(WORK / "media"),
        "BENCH_WORK": str(WORK),
        "BENCH_DATABASE": DATABASE,
    }
)
if SERVER_URL and not CHILD:
    database_create(DATABASE)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from blocs.models import Bloc, Command  # noqa: E402
from emulation_portal.lib.pdf import html_to_pdf  # noqa: E402
from jobs.models import Job  # noqa: E402
from summaries import documents  # noqa: E402
from summaries.models import YearSummary  # noqa: E402

GOALS = [
    ("Huấn luyện giỏi", "Tỷ lệ quân nhân đạt khá, giỏi", "%", "at_least"),
    ("Vụ vi phạm kỷ luật", "Số vụ vi phạm kỷ luật nghiêm trọng", "vụ", "at_most"),
    ("Sáng kiến", "Số sáng kiến được công nhận", "sáng kiến", "at_least"),
]


def content(units: int) -> dict:
    """The figures of a bloc of ``units`` units, shaped as ``summaries.compute`` stores them."""
    names = [f"Lữ đoàn {100 + i}" for i in range(units)]
    targets = [
        {
            "unit": name,
            "goal": goal,
            "indicator": indicator,
            "target": "90",
            "measure": measure,
            "direction": direction,
            "value": str(80 + i % 20),
            "completion": f"{90 + i % 15}.0",
            "met": i % 3 != 0,
        }
        for i, name in enumerate(names)
        for goal, indicator, measure, direction in GOALS
    ]
    rows = [
        {"rank": i + 1, "name": name, "total": f"{99 - i * 40 / units:.2f}"}
        for i, name in enumerate(names)
    ]
    return {
        "bloc": "Khối thi đua số 4",
        "command": "Bộ Tổng Tham mưu",
        "year": YEAR,
        "computed_at": timezone.now().isoformat(),
        "campaign": {
            "name": f"Phong trào Thi đua Quyết thắng năm {YEAR}",
            "theme": "Đoàn kết, kỷ cương, đột phá, sáng tạo, quyết thắng",
            "start": f"01/01/{YEAR}",
            "end": f"31/12/{YEAR}",
        },
        "units": [
            {"name": name, "targets": 3, "met": 2, "completion": f"{90 + i % 10}.0"}
            for i, name in enumerate(names)
        ],
        "targets": targets,
        "ranking": {
            "version": 1,
            "rows": rows,
            "bins": [
                {"label": "60–70", "count": units // 4},
                {"label": "90–100", "count": units // 2},
            ],
        },
        "ballots": [
            {
                "question": "Suy tôn đơn vị đề nghị tặng Cờ thi đua",
                "round": 1,
                "members": units,
                "voters": units,
                "quorum_met": True,
                "rows": [
                    {"name": name, "votes": units - i, "elected": i < 2}
                    for i, name in enumerate(names)
                ],
            }
        ],
        "awards": [
            {
                "award": "Cờ thi đua của Bộ Quốc phòng",
                "proposed": 2,
                "approved": 2,
                "granted": 2,
                "revoked": 0,
            },
            {
                "award": "Giấy khen",
                "proposed": units,
                "approved": units,
                "granted": units,
                "revoked": 1,
            },
        ],
        "totals": {
            "units": units,
            "targets": len(targets),
            "targets_met": sum(1 for t in targets if t["met"]),
            "proposed": units + 2,
            "granted": units + 2,
        },
        "exemplary": [
            {"name": name, "unit": name, "practice": "Mô hình “Bếp ăn dã chiến”"}
            for name in names[: max(1, units // 20)]
        ],
    }


def summary_job(bloc: Bloc, user: object, units: int) -> Job:
    """A summary job of the bloc whose version (already written) has the figures of ``units``."""
    job = Job.objects.create(
        kind=documents.SUMMARY, bloc_id=bloc.pk, year=YEAR, language="vi", requested_by=user
    )
    version = YearSummary.objects.filter(bloc=bloc, year=YEAR).count() + 1
    YearSummary.objects.create(
        bloc=bloc,
        year=YEAR,
        version=version,
        job=job,
        content=content(units),
        written_by=user,
        written_at=timezone.now(),
    )
    return job


# --- One rendering, in a process of its own --------------------------------------------------


def status(field: str) -> float:
    """A figure of /proc/self/status, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def step(job_pk: str, chunk_rows: int) -> None:
    settings.PORTAL_SUMMARY_CHUNK_ROWS = chunk_rows
    html_to_pdf("<p>Khởi động</p>")  # a worker has its fonts loaded already
    Path("/proc/self/clear_refs").write_text("5")  # peak resident set from here on
    before = status("VmRSS")
    job = Job.objects.get(pk=job_pk)
    start = time.perf_counter()
    plan = documents._plan(job)
    paths = []
    for index in range(len(plan.sizes)):
        path = WORK / f"chunk-{job_pk}-{index}.pdf"
        path.write_bytes(documents._render_chunk(job, index))
        paths.append(path)
    output = WORK / f"summary-{job_pk}.pdf"
    with output.open("wb") as handle:
        documents._assemble(job, paths, handle)
    elapsed = time.perf_counter() - start
    pages = documents.page_count(output)
    print(
        json.dumps(
            {
                "chunks": len(paths),
                "pages": pages,
                "seconds": elapsed,
                "before": before,
                "peak": status("VmHWM"),
                "size": output.stat().st_size,
            }
        )
    )


def measure(job: Job, chunk_rows: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--step", str(job.pk), str(chunk_rows)],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, nargs="+", default=[50, 200, 1000])
    parser.add_argument("--whole", action="store_true", help="also render as one document")
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    command = Command.objects.create(name="Bộ Tổng Tham mưu")
    bloc = Bloc.objects.create(command=command, name="Khối thi đua số 4", place="Hà Nội")
    user = get_user_model().objects.create_user(username="secretariat", password=None)
    chunked = settings.PORTAL_SUMMARY_CHUNK_ROWS
    modes = [("chunks", chunked)] + ([("one document", 10**9)] if options.whole else [])
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    for units in options.units:
        for label, rows in modes:
            found = measure(summary_job(bloc, user, units), rows)
            print(
                f"{units:5d} units, {label} ({found['chunks']} of ≤ {min(rows, 10**6)} rows): "
                f"{found['pages']} pages, {found['size'] / 1e6:.1f} MB, {found['seconds']:.1f} s; "
                f"peak memory {found['peak']:.0f} MB "
                f"(+{found['peak'] - found['before']:.0f} MB over the warm worker's "
                f"{found['before']:.0f} MB)",
                flush=True,
            )


if __name__ == "__main__":
    if CHILD:
        index = sys.argv.index("--step")
        step(sys.argv[index + 1], int(sys.argv[index + 2]))
    else:
        try:
            main()
        finally:
            from django.db import connections

            connections.close_all()
            if SERVER_URL:
                database_drop(DATABASE)
            shutil.rmtree(WORK, ignore_errors=True)

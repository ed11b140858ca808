"""Render the demo bloc roster repeatedly and print the time per PDF, with each font subsetter.

    .venv/bin/python bench/pdf_roster.py [count]

Uses the local settings' database (run bin/run or `manage.py seed_demo` once first).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_portal.settings.local")

import django

django.setup()

import weasyprint.pdf.fonts as weasy_fonts  # noqa: E402
from django.utils import timezone  # noqa: E402

from blocs.documents import roster_render  # noqa: E402
from blocs.models import Bloc  # noqa: E402
from jobs.models import Job  # noqa: E402


def timed(job: Job, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        _, pdf = roster_render(job, lambda percent, note="": None)
        times.append(time.perf_counter() - start)
    assert pdf.startswith(b"%PDF")
    return times


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    bloc = Bloc.objects.get(name="Khối thi đua số 4")
    job = Job(kind="bloc_roster", bloc_id=bloc.pk, year=2026, language="vi", params={"number": 1})
    job.created_at = timezone.now()
    timed(job, 2)  # warm up: font configuration and stylesheet are built once per process
    fast = timed(job, count)
    saved, weasy_fonts.harfbuzz_subset = weasy_fonts.harfbuzz_subset, None
    slow = timed(job, count)
    weasy_fonts.harfbuzz_subset = saved
    for label, times in [("harfbuzz subsetter", fast), ("fontTools fallback", slow)]:
        median_ms = statistics.median(times) * 1000
        print(f"{label:20} median {median_ms:7.1f} ms per roster PDF ({count} runs)")
    print(f"speed-up: {statistics.median(slow) / statistics.median(fast):.1f}x")


if __name__ == "__main__":
    main()

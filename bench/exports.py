"""Exporting 1,000 and 10,000 rows to .xlsx: wall time and peak memory, through the pages' views.

    .venv/bin/python bench/exports.py [--small 1000] [--large 10000]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/exports.py

SQLite by default, in a temporary folder. With ``BENCH_DATABASE_URL`` set to a PostgreSQL
server, it creates a database of its own (``bench_exports_<random>``) and drops it at the end.

Two blocs are made through the services (bloc, units, people, roles): one with the small number
of award proposals, one with the large. The proposals themselves are inserted in bulk, already
decided by one decision per bloc (going through nomination, notice and review for 11,000
proposals would take longer than everything measured, and the export does not care how they
got there). Then each list is downloaded as the bloc's secretariat (or the command's reviewer)
through Django's test client, that is through the URL, the view, its access checks and the
streamed response, and read to the end:

- the proposal list (danh sách đề nghị khen thưởng), every proposal of the bloc;
- the decision's recipients with their serial numbers;
- the award history of the unit whose people received them.

Each download runs in a fresh process of its own, as a web worker would: memory is that
process's peak resident set (VmHWM, counted from just before the download) and, in a second
pass, the peak of what Python allocated for it (tracemalloc). Memory flat in the row count means
the 10,000-row figures stay near the 1,000-row ones.

Targets (issue 15): 10,000 rows in under 10 s, memory flat in the row count.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

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
WORK = Path(os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="bench-exports-"))
DATABASE = database_name("bench_exports")

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

import openpyxl  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from awards.models import AwardDecision, AwardRule, AwardType, Proposal, ProposalStatus  # noqa: E402
from awards.rules import awards_ensure  # noqa: E402
from blocs import services as bloc_services  # noqa: E402
from blocs.models import Command, MembershipRole, Rank, Role, RoleKind  # noqa: E402

YEAR = 2026
PEOPLE = 200  # per bloc; the proposals cycle through them and through the years
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hằng", "Hiếu", "Lan", "Nam", "Phúc", "Thắng"]
ACHIEVEMENT = (
    "Hoàn thành xuất sắc nhiệm vụ huấn luyện, sẵn sàng chiến đấu; đơn vị đạt vững mạnh toàn "
    "diện; có sáng kiến cải tiến kỹ thuật được công nhận cấp cơ sở năm {year}."
)


def bloc_make(admin: Any, command: Command, size: int) -> None:
    """A bloc with one unit and ``PEOPLE`` people (through the services), its secretariat, and
    ``size`` proposals decided by one decision (inserted in bulk)."""
    bloc = bloc_services.bloc_save(
        user=admin,
        data={
            "command": command,
            "name": f"Khối thi đua {size}",
            "document_code": f"K{size}",
            "place": "Hà Nội",
            "description": "",
        },
    )
    unit = bloc_services.unit_create(
        user=admin,
        data={"name": f"Lữ đoàn {size}", "short_name": "", "is_active": True},
        bloc=bloc,
        year=YEAR,
        role=MembershipRole.LEADER,
    )
    people = [
        bloc_services.person_save(
            user=admin,
            data={
                "unit": unit,
                "full_name": f"{FAMILY[i % 10]} Văn {GIVEN[i // 10 % 10]} {i}",
                "rank": Rank.CAPTAIN,
                "position": "Trợ lý tác chiến",
            },
        )
        for i in range(PEOPLE)
    ]
    secretariat = get_user_model().objects.create_user(username=f"thuky-{size}")
    Role.objects.create(user=secretariat, kind=RoleKind.SECRETARIAT, unit=unit)
    decision = AwardDecision.objects.create(
        authority=unit.name,
        number=f"{size}/QĐ-LĐ",
        date=datetime.date(YEAR, 12, 20),
        signer_name="Lê Quang Vinh",
        signer_position="Lữ đoàn trưởng",
        recorded_by=admin,
    )
    award = AwardType.objects.get(code="giay-khen")
    Proposal.objects.bulk_create(
        (
            Proposal(
                award=award,
                bloc=bloc,
                year=YEAR - i // PEOPLE % 10,
                unit=unit,
                person=people[i % PEOPLE],
                nominated_by=secretariat,
                status=ProposalStatus.DECIDED,
                achievement=ACHIEVEMENT.format(year=YEAR - i // PEOPLE % 10),
                no_discipline=True,
                decision=decision,
                decision_order=i + 1,
            )
            for i in range(size)
        ),
        batch_size=2000,
    )


def _status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _url(kind: str, size: int) -> tuple[str, str]:
    decision = AwardDecision.objects.get(number=f"{size}/QĐ-LĐ")
    unit = decision.recipients.first().unit
    if kind == "proposals":
        return f"thuky-{size}", reverse("awards:proposal_export")
    if kind == "recipients":
        return "reviewer", reverse("certificates:decision_export", args=[decision.pk])
    return f"thuky-{size}", reverse("awards:unit_history_export", args=[unit.pk])


def _download(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def step(kind: str, size: int) -> dict[str, Any]:
    """One download in this fresh process: its time and peak memory, then its Python peak."""
    username, url = _url(kind, size)
    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username=username))
    figures: dict[str, Any] = {"baseline_mb": _status("VmRSS")}
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM starts again from here
    start = time.perf_counter()
    body = _download(client, url)
    figures["seconds"] = time.perf_counter() - start
    figures["peak_mb"] = _status("VmHWM")
    figures["kb"] = len(body) / 1024
    sheet = openpyxl.load_workbook(WORK / _saved(body), read_only=True).worksheets[-1]
    figures["rows"] = sum(1 for _row in sheet.iter_rows())
    tracemalloc.start()
    _download(client, url)
    figures["python_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return figures


def _saved(body: bytes) -> str:
    (WORK / "export.xlsx").write_bytes(body)
    return "export.xlsx"


def _child(kind: str, size: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--step", kind, "--size", str(size)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"step {kind} {size} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(small: int, large: int) -> None:
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    awards_ensure(AwardType, AwardRule)
    admin = get_user_model().objects.create_user(username="bench-admin", is_superuser=True)
    command = Command.objects.create(name="Bộ Tổng Tham mưu")
    reviewer = get_user_model().objects.create_user(username="reviewer")
    Role.objects.create(user=reviewer, kind=RoleKind.REVIEWER, command=command)
    for size in (small, large):
        bloc_make(admin, command, size)
    print(
        f"setup: two blocs, {small} and {large} decided proposals "
        f"({time.perf_counter() - start:.0f} s, not measured)"
    )
    connection.close()
    print(f"{'list':<44}{'rows':>7}{'time':>9}{'peak RSS':>11}{'before':>9}{'Python':>9}")
    ok = True
    for kind, label in [
        ("proposals", "proposals (danh sách đề nghị khen thưởng)"),
        ("recipients", "a decision's recipients with serials"),
        ("history", "a unit's award history (its people)"),
    ]:
        figures = {size: _child(kind, size) for size in (small, large)}
        for size, f in figures.items():
            print(
                f"{label:<44}{size:>7}{f['seconds']:>8.2f}s{f['peak_mb']:>9.0f}MB"
                f"{f['baseline_mb']:>7.0f}MB{f['python_peak_mb']:>7.1f}MB"
            )
        growth = figures[large]["peak_mb"] - figures[small]["peak_mb"]
        print(f"{'':<44}peak grows {growth:+.0f} MB from {small} to {large} rows")
        ok = ok and figures[large]["seconds"] < 10
    print(f"{connection.vendor}: {'within' if ok else 'OUTSIDE'} the time target (< 10 s)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--step", choices=["proposals", "recipients", "history"])
    parser.add_argument("--size", type=int)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.size)))
        sys.exit()
    try:
        main(args.small, args.large)
    finally:
        connection.close()
        if SERVER_URL:
            database_drop(DATABASE)
        shutil.rmtree(WORK, ignore_errors=True)

"""Importing 10,000 rows from a spreadsheet, of any import kind: wall time and peak memory.

    .venv/bin/python bench/imports.py [--kind award_history|people] [--rows 10000] [--units 20]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/imports.py --kind people

SQLite by default, in a temporary folder. With ``BENCH_DATABASE_URL`` set to a PostgreSQL
server, it connects to the database that URL names only to create a fresh database of its own
(``bench_history_<random>``), and drops that one, and only that one, at the end.

It makes a bloc of units (and, for the award history, their people) through the portal's
services (as an administrator would), writes a spreadsheet of realistic rows of the kind, and
imports it as the bloc's secretariat
through the services the pages call: ``import_upload`` (type check, SHA-256, every row checked:
the preview) and ``import_apply`` (checked again, saved in one transaction, audited once). Then
it imports the same file again (every row unchanged, nothing saved). The kinds:

- ``award_history``: one decision per unit and year, unit and individual awards over several
  years, for a bloc of ``rows / 5`` people;
- ``people``: ``rows`` people of the bloc's units (Vietnamese names, dates of birth and of
  enlistment, ranks and positions), the import template's columns.

Each measured step runs in a fresh process of its own, as a web worker would: memory is that
process's peak resident set (VmHWM, counted from just before the import; a fresh portal process
already holds Django and the portal's libraries, which the figure includes), and, in a separate
pass that is rolled back, the peak of what Python allocated for the import itself (tracemalloc).

Targets (issues 13 and 15): under 30 s and under 200 MB, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
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

# A step runs in a fresh process of its own (as a web worker would), on the parent's database.
CHILD = "--step" in sys.argv
WORK = Path(os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="bench-imports-"))
DATABASE = database_name("bench_imports")


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
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from awards.history_import import AWARD_HISTORY  # noqa: E402
from awards.models import AwardRecord, AwardRule, AwardType  # noqa: E402
from awards.rules import awards_ensure  # noqa: E402
from blocs import services as bloc_services  # noqa: E402
from blocs.models import (  # noqa: E402
    Bloc,
    Command,
    MembershipRole,
    Person,
    Rank,
    Role,
    RoleKind,
    Unit,
    rank_label,
)
from blocs.person_sheet import PEOPLE, PEOPLE_KIND  # noqa: E402
from imports import services as import_services  # noqa: E402

YEAR = 2026
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
FAMILY += ["Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Hữu", "Xuân", "Thu", "Công"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hoa", "Hùng"]
GIVEN += ["Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân"]
GIVEN += ["Quang", "Sơn", "Tâm", "Thắng", "Thảo", "Thành", "Trang", "Trung", "Tuấn", "Việt"]
POSITIONS = ["Trợ lý tác chiến", "Trợ lý chính trị", "Đại đội trưởng", "Trung đội trưởng"]
POSITIONS += ["Nhân viên kỹ thuật", "Chiến sĩ", "Tiểu đội trưởng", "Trợ lý hậu cần"]
UNIT_KINDS = ["Lữ đoàn", "Trung đoàn", "Tiểu đoàn", "Công ty", "Trường", "Ban Quản lý dự án"]
COMMAND_AUTHORITY = "Bộ Tổng Tham mưu"


def world(units: int, people: int) -> tuple[Bloc, Any, list[tuple[Unit, list[str]]]]:
    """A bloc of ``units`` units, ``people`` people in all, made through the services."""
    admin = get_user_model().objects.create_user(username="bench-admin", is_superuser=True)
    command = Command.objects.create(name=COMMAND_AUTHORITY)
    bloc = bloc_services.bloc_save(
        user=admin,
        data={
            "command": command,
            "name": "Khối thi đua số 4",
            "document_code": "KTĐ4",
            "place": "Hà Nội",
            "description": "",
        },
    )
    rng = random.Random(13)  # noqa: S311  (the same names every run, not a secret)
    names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
    made = []
    for i in range(units):
        unit = bloc_services.unit_create(
            user=admin,
            data={
                "name": f"{UNIT_KINDS[i % len(UNIT_KINDS)]} {101 + i}",
                "short_name": "",
                "is_active": True,
            },
            bloc=bloc,
            year=YEAR,
            role=MembershipRole.LEADER if i == 0 else MembershipRole.MEMBER,
        )
        share = people // units + (1 if i < people % units else 0)
        chosen = rng.sample(names, share)  # no namesakes within a unit
        for name in chosen:
            bloc_services.person_save(
                user=admin,
                data={
                    "unit": unit,
                    "full_name": name,
                    "rank": rng.choice(list(Rank.values)),
                    "position": rng.choice(POSITIONS),
                },
            )
        made.append((unit, chosen))
    secretariat = get_user_model().objects.create_user(username="bench-thuky")
    Role.objects.create(user=secretariat, kind=RoleKind.SECRETARIAT, unit=made[0][0])
    return bloc, secretariat, made


def rows(made: list[tuple[Unit, list[str]]], count: int) -> list[list[object]]:
    """Unit titles each year (the command's decisions), then individual titles year by year
    (each unit's decision of the year lists its people), until ``count`` rows."""
    result: list[list[object]] = []
    for year in range(2016, YEAR):
        decided = datetime.date(year + 1, 1, 15)
        for number, (unit, _names) in enumerate(made, start=1):
            for kind, award in enumerate(("Đơn vị tiên tiến", "Đơn vị Quyết thắng"), start=1):
                code = f"{(year - 2000) * 1000 + number * 10 + kind}/QĐ-BTTM"
                result.append([unit.name, "", award, year, code, decided, COMMAND_AUTHORITY])
    for year in range(YEAR - 1, 2000, -1):
        for number, (unit, names) in enumerate(made, start=1):
            decided = f"20/12/{year}"  # typed as text, as many files have it
            code = f"{(year - 2000) * 100 + number}/QĐ-{unit.name.split()[-1]}"
            for person, name in enumerate(names):
                award = "Giấy khen" if (person + year) % 4 == 0 else "Chiến sĩ tiên tiến"
                result.append([unit.name, name, award, year, code, decided, unit.name])
                if len(result) >= count:
                    return result
    return result


def people_rows(made: list[tuple[Unit, list[str]]], count: int) -> list[list[object]]:
    """``count`` people spread over the units: name and date of birth unique in the bloc, some
    dates typed as text, no enlistment date for defence employees (recruited)."""
    rng = random.Random(15)  # noqa: S311  (the same people every run, not a secret)
    names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
    ranks = list(Rank.values)
    seen: set[tuple[str, datetime.date]] = set()
    result: list[list[object]] = []
    while len(result) < count:
        unit = made[len(result) % len(made)][0]
        name = rng.choice(names)
        born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 40))
        if (name, born) in seen:
            continue
        seen.add((name, born))
        rank = rng.choice(ranks)
        entered = None
        if rank != Rank.DEFENCE_EMPLOYEE:
            entered = datetime.date(born.year + 19, 9, 1)
        shown_born: object = born.strftime("%d/%m/%Y") if len(result) % 3 == 0 else born
        position = rng.choice(POSITIONS)
        result.append(
            [unit.name, name, shown_born, rank_label(rank, "vi"), position, entered, None]
        )
    return result


HISTORY_HEADER = [
    "Đơn vị",
    "Họ và tên",
    "Danh hiệu / hình thức khen thưởng",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
]
# Each kind: its file's sheet and header, its rows, the records it saves, the bloc's people.
KINDS: dict[str, dict[str, Any]] = {
    AWARD_HISTORY: {
        "sheet": "Lịch sử khen thưởng",
        "header": HISTORY_HEADER,
        "rows": rows,
        "model": AwardRecord,
        "people": lambda count: count // 5,
    },
    PEOPLE: {
        "sheet": PEOPLE_KIND.sheet_title,
        "header": [column.title for column in PEOPLE_KIND.columns],
        "rows": people_rows,
        "model": Person,
        "people": lambda count: 0,
    },
}


def workbook(kind: str, data: list[list[object]]) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(KINDS[kind]["sheet"])
    sheet.append(KINDS[kind]["header"])
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _status(field: str) -> float:
    """A figure of /proc/self/status (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class RolledBack(Exception):
    pass


def _upload(user: Any, bloc_id: int, kind: str, content: bytes) -> Any:
    return import_services.import_upload(
        user=user,
        kind=kind,
        bloc_id=bloc_id,
        year=YEAR,
        upload=SimpleUploadedFile("bang-nhap.xlsx", content),
    )


def step(name: str, kind: str) -> dict[str, Any]:
    """One measured step, in this fresh process: the import, the same file again, or the
    import under tracemalloc (rolled back)."""
    content = (WORK / "import.xlsx").read_bytes()
    user = get_user_model().objects.get(username="bench-thuky")
    bloc_id = Bloc.objects.get().pk
    figures: dict[str, Any] = {"baseline_mb": _status("VmRSS")}
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM starts again from here
    if name == "tracemalloc":
        tracemalloc.start()
        try:
            with transaction.atomic():
                batch = _upload(user, bloc_id, kind, content)
                import_services.import_apply(user=user, batch=batch)
                raise RolledBack
        except RolledBack:
            pass
        figures["python_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        return figures
    start, cpu = time.perf_counter(), time.process_time()
    batch = _upload(user, bloc_id, kind, content)
    figures["upload_s"] = time.perf_counter() - start
    figures["upload_cpu_s"] = time.process_time() - cpu
    figures["counts"] = [batch.rows_new, batch.rows_unchanged, batch.rows_refused]
    if name == "import":
        start, cpu = time.perf_counter(), time.process_time()
        import_services.import_apply(user=user, batch=batch)
        figures["apply_s"] = time.perf_counter() - start
        figures["apply_cpu_s"] = time.process_time() - cpu
    figures["peak_mb"] = _status("VmHWM")
    return figures


def _child(name: str, kind: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--step", name, "--kind", kind],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"step {name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(kind: str, rows_wanted: int, units: int) -> None:
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}); kind: {kind}")
    spec = KINDS[kind]
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    awards_ensure(AwardType, AwardRule)
    _bloc, _secretariat, made = world(units, people=spec["people"](rows_wanted))
    data = spec["rows"](made, rows_wanted)
    (WORK / "import.xlsx").write_bytes(workbook(kind, data))
    people = sum(len(names) for _unit, names in made)
    size = (WORK / "import.xlsx").stat().st_size / 1024
    print(
        f"setup: {units} units and {people} people through the services, {len(data)} rows in "
        f"a {size:.0f} KB .xlsx ({time.perf_counter() - start:.0f} s, not measured)"
    )
    connection.close()

    model = spec["model"]
    traced = _child("tracemalloc", kind)
    assert model.objects.count() == 0
    first = _child("import", kind)
    assert first["counts"] == [len(data), 0, 0], first
    assert model.objects.count() == len(data)
    again = _child("again", kind)
    assert again["counts"] == [0, len(data), 0], again
    assert model.objects.count() == len(data)

    total = first["upload_s"] + first["apply_s"]
    print(f"import of {kind} as the bloc's secretariat, through the services the pages call:")
    print(f"  upload: type check, SHA-256, every row checked  {first['upload_s']:6.2f} s")
    print(f"  confirm: checked again, saved, audited          {first['apply_s']:6.2f} s")
    print(f"  total                                           {total:6.2f} s  (target < 30 s)")
    print(f"  the same file again (all unchanged): upload     {again['upload_s']:6.2f} s")
    cpu = first["upload_cpu_s"] + first["apply_cpu_s"]
    print(
        f"  CPU time of the portal's process: upload {first['upload_cpu_s']:.2f} s, confirm "
        f"{first['apply_cpu_s']:.2f} s, total {cpu:.2f} s (what the wall time would be on an "
        f"idle machine, database server aside; load average now {os.getloadavg()[0]:.1f})"
    )
    print(
        f"memory: peak resident set of the process that imports {first['peak_mb']:.0f} MB "
        f"(a fresh portal process is {first['baseline_mb']:.0f} MB before it; target < 200 MB);"
        f" Python allocations for the import at most {traced['python_peak_mb']:.0f} MB "
        "(tracemalloc, a separate pass rolled back)"
    )
    ok = total < 30 and first["peak_mb"] < 200
    print(f"{connection.vendor}: {'within' if ok else 'OUTSIDE'} the targets")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--kind", choices=list(KINDS), default=AWARD_HISTORY)
    parser.add_argument("--step", choices=["import", "again", "tracemalloc"])
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.kind)))
        sys.exit()
    try:
        main(args.kind, args.rows, args.units)
    finally:
        connection.close()
        if SERVER_URL:
            database_drop(DATABASE)
        shutil.rmtree(WORK, ignore_errors=True)

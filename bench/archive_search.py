"""The archive's search over 100,000 people: how long a search takes to answer, per role.

    .venv/bin/python bench/archive_search.py [--people 100000] [--repeat 30]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/archive_search.py

SQLite by default, in a temporary folder. With ``BENCH_DATABASE_URL`` set to a PostgreSQL
server, it connects to the database that URL names only to create a fresh database of its own
(``bench_archive_<random>``), and drops that one, and only that one, at the end.

It makes 5 commands of 4 blocs of 10 units, each unit a member of its bloc in 2020–2026, and
``--people`` people with Vietnamese names and positions spread over the units, by bulk
creation (the rows the services would write; the search reads nothing else), then ANALYZE on
PostgreSQL. Then it searches as an administrator, the secretariat of one bloc, a reviewer of
one command and a unit's commander, for a full name typed without accents ("nguyen van duc"),
a family name alone (thousands of matches), a given name, a unit, and a name nobody has:
``archive_search`` (the selector the page calls: scope, folded search, the first 50 units and
people) and the whole page (``GET /archive/?q=…`` through Django's test client, rendered).
Each is repeated ``--repeat`` times after one warm-up; it prints the median (p50) and the 95th
percentile.

Target (issue 15): a search over 100,000 people answers with p50 under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
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

WORK = Path(tempfile.mkdtemp(prefix="bench-archive-"))
DATABASE = database_name("bench_archive")

os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.test",
        "DATABASE_URL": database_url(DATABASE, WORK),
        "DJANGO_MEDIA_ROOT": str(WORK / "media"),
    }
)
if SERVER_URL:
    database_create(DATABASE)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from archive.selectors import archive_search  # noqa: E402
from blocs.models import (  # noqa: E402
    Bloc,
    Command,
    Membership,
    MembershipRole,
    Person,
    Rank,
    Role,
    RoleKind,
    Unit,
)

YEARS = range(2020, 2027)
COMMANDS, BLOCS_PER_COMMAND, UNITS_PER_BLOC = 5, 4, 10
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
FAMILY += ["Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Hữu", "Xuân", "Thu", "Công"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hoa"]
GIVEN += ["Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc"]
GIVEN += ["Quân", "Quang", "Sơn", "Tâm", "Thắng", "Thảo", "Thành", "Trang", "Trung", "Tuấn"]
POSITIONS = ["Trợ lý tác chiến", "Trợ lý chính trị", "Đại đội trưởng", "Trung đội trưởng"]
POSITIONS += ["Nhân viên kỹ thuật", "Chiến sĩ", "Tiểu đội trưởng", "Trợ lý hậu cần"]
UNIT_KINDS = ["Lữ đoàn", "Trung đoàn", "Tiểu đoàn", "Công ty", "Trường", "Ban Quản lý dự án"]
QUERIES = ["nguyen van duc", "nguyen", "thang", "lu doan 101", "zyxw"]


def world(people: int) -> dict[str, Any]:
    """The commands, blocs, units, memberships and people, by bulk creation; the users."""
    commands = Command.objects.bulk_create(
        Command(name=f"Bộ Tư lệnh {c + 1}") for c in range(COMMANDS)
    )
    blocs = Bloc.objects.bulk_create(
        Bloc(command=command, name=f"Khối thi đua số {c * BLOCS_PER_COMMAND + b + 1}")
        for c, command in enumerate(commands)
        for b in range(BLOCS_PER_COMMAND)
    )
    count = len(blocs) * UNITS_PER_BLOC
    units = Unit.objects.bulk_create(
        Unit(name=f"{UNIT_KINDS[i % len(UNIT_KINDS)]} {101 + i}") for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(
            bloc=blocs[i // UNITS_PER_BLOC],
            unit=unit,
            year=year,
            role=MembershipRole.LEADER if i % UNITS_PER_BLOC == 0 else MembershipRole.MEMBER,
        )
        for i, unit in enumerate(units)
        for year in YEARS
    )
    rng = random.Random(15)  # noqa: S311  (the same names every run, not a secret)
    ranks = list(Rank.values)
    Person.objects.bulk_create(
        (
            Person(
                unit=units[i % count],
                full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                rank=rng.choice(ranks),
                position=rng.choice(POSITIONS),
            )
            for i in range(people)
        ),
        batch_size=5000,
    )
    users = get_user_model().objects
    actors = {
        "admin": users.create_user(username="admin", is_superuser=True, is_staff=True),
        "secretariat": users.create_user(username="thuky"),
        "reviewer": users.create_user(username="chinhtri"),
        "commander": users.create_user(username="chihuy"),
    }
    Role.objects.create(user=actors["secretariat"], kind=RoleKind.SECRETARIAT, unit=units[0])
    Role.objects.create(user=actors["reviewer"], kind=RoleKind.REVIEWER, command=commands[0])
    Role.objects.create(user=actors["commander"], kind=RoleKind.COMMANDER, unit=units[1])
    return actors


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    run()  # warm-up: connection, caches, the query plan
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(times: list[float]) -> float:
    return sorted(times)[max(0, round(len(times) * 0.95) - 1)]


def main(people: int, repeat: int) -> None:
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    actors = world(people)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"setup: {Person.objects.count():,} people in {Unit.objects.count()} units of "
        f"{Bloc.objects.count()} blocs, years {YEARS[0]}–{YEARS[-1]} "
        f"({time.perf_counter() - start:.0f} s, not measured)"
    )
    setup_test_environment()
    medians: list[float] = []
    everything: list[float] = []
    print(f"{'role':12} {'query':16} {'found':>6} {'search p50/p95 ms':>18} {'page p50/p95':>16}")
    for actor, user in actors.items():
        client = Client()
        client.force_login(user)
        for query in QUERIES:
            result = archive_search(user=user, query=query)
            found = len(result.units) + len(result.people)
            search = timed(lambda u=user, q=query: archive_search(user=u, query=q), repeat)
            page = timed(lambda c=client, q=query: c.get("/archive/", {"q": q}), repeat)
            medians.append(statistics.median(search))
            everything += search
            print(
                f"{actor:12} {query:16} {found:>5}{'+' if result.more_people else ' '} "
                f"{statistics.median(search):8.1f} /{p95(search):7.1f} "
                f"{statistics.median(page):8.1f} /{p95(page):6.1f}"
            )
    overall = statistics.median(everything)
    print(
        f"p50 of every search: {overall:.1f} ms (target < 50 ms); the slowest query's p50 "
        f"{max(medians):.1f} ms; load average while measuring {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs"
    )
    print(f"{connection.vendor}: {'within' if overall < 50 else 'OUTSIDE'} the target")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    try:
        main(args.people, args.repeat)
    finally:
        connection.close()
        if SERVER_URL:
            database_drop(DATABASE)
        shutil.rmtree(WORK, ignore_errors=True)

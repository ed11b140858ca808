"""The audit log in the admin at a million entries: first page, searches and filters, timed
against an anchor page through the same middleware.

    .venv/bin/python bench/audit_admin.py [--rows 100000]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/audit_admin.py --rows 1000000

SQLite by default, in a temporary folder. With ``BENCH_DATABASE_URL`` set to a PostgreSQL
server, it connects to the database that URL names only to create a fresh database of its own
(``bench_audit_<random>``), and drops that one, and only that one, at the end.

The entries are loaded in bulk (COPY on PostgreSQL, batched inserts on SQLite; the log's
chain is not sealed, nothing here reads it): a year of logins, refusals, sessions and record
changes by 300 users with Vietnamese names. Every page is asked as an administrator through
Django's test client, so each request passes the portal's whole middleware (sessions, two
factors, audit context...). The anchor is the admin's list of 50 units: a small table through
the same admin and the same middleware. Each figure is the median of ``--repeat`` requests
after one warm-up. Target (issue 16): each page at most twice the anchor.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
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

WORK = Path(tempfile.mkdtemp(prefix="bench-audit-"))
DATABASE = database_name("bench_audit")
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.test",
        "DATABASE_URL": database_url(DATABASE, WORK),
        "DJANGO_MEDIA_ROOT": str(WORK / "media"),
    }
)
os.environ.pop("REDIS_URL", None)  # the cache plays no part here
if SERVER_URL:
    database_create(DATABASE)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from audit.models import AuditChainHead, AuditEvent  # noqa: E402
from blocs.models import Unit  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam"]
UNITS = ["Lữ đoàn 144", "Đoàn Nghi lễ Quân đội", "Tổng công ty 789", "Công ty TNHH MTV 59"]
UNITS += ["Ban Quản lý dự án 166", "Trường Cao đẳng Kỹ thuật Mật mã"]
# (action, target type, weight): what a year of a bloc's work writes, logins first.
ACTIONS = [
    ("auth.login", "", 30),
    ("auth.logout", "", 12),
    ("auth.login_failed", "", 4),
    ("2fa.verify", "", 20),
    ("session.end", "auth.user", 2),
    ("access.denied", "blocs.unit", 3),
    ("person.update", "blocs.person", 8),
    ("unit.update", "blocs.unit", 2),
    ("progress.report", "pledges.target", 6),
    ("score.submit", "evaluation.selfscore", 3),
    ("ballot.cast", "evaluation.ballot", 3),
    ("proposal.submitted", "awards.proposal", 3),
    ("job.done", "jobs.job", 4),
]
COLUMNS = ["seq", "at", "actor_name", "action", "target_type", "target_id", "target_repr", "ip"]
COLUMNS += ["data", "prev_hash", "hash"]
# An empty CSV field is NULL to COPY: these columns are never NULL, only blank.
NOT_NULL = "FORCE_NOT_NULL (actor_name, target_type, target_id, target_repr)"
INSERT = "INSERT INTO {table} ({columns}) VALUES (MARKS)"  # names of our own, no input


def entries(count: int, first: int) -> Iterator[list[object]]:
    rng = random.Random(16)  # noqa: S311  (the same log every run, not a secret)
    users = [f"{rng.choice(FAMILY).lower()}.{rng.choice(GIVEN).lower()}{i}" for i in range(300)]
    people = [f"{f} Văn {g}" for f in FAMILY for g in GIVEN]
    kinds = [(action, target) for action, target, weight in ACTIONS for _ in range(weight)]
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    step = datetime.timedelta(days=365) / count
    for seq in range(first, first + count):
        action, target = rng.choice(kinds)
        if target == "blocs.person":
            label = rng.choice(people)
        elif target:
            label = rng.choice(UNITS)
        else:
            label = ""
        yield [
            seq,
            (start + step * (seq - first)).isoformat(),
            rng.choice(users),
            action,
            target,
            str(rng.randrange(1, 5000)) if target else "",
            label,
            f"10.{rng.randrange(4)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            "{}",
            "0" * 64,
            f"{seq:064x}",
        ]


def load(count: int) -> None:
    """The entries in bulk, bypassing audit_record (a million chained writes would take
    hours and measure nothing the admin does); the chain's head then follows the last one."""
    table = "audit_auditevent"
    first = (AuditEvent.objects.aggregate(last=Max("seq"))["last"] or 0) + 1
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"last_seq": first + count - 1, "last_hash": f"{first + count - 1:064x}"}
    )
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(entries(count, first))
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv, {NOT_NULL})",
                buffer,
            )
            cursor.execute(f"ANALYZE {table}")
        return
    insert = INSERT.format(table=table, columns=", ".join(COLUMNS))
    insert = insert.replace("MARKS", ", ".join(["%s"] * len(COLUMNS)))
    rows = entries(count, first)
    with connection.cursor() as cursor:
        while batch := [row for _, row in zip(range(10_000), rows, strict=False)]:
            cursor.executemany(insert, batch)
        cursor.execute(f"ANALYZE {table}")


def timed(client: Client, url: str, repeat: int) -> float:
    warm = client.get(url)  # warm-up
    assert warm.status_code == 200, (url, warm.status_code)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, url
    return statistics.median(times)


def main(count: int, repeat: int) -> None:
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    load(count)
    print(f"loaded {count:,} audit entries in {time.perf_counter() - start:.0f} s (not measured)")
    Unit.objects.bulk_create(Unit(name=f"{UNITS[i % len(UNITS)]} ({i})") for i in range(50))
    admin = get_user_model().objects.create_user(
        username="bench-admin", is_staff=True, is_superuser=True
    )
    client = Client(HTTP_HOST="localhost")  # one of the settings' ALLOWED_HOSTS
    client.force_login(admin)

    changelist = reverse("admin:audit_auditevent_changelist")
    pages = [
        ("anchor: the admin's list of 50 units", reverse("admin:blocs_unit_changelist")),
        ("audit log, first page", changelist),
        ("audit log, page 50", f"{changelist}?p=50"),
        ("search 'nguyen van' (words, trigram index)", f"{changelist}?q=nguyen+van"),
        ("search 'lu doan 144' (words, trigram index)", f"{changelist}?q=lu+doan+144"),
        ("search 'dang van hai' (a rarer name)", f"{changelist}?q=dang+van+hai"),
        ("search 'auth.login' (action, prefix)", f"{changelist}?q=auth.login"),
        ("search '10.2.33.7' (address, exact)", f"{changelist}?q=10.2.33.7"),
        ("search '#123456' (entry number)", f"{changelist}?q=%23123456"),
        ("kind: refused access", f"{changelist}?kind=denied"),
        ("dates: one week in March", f"{changelist}?since=2026-03-02&until=2026-03-08"),
    ]
    figures = [(label, timed(client, url, repeat)) for label, url in pages]
    anchor = figures[0][1]
    print(f"median of {repeat} requests each, as an administrator, through the whole middleware:")
    for label, seconds in figures:
        print(f"  {label:46} {seconds * 1000:8.1f} ms  {seconds / anchor:5.2f} x anchor")
    worst = max(seconds for _, seconds in figures[1:])
    verdict = "within" if worst <= 2 * anchor else "OUTSIDE"
    print(f"{connection.vendor}: {verdict} the target (every audit page at most 2 x the anchor)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000 if SERVER_URL else 100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    try:
        main(args.rows, args.repeat)
    finally:
        connection.close()
        if SERVER_URL:
            database_drop(DATABASE)
        shutil.rmtree(WORK, ignore_errors=True)

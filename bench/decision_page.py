"""A certificate decision's page at 1,000 recipients: time and queries against a plain list page.

    .venv/bin/python bench/decision_page.py [--recipients 1000] [--blocs 20] [--rounds 15]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/decision_page.py

SQLite by default, in a temporary folder; with ``BENCH_DATABASE_URL`` naming a PostgreSQL
server, a database of its own that it creates and drops (``bench/_database.py``). The cache is
Redis when ``REDIS_URL`` is set, else the process's memory.

It makes two decisions of ``--recipients`` people each (written directly: recording is not
measured): one in a single bloc, and one spread over ``--blocs`` blocs of one command. It then
times, through Django's test client with the whole middleware stack, the median of
``--rounds`` requests of:

- the anchor, the decision list (a plain 25-row table page of the same app);
- the one-bloc decision's page for its bloc's secretariat;
- the spread decision's page for the command's reviewer, who prints in every bloc.

Each decision page is timed with its pre-print check cached (the usual case: the same page
seen again) and made afresh (the cache emptied before each request). Target (issue 16): the
decision page at most 2 × the anchor, and as many queries for 20 blocs as for one.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
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

WORK = Path(tempfile.mkdtemp(prefix="bench-decision-"))
DATABASE = database_name("bench_decision")
YEAR = 2026

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

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from awards.models import AwardDecision, AwardType, Proposal, ProposalStatus  # noqa: E402
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

NAMES = ["Nguyễn Thị Hằng", "Trần Quốc Việt", "Lê Đức Thắng", "Phạm Thùy Dương", "Đỗ Văn Hải"]


def user(name: str, **role: object) -> object:
    made = get_user_model().objects.create_user(username=name, password=None)
    Role.objects.create(user=made, **role)
    return made


def bloc_with_units(command: Command, number: int, units: int) -> tuple[Bloc, list[Unit]]:
    bloc = Bloc.objects.create(
        command=command,
        name=f"Khối thi đua số {number}",
        place="Hà Nội",
        document_code=f"K{number}",
    )
    made = [Unit.objects.create(name=f"Lữ đoàn {number * 100 + i}") for i in range(units)]
    for i, unit in enumerate(made):
        role = MembershipRole.LEADER if i == 0 else MembershipRole.MEMBER
        Membership.objects.create(bloc=bloc, unit=unit, year=YEAR, role=role)
    return bloc, made


def decision(
    number: str, places: list[tuple[Bloc, list[Unit]]], count: int, by: object
) -> AwardDecision:
    award = AwardType.objects.get(code="giay-khen")
    made = AwardDecision.objects.create(
        authority="Lữ đoàn 144",
        number=number,
        date=datetime.date(YEAR, 12, 20),
        signer_name="Lê Quang Vinh",
        signer_rank="Đại tá",
        signer_position="Lữ đoàn trưởng",
        place="Hà Nội",
        recorded_by=by,
    )
    spots = [places[i % len(places)] for i in range(count)]
    people = Person.objects.bulk_create(
        Person(
            unit=units[i % len(units)],
            full_name=f"{NAMES[i % len(NAMES)]} {i + 1}",
            rank=Rank.CAPTAIN,
            position="Trợ lý",
        )
        for i, (_bloc, units) in enumerate(spots)
    )
    proposals = [
        Proposal(
            award=award,
            bloc=bloc,
            year=YEAR,
            unit=person.unit,
            person=person,
            nominated_by=by,
            status=ProposalStatus.DECIDED,
            achievement="Hoàn thành xuất sắc nhiệm vụ",
            decision=made,
            decision_order=i + 1,
        )
        for i, ((bloc, _units), person) in enumerate(zip(spots, people, strict=True))
    ]
    Proposal.objects.bulk_create(proposals, batch_size=1000)
    return made


def timed(client: Client, url: str, rounds: int, *, fresh: bool) -> tuple[float, int]:
    """Median seconds of ``rounds`` requests, and the queries of the last one."""
    client.get(url)  # warm: templates, translations, the cached check
    times = []
    for _ in range(rounds):
        if fresh:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    return statistics.median(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--blocs", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15)
    options = parser.parse_args()
    setup_test_environment()  # the test client's host is allowed
    call_command("migrate", verbosity=0)
    command = Command.objects.create(name="Bộ Tổng Tham mưu")
    blocs = [bloc_with_units(command, n + 1, 5) for n in range(options.blocs)]
    reviewer = user("reviewer", kind=RoleKind.REVIEWER, command=command)
    secretariat = user("secretariat", kind=RoleKind.SECRETARIAT, unit=blocs[0][1][0])
    one = decision("1/QĐ-LĐ", blocs[:1], options.recipients, reviewer)
    spread = decision("2/QĐ-LĐ", blocs, options.recipients, reviewer)
    for n in range(30):  # the anchor's list has a full page
        decision(f"{n + 3}/QĐ-LĐ", blocs[:1], 1, reviewer)

    clients = {}
    for name, who in (("secretariat", secretariat), ("reviewer", reviewer)):
        clients[name] = Client()
        clients[name].force_login(who)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(
        f"{engine}, cache {cache_backend}; {options.recipients} recipients; "
        f"median of {options.rounds}"
    )
    anchor, anchor_queries = timed(
        clients["secretariat"], reverse("certificates:decisions"), options.rounds, fresh=False
    )
    print(f"anchor, the decision list (25 rows): {anchor * 1000:.0f} ms, {anchor_queries} queries")
    pages = [
        ("secretariat, 1 bloc", "secretariat", one),
        (f"reviewer, {options.blocs} blocs", "reviewer", spread),
        ("reviewer, 1 bloc", "reviewer", one),
    ]
    for label, actor, made in pages:
        url = reverse("certificates:decision", args=[made.pk])
        for fresh in (False, True):
            seconds, queries = timed(clients[actor], url, options.rounds, fresh=fresh)
            check = "check made afresh" if fresh else "check cached"
            print(
                f"decision page, {label}, {check}: {seconds * 1000:.0f} ms "
                f"({seconds / anchor:.2f} × the anchor; target ≤ 2), {queries} queries",
                flush=True,
            )


if __name__ == "__main__":
    try:
        main()
    finally:
        from django.db import connections

        connections.close_all()
        if SERVER_URL:
            database_drop(DATABASE)
        shutil.rmtree(WORK, ignore_errors=True)

"""The fixed cost of a request: what every page pays before it does anything of its own.

A query belongs to the fixed cost when it comes from the session, the user, the second factor,
the permission scope or the bell (found by the code that issued it); what remains is the
page's own work, locked by each app's query-count tests.
"""

from __future__ import annotations

import datetime
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.accounts.test_two_factor import enrol, log_in
from tests.conftest import World

# Where each kind of fixed query is issued from: the innermost of these frames wins, unless
# code of the project's own (a view, a selector, a template tag) or Django's request handler
# comes first: then the query is the page's own work.
HANDLER = "django/core/handlers/"
PROJECT = str(settings.BASE_DIR)
SOURCES = {
    "session": ("accounts/sessions.py", "qsessions/", "django/contrib/sessions/"),
    "user": ("django/contrib/auth/__init__.py", "django/contrib/auth/backends.py"),
    "second factor": ("django_otp/",),
    "scope": ("blocs/scope.py",),
    "bell": ("accounts/notifications.py",),
}
FIXED_MAX = 6
PING_MAX = 3


def _source(stack: list[traceback.FrameSummary]) -> str:
    for frame in reversed(stack):
        for kind, paths in SOURCES.items():
            if any(path in frame.filename for path in paths):
                return kind
        if HANDLER in frame.filename or _project_code(frame.filename):
            return "page"
    return "page"


def _project_code(filename: str) -> bool:
    return filename.startswith(PROJECT) and "/.venv/" not in filename


@contextmanager
def queries_by_source() -> Iterator[list[tuple[str, str]]]:
    """(source, SQL) of every query run inside the block."""
    seen: list[tuple[str, str]] = []

    def record(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        seen.append((_source(traceback.extract_stack()[:-1]), sql))  # not this frame
        return execute(sql, *args)

    with connection.execute_wrapper(record):
        yield seen


def fixed(queries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(source, sql) for source, sql in queries if source != "page"]


def test_the_health_ping_costs_at_most_three_queries(world: World) -> None:
    for client in (Client(), world.client("secretariat")):
        client.get(reverse("dashboard"))  # a signed-in browser has its session already
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("health"))
        assert len(queries) <= PING_MAX, [q["sql"] for q in queries]


REPRESENTATIVE = {
    "admin": "admin:audit_auditevent_changelist",
    "secretariat": "blocs:bloc_list",
    "commander": "dashboard",
    "reviewer": "awards:proposal_list",
    "superior": "blocs:unit_list",
}


@pytest.mark.parametrize("actor", REPRESENTATIVE)
def test_each_roles_page_pays_at_most_six_queries_before_its_own_work(
    world: World, actor: str
) -> None:
    client = world.client(actor)
    url = reverse(REPRESENTATIVE[actor])
    client.get(url)
    with queries_by_source() as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(fixed(queries)) <= FIXED_MAX, fixed(queries)
    sources = [source for source, _ in fixed(queries)]
    assert sources.count("session") == 1  # read, not written back on every request
    assert sources.count("user") == 1
    assert "second factor" not in sources


@pytest.mark.parametrize("actor", ["secretariat", "commander"])
def test_a_session_verified_by_a_device_pays_no_query_for_it(
    world: World, settings: object, actor: str
) -> None:
    settings.PORTAL_REQUIRE_2FA = True
    client, _ = log_in(actor)
    enrol(client)
    url = reverse(REPRESENTATIVE[actor])
    client.get(url)
    with queries_by_source() as queries:
        response = client.get(url)
    assert response.status_code == 200  # verified: the page, not the code page
    assert len(fixed(queries)) <= FIXED_MAX, fixed(queries)
    assert "second factor" not in [source for source, _ in queries]


def test_the_admin_pays_nothing_for_the_bell_and_the_menus_it_does_not_show(
    world: World,
) -> None:
    client = world.client("admin")
    url = reverse("admin:index")
    client.get(url)
    with queries_by_source() as queries:
        assert client.get(url).status_code == 200
    assert [source for source, _ in fixed(queries)] == ["session", "user"]


def test_activity_refreshes_the_session_at_most_once_a_minute(world: World) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client, _ = log_in("commander")
        url = reverse("blocs:unit_list")
        writes = []
        for _ in range(4):  # four requests within the minute after the login
            clock.shift(datetime.timedelta(seconds=12))
            with queries_by_source() as queries:
                client.get(url)
            writes.append(sum(sql.startswith("UPDATE") for source, sql in fixed(queries)))
        clock.shift(datetime.timedelta(seconds=13))  # a minute on
        with queries_by_source() as queries:
            client.get(url)
    assert writes == [0, 0, 0, 0]
    assert sum(sql.startswith("UPDATE") for _, sql in fixed(queries)) == 1

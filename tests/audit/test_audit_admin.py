"""The audit log in the admin, built to stay fast at a million entries: no full count, a date
range instead of the date hierarchy, filters with fixed choices, searches that read an index;
the export lists what the page listed."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.context import client_ip
from audit.models import AuditEvent
from audit.selectors import AuditCount
from audit.services import audit_record
from tests.conftest import World
from tests.factories import PASSWORD

CHANGELIST = "admin:audit_auditevent_changelist"
TZ = timezone.get_default_timezone()


def listed(page: Any) -> list[str]:
    """The actions of the listed entries, newest first."""
    return [cell.get_text(strip=True) for cell in page.html.select("#result_list td.field-action")]


def seqs(page: Any) -> list[int]:
    return [int(cell.get_text(strip=True)) for cell in page.html.select("#result_list tbody th")]


def log_in(username: str, password: str = PASSWORD, address: str = "10.0.0.1") -> None:
    Client().post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def week(world: World) -> dict[str, int]:
    """Logins, a failed one and a refusal on five days of March, through the login page and a
    forbidden page; the refusal at 6:00 on the 7th in Hanoi, still the 6th in UTC."""
    days = {}
    for day, username in [(2, "secretariat"), (4, "commander"), (6, "reviewer"), (9, "admin")]:
        moment = datetime.datetime(2026, 3, day, 9, 0, tzinfo=TZ)
        with time_machine.travel(moment, tick=False):
            log_in(username, address=f"10.0.0.{day}")
            days[username] = day
    with time_machine.travel(datetime.datetime(2026, 3, 4, 23, 30, tzinfo=TZ), tick=False):
        log_in("commander", password="wrong", address="10.0.0.99")
    with time_machine.travel(datetime.datetime(2026, 3, 7, 6, 0, tzinfo=TZ), tick=False):
        world.client("commander").get(reverse("blocs:bloc_update", args=[world.bloc.pk]))
    return days


def test_the_first_page_lists_the_newest_entries_with_an_exact_count(
    world: World, week: dict[str, int], django_app: Any
) -> None:
    page = django_app.get(reverse(CHANGELIST), user="admin")
    total = AuditEvent.objects.count()
    assert seqs(page) == sorted(AuditEvent.objects.values_list("seq", flat=True), reverse=True)
    assert f"{total} " in page.html.select_one("p.paginator").get_text()


def test_the_list_asks_no_distinct_values_and_counts_nothing_whole(
    world: World, week: dict[str, int]
) -> None:
    client = world.client("admin")
    url = reverse(CHANGELIST)
    client.get(url)
    for query in ("", "?q=nguyen", "?kind=denied", "?since=2026-03-01&until=2026-03-05"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url + query).status_code == 200
        sql = " ".join(q["sql"] for q in queries).upper()
        assert "DISTINCT" not in sql and "DATE_TRUNC" not in sql and "STRFTIME" not in sql
        counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
        assert all("LIMIT" in count.upper() for count in counts), counts
        assert len(queries) <= 6, [q["sql"] for q in queries]


def test_the_date_range_keeps_the_days_from_and_to(
    world: World, week: dict[str, int], django_app: Any
) -> None:
    page = django_app.get(reverse(CHANGELIST), user="admin")
    form = page.forms["date-range-filter"]
    form["since"], form["until"] = "2026-03-04", "2026-03-06"
    result = form.submit()
    in_range = AuditEvent.objects.filter(
        at__gte=datetime.datetime(2026, 3, 4, tzinfo=TZ),
        at__lt=datetime.datetime(2026, 3, 7, tzinfo=TZ),
    )
    # A range of days is listed by time, newest first (read along the index on the time).
    assert seqs(result) == list(in_range.order_by("-at", "-seq").values_list("seq", flat=True))
    assert sorted(listed(result)) == ["auth.login", "auth.login", "auth.login_failed"]


def test_the_kind_filter_offers_fixed_choices_and_keeps_the_refusals(
    world: World, week: dict[str, int], django_app: Any
) -> None:
    page = django_app.get(reverse(CHANGELIST), user="admin")
    result = page.click(href="kind=denied")  # "Truy cập bị từ chối"
    assert set(listed(result)) == {"access.denied"}
    logins = page.click(href="kind=login")  # "Đăng nhập và xác thực lại"
    assert set(listed(logins)) == {"auth.login", "auth.login_failed"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("auth.login", {"auth.login", "auth.login_failed"}),  # the start of an action
        ("10.0.0.99", {"auth.login_failed"}),  # an address, exactly
        ("commander", {"auth.login", "auth.login_failed", "access.denied"}),  # a user's words
    ],
)
def test_a_search_finds_by_action_address_or_words(
    world: World, week: dict[str, int], django_app: Any, query: str, expected: set[str]
) -> None:
    page = django_app.get(reverse(CHANGELIST), user="admin")
    form = page.forms["changelist-search"]
    form["q"] = query
    assert set(listed(form.submit())) == expected


def test_a_search_by_number_finds_that_entry(
    world: World, week: dict[str, int], django_app: Any
) -> None:
    wanted = AuditEvent.objects.get(action="access.denied")
    page = django_app.get(reverse(CHANGELIST), user="admin")
    form = page.forms["changelist-search"]
    form["q"] = f"#{wanted.seq}"
    assert seqs(form.submit()) == [wanted.seq]


def test_a_large_result_says_more_than_instead_of_counting_it(
    world: World, week: dict[str, int], django_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(AuditCount, "cap", 2)
    page = django_app.get(reverse(CHANGELIST), user="admin")
    form = page.forms["changelist-search"]
    form["q"] = "auth.login"
    result = form.submit()
    assert len(listed(result)) == AuditEvent.objects.filter(action__startswith="auth.").count()
    assert "Hơn 2 mục" in result.html.select_one("p.paginator").get_text()  # "More than 2"


@pytest.mark.parametrize("cap", [2, 1000])
def test_a_word_search_lists_its_entries_newest_first_however_many_match(
    world: World,
    week: dict[str, int],
    django_app: Any,
    monkeypatch: pytest.MonkeyPatch,
    cap: int,
) -> None:
    """Few matches are listed by their numbers, more than the cap by walking back the log:
    the same entries in the same order either way."""
    monkeypatch.setattr(AuditCount, "cap", cap)
    page = django_app.get(reverse(CHANGELIST), user="admin")
    form = page.forms["changelist-search"]
    form["q"] = "COMMANDER"
    result = form.submit()
    newest_first = AuditEvent.objects.order_by("-seq")
    assert seqs(result) == [e.seq for e in newest_first if "commander" in e.search_text]
    assert len(seqs(result)) > 2  # more than the smaller cap
    assert ("Hơn 2 mục" in result.html.select_one("p.paginator").get_text()) == (cap == 2)
    if connection.vendor == "postgresql":  # the walk back leaves the planner as it was
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_bitmapscan')")
            assert cursor.fetchone() == ("on",)


def test_the_export_holds_what_the_filtered_list_shows(
    world: World, week: dict[str, int], django_app: Any
) -> None:
    page = django_app.get(reverse(CHANGELIST), user="admin")
    form = page.forms["date-range-filter"]
    form["since"] = form["until"] = "2026-03-04"
    logins = form.submit().click(href="kind=login")
    export = logins.click(href=reverse("audit:export"))
    rows = list(csv.DictReader(io.StringIO(export.text.lstrip("\ufeff"))))
    assert sorted(int(row["seq"]) for row in rows) == sorted(seqs(logins))
    assert {row["action"] for row in rows} == {"auth.login", "auth.login_failed"}


def test_an_address_is_searched_as_typed_in_ipv6_too(world: World, django_app: Any) -> None:
    token = client_ip.set("2001:db8::7")
    try:
        audit_record(action="unit.update", actor=world.users["admin"], target=world.member_unit)
    finally:
        client_ip.reset(token)
    page = django_app.get(reverse(CHANGELIST), user="admin")
    form = page.forms["changelist-search"]
    form["q"] = "2001:DB8:0::7"
    assert listed(form.submit()) == ["unit.update"]

"""The progress page's targets and results as a workbook: what a secretariat forwards."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pledges.models import Pledge
from pledges.progress import target_report_progress
from tests.conftest import World
from tests.factories import TargetFactory
from tests.sheets import exported, table, workbook


def reported(world: World, pledge: Pledge, value: str) -> None:
    """The member unit's commander reports ``value`` on its target, through the service."""
    target = pledge.targets.get(unit=world.member_unit)
    target_report_progress(
        user=world.users["commander"],
        target=target,
        achieved_value=Decimal(value),
        narrative="Đã huấn luyện 3 đợt",
        files=[],
    )


def test_secretariat_downloads_every_units_targets_with_their_results(
    world: World, signed_pledge: Pledge, django_app: object
) -> None:
    reported(world, signed_pledge, "85.5")
    url = reverse("pledges:progress", args=[signed_pledge.pk])

    book = exported(django_app, url, user="secretariat", link="progress-export")

    header, rows = table(book["Chỉ tiêu và kết quả"])
    assert header[:3] == ["TT", "Đơn vị", "Mục tiêu"]
    assert "Kết quả đạt được" in header and "Thời hạn" in header
    by_unit = {row[1].value: row for row in rows}
    assert set(by_unit) == {world.leader_unit.name, world.member_unit.name}
    member = dict(zip(header, by_unit[world.member_unit.name], strict=True))
    assert member["Kết quả đạt được"].value == 85.5
    assert member["Kết quả đạt được"].data_type == "n"
    assert member["Thời hạn"].is_date
    assert member["Giá trị chỉ tiêu"].data_type == "n"
    assert member["Đánh giá"].value == "Đã đạt"
    assert (
        dict(zip(header, by_unit[world.leader_unit.name], strict=True))["Kết quả đạt được"].value
        is None
    )


def test_a_commander_downloads_only_their_units_targets(
    world: World, signed_pledge: Pledge, django_app: object
) -> None:
    url = reverse("pledges:progress", args=[signed_pledge.pk])

    book = exported(django_app, url, user="commander", link="progress-export")

    _header, rows = table(book.worksheets[0])
    assert [row[1].value for row in rows] == [world.member_unit.name]


@pytest.mark.parametrize("actor", ["other_secretariat", "other_commander", "unscoped"])
def test_another_blocs_users_get_no_workbook(
    world: World, signed_pledge: Pledge, actor: str
) -> None:
    url = reverse("pledges:progress_export", args=[signed_pledge.pk])
    assert world.client(actor).get(url).status_code == 404


def test_anonymous_is_sent_to_log_in(world: World, signed_pledge: Pledge) -> None:
    url = reverse("pledges:progress_export", args=[signed_pledge.pk])
    response = world.client("anonymous").get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_export_queries_do_not_grow_with_the_targets(world: World, signed_pledge: Pledge) -> None:
    url = reverse("pledges:progress_export", args=[signed_pledge.pk])
    client = world.client("secretariat")

    def grow(n: int) -> None:
        for _ in range(n):
            TargetFactory(pledge=signed_pledge, deadline=datetime.date(2026, 11, 30))

    grow(2)
    with CaptureQueriesContext(connection) as small:
        body = b"".join(client.get(url).streaming_content)
    grow(20)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)
    assert workbook(body).worksheets[0].max_row > 4

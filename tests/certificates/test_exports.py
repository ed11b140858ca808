"""A decision's recipients with their certificates' serial numbers, as the workbook its page
offers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import proposals
from awards.models import AwardDecision
from certificates.services import certificates_issue
from tests.conftest import World
from tests.sheets import exported, table, workbook


def rows(book: Any, name: str) -> list[dict[str, Any]]:
    header, cells = table(book[name])
    return [dict(zip(header, row, strict=True)) for row in cells]


def test_the_recipients_download_in_the_decisions_order_with_their_serials(
    world: World, make_decision: Callable[..., AwardDecision], django_app: Any
) -> None:
    decision = make_decision(3)
    recipients = list(decision.recipients.order_by("decision_order"))
    issued = certificates_issue(
        user=world.users["reviewer"], decision=decision, proposals=recipients[:2]
    )
    proposals.proposal_revoke(
        user=world.users["reviewer"], proposal=recipients[1], reason="Khai man"
    )
    url = reverse("certificates:decision", args=[decision.pk])

    book = exported(django_app, url, user="secretariat", link="recipients-export")

    assert book.sheetnames == [world.bloc.name]
    assert book.worksheets[0]["A1"].value == "Quyết định số 1234/QĐ-LĐ ngày 20/12/2026"
    first, second, third = rows(book, world.bloc.name)
    assert [r["TT"].value for r in (first, second, third)] == [1, 2, 3]
    names = [r["Họ và tên / Tên đơn vị"].value for r in (first, second, third)]
    assert names == [p.person.full_name for p in recipients]
    assert first["Cấp bậc"].value == "Đại úy"
    assert first["Số hiệu"].value == issued[0].serial
    assert first["Thời điểm cấp"].is_date
    assert second["Ghi chú"].value == "Đã thu hồi"
    assert third["Số hiệu"].value is None


@pytest.mark.parametrize("actor", ["other_secretariat", "other_commander", "other_reviewer"])
def test_another_blocs_users_get_no_recipients(
    world: World, make_decision: Callable[..., AwardDecision], actor: str
) -> None:
    url = reverse("certificates:decision_export", args=[make_decision(1).pk])
    assert world.client(actor).get(url).status_code == 404
    anonymous = world.client("anonymous").get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_export_queries_do_not_grow_with_the_recipients(
    world: World, make_decision: Callable[..., AwardDecision]
) -> None:
    client = world.client("reviewer")
    small_decision = make_decision(2, number="1/QĐ-LĐ")
    large_decision = make_decision(12, number="2/QĐ-LĐ")
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("certificates:decision_export", args=[small_decision.pk]))
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("certificates:decision_export", args=[large_decision.pk]))
    assert len(large) == len(small)
    book = workbook(b"".join(response.streaming_content))
    assert len(rows(book, world.bloc.name)) == 12

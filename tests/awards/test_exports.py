"""The list of nominees (danh sách đề nghị khen thưởng) and the award histories as workbooks."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from awards import history
from awards.models import AwardRule, AwardType
from awards.rules import awards_ensure
from blocs.models import Rank
from tests.certificates.conftest import decision_create, submitted
from tests.conftest import YEAR, World
from tests.factories import PersonFactory, ProposalFactory
from tests.sheets import XLSX, exported, table, workbook

OFFICIAL = [
    "TT",
    "Họ và tên / Tên đơn vị",
    "Cấp bậc",
    "Chức vụ",
    "Đơn vị",
    "Hình thức / danh hiệu đề nghị",
    "Tóm tắt thành tích",
    "Ghi chú",
]


@pytest.fixture(autouse=True)
def _catalogue(db: None) -> None:
    awards_ensure(AwardType, AwardRule)


def cells(book: Any, name: str) -> list[dict[str, Any]]:
    header, rows = table(book[name])
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_filtered_list_downloads_with_the_official_columns_and_its_decision(
    world: World, django_app: Any
) -> None:
    decision = decision_create(world, 2)
    waiting = PersonFactory(unit=world.member_unit, full_name="Hoàng Minh Khôi")
    submitted(world, person=waiting, achievement='=HYPERLINK("http://x","Bấm")')
    url = reverse("awards:proposal_list") + "?" + urlencode({"status": "decided"})

    book = exported(django_app, url, user="secretariat", link="proposal-export")

    header, _rows = table(book["Hồ sơ đề nghị khen thưởng"])
    assert header[:8] == OFFICIAL
    assert book.worksheets[0]["A1"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    rows = cells(book, "Hồ sơ đề nghị khen thưởng")
    assert len(rows) == 2  # the page's filter: decided only
    first = rows[0]
    assert first["Họ và tên / Tên đơn vị"].value in {
        p.person.full_name for p in decision.recipients.all()
    }
    assert first["Cấp bậc"].value == "Đại úy"
    assert first["Đơn vị"].value == world.member_unit.name
    assert first["Hình thức / danh hiệu đề nghị"].value == "Giấy khen"
    assert first["Năm"].value == YEAR and first["Năm"].data_type == "n"
    assert first["Trạng thái"].value == "Đã có quyết định khen thưởng"
    assert first["Số quyết định"].value == "1234/QĐ-LĐ"
    assert first["Ngày ký quyết định"].is_date
    assert first["Ngày ký quyết định"].value.date() == datetime.date(2026, 12, 20)


def test_a_search_narrows_the_download_and_a_typed_formula_stays_text(
    world: World, django_app: Any
) -> None:
    decision_create(world, 1)
    waiting = PersonFactory(unit=world.member_unit, full_name="Hoàng Minh Khôi")
    submitted(world, person=waiting, achievement='=HYPERLINK("http://x","Bấm")')
    url = reverse("awards:proposal_list") + "?" + urlencode({"q": "hoang minh"})

    book = exported(django_app, url, user="secretariat", link="proposal-export")

    (row,) = cells(book, "Hồ sơ đề nghị khen thưởng")
    assert row["Họ và tên / Tên đơn vị"].value == "Hoàng Minh Khôi"
    assert row["Tóm tắt thành tích"].value == '=HYPERLINK("http://x","Bấm")'
    assert row["Tóm tắt thành tích"].data_type == "s"
    assert row["Số quyết định"].value is None


@pytest.mark.parametrize("actor", ["other_secretariat", "other_commander", "unscoped"])
def test_another_blocs_users_download_none_of_the_blocs_proposals(world: World, actor: str) -> None:
    decision_create(world, 1)
    response = world.client(actor).get(reverse("awards:proposal_export"))
    assert response["Content-Type"] == XLSX
    book = workbook(b"".join(response.streaming_content))
    assert cells(book, "Hồ sơ đề nghị khen thưởng") == []


def test_anonymous_is_sent_to_log_in(world: World) -> None:
    response = world.client("anonymous").get(reverse("awards:proposal_export"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_proposal_export_queries_do_not_grow_with_the_rows(world: World) -> None:
    client, url = world.client("secretariat"), reverse("awards:proposal_export")
    award = AwardType.objects.get(code="giay-khen")
    ProposalFactory.create_batch(2, award=award, bloc=world.bloc, unit=world.member_unit)
    with CaptureQueriesContext(connection) as small:
        b"".join(client.get(url).streaming_content)
    ProposalFactory.create_batch(40, award=award, bloc=world.bloc, unit=world.member_unit)
    with CaptureQueriesContext(connection) as large:
        body = b"".join(client.get(url).streaming_content)
    assert len(large) == len(small)
    assert len(cells(workbook(body), "Hồ sơ đề nghị khen thưởng")) == 42


def recorded(world: World, *, person: object | None, code: str, number: str) -> object:
    """An award decided outside the portal, as the secretariat records it."""
    return history.award_record_add(
        user=world.users["secretariat"],
        award=AwardType.objects.get(code=code),
        year=YEAR - 1,
        unit=world.member_unit,
        person=person,
        decision_number=number,
        decision_date=datetime.date(YEAR - 1, 12, 15),
        authority=world.command.name,
    )


def test_the_units_history_downloads_its_own_and_its_peoples_awards(
    world: World, django_app: Any
) -> None:
    decision_create(world, 1)
    record = recorded(world, person=None, code="don-vi-tien-tien", number="15/QĐ-BTL")
    history.award_record_revoke(
        user=world.users["secretariat"],
        record=record,
        on=datetime.date(YEAR, 3, 1),
        reason="Hồ sơ không trung thực",
    )
    soldier = PersonFactory(unit=world.member_unit, full_name="Vũ Thị Lan", rank=Rank.SERGEANT)
    recorded(world, person=soldier, code="chien-si-tien-tien", number="16/QĐ-BTL")
    url = reverse("awards:unit_history", args=[world.member_unit.pk])

    book = exported(django_app, url, user="secretariat", link="history-export")

    (own,) = cells(book, "Khen thưởng của đơn vị")
    assert own["Năm"].value == YEAR - 1
    assert own["Danh hiệu hoặc hình thức khen thưởng"].value == "Đơn vị tiên tiến"
    assert own["Ngày ký quyết định"].value.date() == datetime.date(YEAR - 1, 12, 15)
    assert own["Đã thu hồi"].value == "Có"
    people = cells(book, "Khen thưởng của cá nhân")
    assert [row["Năm"].value for row in people] == [YEAR, YEAR - 1]  # newest first
    assert people[1]["Họ và tên"].value == "Vũ Thị Lan"
    assert people[1]["Cấp bậc"].value == "Trung sĩ"
    assert people[0]["Số quyết định"].value == "1234/QĐ-LĐ"
    assert people[0]["Đã thu hồi"].value == "Không"


def test_a_persons_history_downloads_from_their_page(world: World, django_app: Any) -> None:
    soldier = PersonFactory(unit=world.member_unit, full_name="Vũ Thị Lan")
    recorded(world, person=soldier, code="chien-si-tien-tien", number="16/QĐ-BTL")
    url = reverse("awards:person_history", args=[soldier.pk])

    book = exported(django_app, url, user="commander", link="history-export")

    (row,) = cells(book, "Quá trình khen thưởng")
    assert row["Danh hiệu hoặc hình thức khen thưởng"].value == "Chiến sĩ tiên tiến"
    assert "Vũ Thị Lan" in book.worksheets[0]["A1"].value


@pytest.mark.parametrize("actor", ["other_secretariat", "other_commander", "unscoped"])
def test_another_blocs_users_get_no_history(world: World, actor: str) -> None:
    soldier = PersonFactory(unit=world.member_unit)
    client = world.client(actor)
    unit_url = reverse("awards:unit_history_export", args=[world.member_unit.pk])
    person_url = reverse("awards:person_history_export", args=[soldier.pk])
    assert client.get(unit_url).status_code == 404
    assert client.get(person_url).status_code == 404
    anonymous = world.client("anonymous").get(unit_url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]

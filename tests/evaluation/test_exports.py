"""The ranking with its breakdown and a ballot's count, as the workbooks their pages offer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluation import ballots, scoring
from evaluation.models import CriteriaTable, VotingRule
from tests.conftest import World
from tests.evaluation.conftest import ballot_voted
from tests.sheets import exported
from tests.sheets import table as sheet_table

POINTS = [[50, 30, 0, 0], [50, 30, 0, 0], [60, 40, 0, 0], [40, 20, 5, 0], [40, 30, 0, 10]]


def scored(world: World, table_: CriteriaTable, units: list) -> None:
    """Each of the five units' commanders scores and submits, through the service."""
    criteria = list(table_.criteria.order_by("order"))
    for i, points in enumerate(POINTS):
        sheet = scoring.sheet_get_or_create(table=table_, unit=units[i])
        values = {c.pk: (Decimal(p), "") for c, p in zip(criteria, points, strict=True)}
        scoring.score_self_save(
            user=world.users[f"commander_{i}"], sheet=sheet, values=values, submit=True
        )


def test_secretariat_downloads_the_ranking_with_points_by_group(
    world: World, table: CriteriaTable, bloc_of_five: list, django_app: object
) -> None:
    scored(world, table, bloc_of_five)
    url = reverse("evaluation:ranking", args=[table.pk])

    book = exported(django_app, url, user="secretariat", link="ranking-export")

    sheet = book["Xếp hạng"]
    assert sheet["A2"].value == "Chưa công bố: điểm số còn có thể thay đổi."
    header, rows = sheet_table(sheet)
    assert header == [
        "Hạng",
        "Đồng hạng",
        "Đơn vị",
        "Nhiệm vụ chính trị",
        "Xây dựng đơn vị",
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
        "Số bậc tăng so với năm trước",
    ]
    values = [[cell.value for cell in row] for row in rows]
    assert values[0] == [1, None, bloc_of_five[2].name, 60, 40, 0, 0, 100, None]
    assert {tuple(v[:2]) for v in values[1:3]} == {(2, "Có")}
    assert values[3][0] == 4 and values[3][7] == 65  # the bonus capped at 5
    assert all(row[7].data_type == "n" for row in rows)


def test_before_publication_a_commander_downloads_only_their_units_row(
    world: World, table: CriteriaTable, bloc_of_five: list, django_app: object
) -> None:
    scored(world, table, bloc_of_five)
    url = reverse("evaluation:ranking", args=[table.pk])

    book = exported(django_app, url, user="commander", link="ranking-export")

    _header, rows = sheet_table(book["Xếp hạng"])
    assert [row[2].value for row in rows] == [world.member_unit.name]


def counted(world: World, rule: VotingRule, units: list) -> object:
    """Units 1 to 4 of five vote for unit 0 (of two candidates); the secretariat counts."""
    ballot = ballot_voted(world, rule, units, [units[0], units[1]])
    return ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)


def test_secretariat_downloads_the_count_with_shares_and_thresholds(
    world: World, rule: VotingRule, bloc_of_five: list, django_app: object
) -> None:
    ballot = counted(world, rule, bloc_of_five)
    url = reverse("evaluation:ballot_detail", args=[ballot.pk])

    book = exported(django_app, url, user="secretariat", link="ballot-export")

    count = book["Kết quả kiểm phiếu"]
    assert count["A1"].value == "Suy tôn Cờ thi đua"
    assert "4 trên tổng số 5 đơn vị thành viên đã bỏ phiếu" in count["A4"].value
    header, rows = sheet_table(count)
    first, second = (dict(zip(header, row, strict=True)) for row in rows)
    assert first["Đơn vị được đề cử"].value == bloc_of_five[0].name
    assert first["Số phiếu"].value == 4 and first["Số phiếu"].data_type == "n"
    assert first["Tỷ lệ trên tổng số đơn vị thành viên"].value == 0.8
    assert first["Tỷ lệ trên tổng số đơn vị thành viên"].number_format.endswith("%")
    assert first["Tỷ lệ trên số đơn vị đã bỏ phiếu"].value == 1
    assert first["Số phiếu tối thiểu cần đạt"].value == 4  # at least 7/10 of 5 members
    assert (first["Đạt tỷ lệ suy tôn"].value, first["Kết quả"].value) == ("Có", "Được suy tôn")
    assert (second["Số phiếu"].value, second["Đạt tỷ lệ suy tôn"].value) == (0, "Không")
    _header, roll = sheet_table(book["Tình hình bỏ phiếu"])
    assert {row[0].value: row[1].value for row in roll}[bloc_of_five[0].name] == "Không"
    assert sum(row[1].value == "Có" for row in roll) == 4


def test_an_open_ballot_has_no_count_to_download(
    world: World, rule: VotingRule, bloc_of_five: list
) -> None:
    ballot = ballot_voted(world, rule, bloc_of_five, [bloc_of_five[0]])
    url = reverse("evaluation:ballot_export", args=[ballot.pk])
    assert world.client("secretariat").get(url).status_code == 404


@pytest.mark.parametrize(
    "actor", ["other_secretariat", "other_commander", "other_reviewer", "unscoped"]
)
def test_another_blocs_users_get_no_ranking_or_count(
    world: World, rule: VotingRule, table: CriteriaTable, bloc_of_five: list, actor: str
) -> None:
    scored(world, table, bloc_of_five)
    ballot = counted(world, rule, bloc_of_five)
    client = world.client(actor)
    assert client.get(reverse("evaluation:ranking_export", args=[table.pk])).status_code == 404
    assert client.get(reverse("evaluation:ballot_export", args=[ballot.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in(world: World, table: CriteriaTable) -> None:
    response = world.client("anonymous").get(reverse("evaluation:ranking_export", args=[table.pk]))
    assert response.status_code == 302 and "login" in response["Location"]

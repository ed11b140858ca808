"""Statistics for the command: a year's figures per bloc, side by side, as tables, charts and a
workbook; only the blocs the user reads as secretariat or command."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse

from awards import history
from awards.models import AwardType
from blocs.models import Bloc
from pledges import progress, services
from tests.archive.test_archive import rows, text, workbook
from tests.conftest import YEAR, World, leader_commander_create
from tests.factories import PASSWORD, BlocFactory, MembershipFactory, UnitFactory
from tests.pledges.conftest import draft_pledge


def cells(page: Any, table: str) -> list[list[str]]:
    return [
        [" ".join(cell.get_text(" ").split()) for cell in row.select("th, td")]
        for row in page.html.select(f"#{table} tbody tr")
    ]


@pytest.fixture
def second_bloc(world: World) -> Bloc:
    """Another bloc of the same command, with one unit in the year."""
    bloc = BlocFactory(command=world.command, name="Khối thi đua số 5")
    MembershipFactory(bloc=bloc, unit=UnitFactory(name="Trung đoàn 600"), year=YEAR)
    return bloc


def test_the_year_s_figures_of_the_bloc(year: World, django_app: Any) -> None:
    """The summary's year: Giấy khen three approved, two held and one revoked after its
    decision; Bằng khen one rejected and one waiting (the draft is no proposal yet); scores
    95.5 and 81."""
    page = django_app.get(reverse("archive:statistics"), user="reviewer")

    name = year.bloc.name
    assert cells(page, "statistics-summary") == [[name, "2", "5", "3", "2", "1"]]
    assert cells(page, "statistics-awards") == [
        [name, "Bằng khen của Tổng Tham mưu trưởng", "Hình thức khen thưởng", *"20000"],
        [name, "Giấy khen", "Hình thức khen thưởng", *"33201"],
    ]
    assert cells(page, "statistics-scores") == [[name, "0", "0", "0", "1", "1", "0"]]
    assert "Số đơn vị theo khoảng điểm: " + name in page.text  # its chart


def test_an_award_recorded_from_outside_the_portal_counts_for_the_unit_s_bloc(
    world: World, award_catalogue: None, django_app: Any
) -> None:
    history.award_record_add(
        user=world.users["secretariat"],
        award=AwardType.objects.get(code="don-vi-tien-tien"),
        year=YEAR,
        unit=world.member_unit,
        person=None,
        decision_number="5/QĐ-BTL",
        decision_date=datetime.date(YEAR, 1, 10),
        authority=world.command.name,
    )
    page = django_app.get(reverse("archive:statistics"), user="secretariat")

    assert cells(page, "statistics-summary") == [[world.bloc.name, "2", "0", "0", "1", "0"]]
    (line,) = cells(page, "statistics-awards")
    assert line[1:] == ["Đơn vị tiên tiến", "Danh hiệu thi đua", *"00010"]


def test_signing_and_reviews_on_time_or_late(world: World, django_app: Any) -> None:
    """Signed by the member unit before the deadline and by the leading unit after it; the
    member unit's mid-year review late, the leading unit's not handed in."""
    leader_commander_create(world)
    pledge = draft_pledge(world)
    services.pledge_update(
        user=world.users["secretariat"],
        pledge=pledge,
        data={
            "title": pledge.title,
            "preamble": "",
            "signing_deadline": datetime.date(YEAR, 3, 31),
            "mid_year_deadline": datetime.date(YEAR, 7, 15),
            "year_end_deadline": datetime.date(YEAR, 12, 5),
        },
    )
    with time_machine.travel(datetime.datetime(YEAR, 3, 20, 9, tzinfo=datetime.UTC)):
        services.pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
        _sign(world, pledge, "commander", world.member_unit)
    with time_machine.travel(datetime.datetime(YEAR, 4, 2, 9, tzinfo=datetime.UTC)):
        _sign(world, pledge, "leader_commander", world.leader_unit)
    pledge.refresh_from_db()
    with time_machine.travel(datetime.datetime(YEAR, 7, 20, 9, tzinfo=datetime.UTC)):
        progress.review_submit(
            user=world.users["commander"],
            pledge=pledge,
            unit=world.member_unit,
            kind="mid_year",
            summary="Hoàn thành 6 tháng đầu năm",
        )
    page = django_app.get(reverse("archive:statistics"), user="superior")

    (row,) = cells(page, "statistics-punctuality")
    assert row == [world.bloc.name, "1 / 1 / 0", "0 / 1 / 1", "0 / 0 / 2", "—"]
    assert "Ký giao ước đúng hạn (%)" in page.text


def _sign(world: World, pledge: object, actor: str, unit: object) -> None:
    services.pledge_sign(
        user=world.users[actor],
        pledge=pledge,
        unit=unit,
        password=PASSWORD,
        otp_code="",
        request=RequestFactory().post("/"),
    )


def test_the_superior_sees_its_blocs_side_by_side_and_may_keep_one(
    world: World, second_bloc: Bloc, django_app: Any
) -> None:
    page = django_app.get(reverse("archive:statistics"), user="superior")
    blocs = [row[0] for row in cells(page, "statistics-summary")]
    assert sorted(blocs) == sorted([world.bloc.name, second_bloc.name])
    assert world.other_bloc.name not in page.text

    form = next(form for form in page.forms.values() if "bloc" in form.fields)
    form["bloc"] = [str(second_bloc.pk)]
    page = form.submit()
    assert cells(page, "statistics-summary") == [[second_bloc.name, "1", "0", "0", "0", "0"]]


def test_the_statistics_export_to_a_workbook(
    year: World, second_bloc: Bloc, django_app: Any
) -> None:
    page = django_app.get(reverse("archive:statistics"), user="reviewer")
    book = workbook(page.click(href=reverse("archive:statistics_export")))

    summary = rows(book["Tổng hợp"])
    assert summary[0][0] == f"Thống kê thi đua, khen thưởng năm {YEAR}"
    assert summary[2] == (
        "Khối",
        "Đơn vị",
        "Đề nghị khen thưởng",
        "Đã phê duyệt",
        "Khen thưởng",
        "Thu hồi",
    )
    assert sorted(summary[3:]) == sorted(
        [(year.bloc.name, 2, 5, 3, 2, 1), (second_bloc.name, 1, 0, 0, 0, 0)]
    )
    awards = rows(book["Theo hình thức và danh hiệu"])
    assert (year.bloc.name, "Giấy khen", "Hình thức khen thưởng", 3, 3, 2, 0, 1) in awards
    assert rows(book["Số đơn vị theo khoảng điểm"])[3:] == [(year.bloc.name, 0, 0, 0, 1, 1, 0)]


# --- Scope --------------------------------------------------------------------------------


def test_another_bloc_s_secretariat_sees_only_its_own(world: World, django_app: Any) -> None:
    page = django_app.get(reverse("archive:statistics"), user="other_secretariat")
    assert [row[0] for row in cells(page, "statistics-summary")] == [world.other_bloc.name]
    tampered = f"{reverse('archive:statistics')}?year={YEAR}&bloc={world.bloc.pk}"
    page = django_app.get(tampered, user="other_secretariat")
    assert world.bloc.name not in text(page)
    export = django_app.get(
        f"{reverse('archive:statistics_export')}?bloc={world.bloc.pk}", user="other_secretariat"
    )
    assert world.bloc.name not in str(rows(workbook(export)["Tổng hợp"]))


@pytest.mark.parametrize("actor", ["commander", "unscoped"])
def test_a_commander_and_a_role_without_scope_are_refused(
    world: World, django_app: Any, actor: str
) -> None:
    for name in ["archive:statistics", "archive:statistics_export"]:
        django_app.get(reverse(name), user=actor, status=403)


def test_anonymous_is_sent_to_log_in(world: World, django_app: Any) -> None:
    response = django_app.get(reverse("archive:statistics_export"), status=302)
    assert "login" in response["Location"]

"""The archive: one search across the years finds a unit or a person, whose page shows what the
portal holds about them, printable and exported as .xlsx; nobody finds what they may not read."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import history
from awards.models import AwardType, Proposal
from blocs.models import Person
from pledges.models import Pledge
from tests.conftest import YEAR, World
from tests.factories import PersonFactory, ProgressReportFactory, TargetFactory


def search(page: Any, query: str) -> Any:
    form = next(form for form in page.forms.values() if "q" in form.fields)
    form["q"] = query
    return form.submit()


def text(page: Any, selector: str = "main") -> str:
    return " ".join(page.html.select_one(selector).get_text(" ").split())


def workbook(response: Any) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(response.body))


def rows(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


def test_search_finds_nguyen_van_duc_typed_without_accents(
    world: World, duc: Person, django_app: Any
) -> None:
    PersonFactory(unit=world.member_unit, full_name="Nguyễn Văn Dũng")
    page = search(django_app.get(reverse("archive:search"), user="secretariat"), "nguyen van duc")

    people = text(page, "#archive-people")
    assert "Nguyễn Văn Đức" in people
    assert "Dũng" not in people
    page = page.click("Nguyễn Văn Đức")
    assert page.request.path == reverse("archive:person", args=[duc.pk])


def test_search_finds_a_unit_by_a_word_of_its_name(world: World, django_app: Any) -> None:
    world.member_unit.name = "Lữ đoàn 144"
    world.member_unit.save(update_fields=["name"])
    page = search(django_app.get(reverse("archive:search"), user="reviewer"), "lu doan")

    assert "Lữ đoàn 144" in text(page, "#archive-units")
    assert page.click("Lữ đoàn 144").request.path == reverse(
        "archive:unit", args=[world.member_unit.pk]
    )


def test_a_person_s_archive_shows_decisions_certificates_and_earlier_awards(
    world: World, duc_awarded: Proposal, django_app: Any
) -> None:
    certificate = duc_awarded.certificate
    page = django_app.get(reverse("archive:person", args=[duc_awarded.person_id]), user="reviewer")

    this_year, year_before = (text(page, f"#year-{y}") for y in (YEAR, YEAR - 1))
    assert "Giấy khen" in this_year
    assert "Đã có quyết định khen thưởng" in this_year  # the outcome
    assert "77/QĐ-LĐ, 20/12/2026" in this_year
    assert certificate.serial in this_year
    assert "Chiến sĩ tiên tiến" in year_before and "15/QĐ-LĐ, 18/12/2025" in year_before


def test_a_person_s_archive_exports_to_a_workbook(
    world: World, duc_awarded: Proposal, django_app: Any
) -> None:
    page = django_app.get(reverse("archive:person", args=[duc_awarded.person_id]), user="reviewer")
    response = page.click(href=reverse("archive:person_export", args=[duc_awarded.person_id]))

    book = workbook(response)
    proposals = rows(book["Đề nghị khen thưởng"])
    assert proposals[0][0].startswith("Hồ sơ lưu trữ: Đại úy Nguyễn Văn Đức")
    header = proposals[3]
    assert header[:4] == ("Năm", "Hình thức khen thưởng", "Đối tượng đề nghị", "Kết quả xét duyệt")
    (line,) = proposals[4:]
    assert line[0] == YEAR and line[1] == "Giấy khen" and line[2] == "Nguyễn Văn Đức"
    assert line[4] == "77/QĐ-LĐ" and line[5].date().isoformat() == "2026-12-20"
    assert line[7] == duc_awarded.certificate.serial
    (recorded,) = rows(book["Khen thưởng ngoài cổng"])[4:]
    assert recorded[:3] == (YEAR - 1, "Chiến sĩ tiên tiến", "15/QĐ-LĐ")


def test_a_unit_s_archive_holds_its_year(year: World, django_app: Any) -> None:
    """The member unit of the summary's year: its targets and results, its score and rank, its
    votes, and (as the leading unit) the bloc's exemplary model."""
    member = django_app.get(reverse("archive:unit", args=[year.member_unit.pk]), user="secretariat")
    shown = text(member, f"#year-{YEAR}")
    assert "Quân số khỏe" in shown and "25" in shown  # reported 25 against 20
    assert "Sáng kiến" in shown and "chưa báo cáo" in shown  # never reported
    assert "Chưa duyệt" not in shown  # a target never accepted is not part of the pledge
    assert "81 điểm, xếp thứ 2/2 trong" in shown  # the last published ranking
    assert "1 phiếu" in shown
    leader = django_app.get(reverse("archive:unit", args=[year.leader_unit.pk]), user="secretariat")
    shown = text(leader, f"#year-{YEAR}")
    assert "95,5 điểm, xếp thứ 1/2" in shown
    assert "2 phiếu · được suy tôn" in shown
    assert "Bếp ăn dã chiến" in shown


def test_a_unit_s_archive_exports_its_scores_and_targets(year: World, django_app: Any) -> None:
    url = reverse("archive:unit", args=[year.leader_unit.pk])
    page = django_app.get(url, user="reviewer")
    book = workbook(page.click(href=reverse("archive:unit_export", args=[year.leader_unit.pk])))

    (score,) = rows(book["Điểm và xếp hạng"])[4:]
    assert score[0] == YEAR and score[2] == 95.5 and score[3] == 1 and score[4] == 2
    targets = rows(book["Chỉ tiêu giao ước"])[4:]
    assert [(t[1], t[3], t[5]) for t in targets] == [
        ("Huấn luyện giỏi", 100, 90),  # the latest report counts
        ("Vụ vi phạm kỷ luật", 5, 4),
    ]
    (ballot,) = rows(book["Bỏ phiếu kín"])[4:]
    assert ballot[1] == "Đề nghị Cờ thi đua" and ballot[3] == 2 and ballot[5] == "có"


def test_the_page_prints_without_menus_or_buttons(world: World, duc: Person, django_app: Any):
    page = django_app.get(reverse("archive:person", args=[duc.pk]), user="secretariat")

    assert page.html.select_one("[data-print]") is not None
    assert page.html.select_one("script[src$='js/print.js']") is not None
    css = django_app.get("/static/css/portal.css").text
    assert "@media print" in css and ".navbar, form, .btn { display: none" in css


# --- Scope: nobody finds what they may not read ----------------------------------------------


@pytest.mark.parametrize("actor", ["other_secretariat", "other_commander", "other_reviewer"])
def test_another_bloc_finds_no_one_and_opens_nothing(
    world: World, duc_awarded: Proposal, django_app: Any, actor: str
) -> None:
    page = search(django_app.get(reverse("archive:search"), user=actor), "nguyen van duc")
    assert "Nguyễn Văn Đức" not in page.text
    person, unit = duc_awarded.person_id, world.member_unit.pk
    for name, pk in [
        ("archive:person", person),
        ("archive:person_export", person),
        ("archive:unit", unit),
        ("archive:unit_export", unit),
    ]:
        assert django_app.get(reverse(name, args=[pk]), user=actor, status=404)


def test_anonymous_is_sent_to_log_in(world: World, duc: Person, django_app: Any) -> None:
    for url in [
        reverse("archive:search") + "?q=nguyen",
        reverse("archive:person", args=[duc.pk]),
        reverse("archive:unit_export", args=[world.member_unit.pk]),
    ]:
        assert "login" in django_app.get(url, status=302)["Location"]


def test_the_superior_reads_its_command_s_archive(
    world: World, duc_awarded: Proposal, django_app: Any
) -> None:
    page = search(django_app.get(reverse("archive:search"), user="superior"), "duc")
    page = page.click("Nguyễn Văn Đức")
    assert duc_awarded.certificate.serial in text(page)


def test_a_commander_reads_the_public_record_of_the_bloc_s_other_unit_only(
    year: World, django_app: Any
) -> None:
    """The leading unit's published rank, its votes and the exemplary model are the bloc's;
    its people, its proposals and its reports are not the member unit commander's to read."""
    leader_person = PersonFactory(unit=year.leader_unit, full_name="Phạm Bá Lộc")
    page = search(django_app.get(reverse("archive:search"), user="commander"), "loc")
    assert "Phạm Bá Lộc" not in text(page, "#archive-people")
    assert django_app.get(
        reverse("archive:person", args=[leader_person.pk]), user="commander", status=404
    )
    page = search(page, "lu doan 144")
    page = page.click("Lữ đoàn 144")
    shown = text(page, f"#year-{YEAR}")
    assert "95,5 điểm, xếp thứ 1/2" in shown
    assert "Bếp ăn dã chiến" in shown
    assert "Huấn luyện giỏi" in shown and "không công khai" in shown  # its target, not its report
    assert "90" not in shown.split("Huấn luyện giỏi")[1].split("Vụ vi phạm")[0]


def test_a_commander_reads_the_own_unit_s_proposals_but_the_other_unit_s_none(
    year: World, django_app: Any
) -> None:
    own = django_app.get(reverse("archive:unit", args=[year.member_unit.pk]), user="commander")
    assert "Bằng khen" in text(own, f"#year-{YEAR}")  # its own collective proposals
    book = workbook(
        django_app.get(reverse("archive:unit_export", args=[year.leader_unit.pk]), user="commander")
    )
    assert rows(book["Đề nghị khen thưởng"])[4:] == []


def test_the_unit_s_archive_costs_the_same_queries_whatever_it_holds(year: World) -> None:
    client = year.client("secretariat")
    url = reverse("archive:unit", args=[year.leader_unit.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for award in ["co-thi-dua-bttm", "don-vi-tien-tien", "don-vi-quyet-thang"]:
        history.award_record_add(
            user=year.users["secretariat"],
            award=AwardType.objects.get(code=award),
            year=YEAR - 3,
            unit=year.leader_unit,
            person=None,
            decision_number=f"{award}/QĐ",
            decision_date=datetime.date(YEAR - 3, 12, 1),
            authority=year.command.name,
        )
    pledge = Pledge.objects.get()
    for goal in ["Dân vận khéo", "Sẵn sàng chiến đấu"]:
        target = TargetFactory(pledge=pledge, unit=year.leader_unit, goal=goal)
        ProgressReportFactory(target=target)
    with CaptureQueriesContext(connection) as after:
        page = client.get(url)
    assert "Dân vận khéo" in page.content.decode()
    assert len(after) == len(before)

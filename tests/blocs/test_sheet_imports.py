"""Importing units, a year's members, a year's strengths and people from spreadsheets, and the
round trip: each list exported imports back with every row unchanged."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from webtest import Upload

from audit.models import AuditEvent
from blocs.models import Membership, MembershipRole, Person, Rank, Unit
from blocs.person_sheet import PEOPLE
from blocs.services import person_save as services_person_save
from blocs.services import unit_strength_set
from blocs.unit_sheets import MEMBERSHIP, STRENGTH, UNITS
from emulation_portal.lib import imports as sheets
from imports import services
from imports.models import ImportBatch
from tests.blocs.test_forms import vi
from tests.conftest import YEAR, World
from tests.factories import MembershipFactory, PersonFactory, UnitFactory
from tests.sheets import XLSX, xlsx

PEOPLE_HEADER = [
    "Đơn vị",
    "Họ và tên",
    "Ngày sinh",
    "Cấp bậc",
    "Chức vụ",
    "Ngày nhập ngũ",
    "Ngày ra quân",
]
UNITS_HEADER = ["Tên đơn vị", "Tên viết tắt", "Đang hoạt động"]
MEMBERSHIP_HEADER = ["Đơn vị", "Vai trò trong khối"]
STRENGTH_HEADER = ["Đơn vị", "Quân số"]
BORN = datetime.date(1990, 5, 17)


@pytest.fixture
def named(world: World) -> World:
    world.member_unit.name, world.member_unit.short_name = "Lữ đoàn 144", "LĐ144"
    world.member_unit.save(update_fields=["name", "short_name"])
    world.leader_unit.name, world.leader_unit.short_name = "Trường Cao đẳng Kỹ thuật Mật mã", ""
    world.leader_unit.save(update_fields=["name", "short_name"])
    world.other_unit.name = "Tổng công ty 789"
    world.other_unit.save(update_fields=["name"])
    return world


def upload_url(world: World, kind: str, year: int = YEAR) -> str:
    return reverse("blocs:import_upload", args=[world.bloc.pk, year, kind])


def upload(app: Any, world: World, kind: str, content: bytes, user: str = "secretariat") -> Any:
    """Upload through the page's form; the preview page it leads to."""
    form = app.get(upload_url(world, kind), user=user).forms["upload-form"]
    form["file"] = Upload("bang.xlsx", content, XLSX)
    return form.submit().follow()


def counts(page: Any) -> dict[str, int]:
    names = ("new", "changed", "unchanged", "refused")
    return {name: int(page.html.select_one(f"#count-{name}").text) for name in names}


def refused_text(page: Any) -> str:
    found = page.html.select_one("#refused-rows") or page.html.select_one("#import-refused")
    return " ".join(found.text.split())


def book_rows(body: bytes) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def people_rows() -> list[list[object]]:
    return [
        ["Lữ đoàn 144", "Nguyễn Văn An", BORN, "Thượng úy", "Trợ lý tác chiến", "01/09/2008", None],
        ["LĐ144", "Trần Thị Bình", "03/02/1995", "thuong uy", "Trợ lý chính trị", None, None],
        [
            "Trường Cao đẳng Kỹ thuật Mật mã",
            "Lê Văn Cường",
            datetime.date(1970, 1, 1),
            "Công nhân quốc phòng",
            "Nhân viên kỹ thuật",
            datetime.date(1990, 3, 1),
            datetime.date(2025, 12, 31),
        ],
    ]


# --- People -------------------------------------------------------------------------------------


def test_people_are_previewed_then_applied_at_once_and_audited(
    named: World, django_app: Any
) -> None:
    bloc_page = django_app.get(
        reverse("blocs:bloc_year", args=[named.bloc.pk, YEAR]), user="secretariat"
    )
    links = [a["href"] for a in bloc_page.html.select("#import-links a")]
    assert all(upload_url(named, kind) in links for kind in (PEOPLE, UNITS, MEMBERSHIP, STRENGTH))
    preview = upload(django_app, named, PEOPLE, xlsx(people_rows(), header=PEOPLE_HEADER))
    assert counts(preview) == {"new": 3, "changed": 0, "unchanged": 0, "refused": 0}
    assert not Person.objects.exists()  # the preview saved nothing

    preview.forms["apply-form"].submit().follow()
    an = Person.objects.get(full_name="Nguyễn Văn An")
    assert (an.unit, an.rank, an.position) == (
        named.member_unit,
        Rank.SENIOR_LIEUTENANT,
        "Trợ lý tác chiến",
    )
    assert (an.date_of_birth, an.service_start, an.service_end) == (
        BORN,
        datetime.date(2008, 9, 1),
        None,
    )
    binh = Person.objects.get(full_name="Trần Thị Bình")
    assert binh.unit == named.member_unit and binh.date_of_birth == datetime.date(1995, 2, 3)
    cuong = Person.objects.get(full_name="Lê Văn Cường")
    assert cuong.rank == Rank.DEFENCE_WORKER and cuong.service_end == datetime.date(2025, 12, 31)
    for person in Person.objects.all():
        person.full_clean()
    event = AuditEvent.objects.get(action="import.apply")
    assert event.data["kind"] == PEOPLE and event.data["new"] == 3
    assert event.actor == named.users["secretariat"]


def test_people_round_trip_from_the_people_list_export(named: World, django_app: Any) -> None:
    upload(django_app, named, PEOPLE, xlsx(people_rows(), header=PEOPLE_HEADER)).forms[
        "apply-form"
    ].submit()
    people_page = django_app.get(reverse("blocs:person_list"), user="secretariat")
    exported = people_page.click(href=reverse("blocs:person_export"))
    assert exported.content_type == XLSX
    rows = book_rows(exported.body)
    assert rows[0] == PEOPLE_HEADER
    an = next(row for row in rows if row[1] == "Nguyễn Văn An")
    assert an[2].date() == BORN and an[3] == "Thượng úy"
    again = upload(django_app, named, PEOPLE, exported.body)
    assert counts(again) == {"new": 0, "changed": 0, "unchanged": 3, "refused": 0}
    assert "apply-form" not in again.forms and again.html.select_one("#import-nothing")


def test_a_person_is_found_by_name_and_date_of_birth_and_moved_or_completed(
    named: World,
) -> None:
    moved = PersonFactory(
        unit=named.leader_unit, full_name="Nguyễn Văn An", date_of_birth=BORN, rank=Rank.CAPTAIN
    )
    undated = PersonFactory(unit=named.member_unit, full_name="Trần Thị Bình", rank=Rank.MAJOR)
    commander = PersonFactory(
        unit=named.leader_unit,
        full_name="Lê Văn Cường",
        date_of_birth=datetime.date(1970, 1, 1),
        is_commander=True,
    )
    rows = people_rows()
    rows[2][0] = "Lữ đoàn 144"  # the commander of the leading unit, moved by a row
    batch = import_as_secretariat(named, PEOPLE, xlsx(rows, header=PEOPLE_HEADER))
    assert (batch.rows_new, batch.rows_changed, batch.rows_refused) == (0, 2, 1)
    assert "commands" in batch.preview["refused"][0]["problems"][0]["message"]
    rows.pop()
    batch = import_as_secretariat(named, PEOPLE, xlsx(rows, header=PEOPLE_HEADER))
    services.import_apply(user=named.users["secretariat"], batch=batch)
    moved.refresh_from_db()
    undated.refresh_from_db()
    commander.refresh_from_db()
    assert (moved.unit, moved.rank) == (named.member_unit, Rank.SENIOR_LIEUTENANT)
    assert undated.date_of_birth == datetime.date(1995, 2, 3)
    assert commander.unit == named.leader_unit
    assert Person.objects.count() == 3


def test_people_entered_without_a_date_of_birth_round_trip_and_new_ones_need_it(
    named: World, django_app: Any
) -> None:
    services_person_save(
        user=named.users["secretariat"],
        data={
            "unit": named.member_unit,
            "full_name": "Đỗ Văn Khánh",
            "rank": Rank.MAJOR,
            "position": "Tham mưu trưởng",
        },
    )
    bloc_page = django_app.get(
        reverse("blocs:bloc_year", args=[named.bloc.pk, YEAR]), user="secretariat"
    )
    exported = bloc_page.click(
        href=reverse("blocs:bloc_export", args=[named.bloc.pk, YEAR, PEOPLE])
    )
    assert ["Lữ đoàn 144", "Đỗ Văn Khánh", None, "Thiếu tá", "Tham mưu trưởng", None, None] in (
        book_rows(exported.body)
    )
    again = upload(django_app, named, PEOPLE, exported.body)
    assert counts(again) == {"new": 0, "changed": 0, "unchanged": 1, "refused": 0}
    rows = [["Lữ đoàn 144", "Ngô Thị Lan", None, "Đại úy", "Trợ lý", None, None]]
    preview = upload(django_app, named, PEOPLE, xlsx(rows, header=PEOPLE_HEADER))
    assert "Dòng 2, cột Ngày sinh:" in refused_text(preview)


def import_as_secretariat(world: World, kind: str, content: bytes) -> ImportBatch:
    with translation.override("en"):
        return services.import_upload(
            user=world.users["secretariat"],
            kind=kind,
            bloc_id=world.bloc.pk,
            year=YEAR,
            upload=SimpleUploadedFile("bang.xlsx", content),
        )


def test_every_bad_person_row_names_its_row_and_column_and_nothing_is_saved(
    named: World, django_app: Any
) -> None:
    good = people_rows()[0]
    rows = [
        good,  # row 2
        ["Tổng công ty 789", "Phạm Văn Dũng", BORN, "Đại úy", "Trợ lý", None, None],
        ["Lữ đoàn 144", "Phạm Văn Dũng", "31/02/1990", "Đại úy", "Trợ lý", None, None],
        ["Lữ đoàn 144", "Phạm Văn Dũng", BORN, "Đại úy lạ", "Trợ lý", None, None],  # row 5
        ["Lữ đoàn 144", "nguyễn  văn an", BORN, "Đại úy", "Trợ lý", None, None],
        ["Lữ đoàn 144", "Vũ Văn Em", datetime.date(2020, 1, 1), "Binh nhì", "Chiến sĩ", None, None],
        ["Lữ đoàn 144", "Vũ Văn Giang", BORN, "Binh nhì", "Chiến sĩ", "01/09/2010", "01/09/2009"],
        ["Lữ đoàn 144", "Vũ Văn Hà", BORN, "Binh nhì", "", None, None],  # row 9
        ["Lữ đoàn 144", "Vũ Văn Hải", "=DATE(1990,1,1)", "Binh nhì", "Chiến sĩ", None, None],
    ]
    preview = upload(django_app, named, PEOPLE, xlsx(rows, header=PEOPLE_HEADER))
    assert counts(preview)["new"] == 1 and counts(preview)["refused"] == 8
    assert "apply-form" not in preview.forms
    text = refused_text(preview)
    expected = [
        "Dòng 3, cột Đơn vị: “Tổng công ty 789”",  # a unit of another bloc
        "Dòng 4, cột Ngày sinh: “31/02/1990”",  # not a date
        "Dòng 5, cột Cấp bậc: “Đại úy lạ”",  # not a rank
        "Dòng 6, cột Họ và tên:",  # the same person as row 2
        "Dòng 7, cột Ngày sinh:",  # a child
        "Dòng 8, cột Ngày ra quân:",  # leaves before entering
        "Dòng 9, cột Chức vụ:",  # empty
        "Dòng 10, cột Ngày sinh: ",  # a formula
    ]
    for fragment in expected:
        assert fragment in text, fragment
    assert "=DATE(1990,1,1)" in text and "Dòng 2," not in text
    with translation.override("en"), pytest.raises(Exception, match="Nothing was imported"):
        services.import_apply(user=named.users["secretariat"], batch=ImportBatch.objects.get())
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="import.apply").exists()


def test_a_confirmed_import_applies_completely_or_not_at_all(named: World) -> None:
    """A unit leaves the bloc between the preview and the confirmation: the whole file is
    refused, not the rows of that unit alone."""
    batch = import_as_secretariat(named, PEOPLE, xlsx(people_rows(), header=PEOPLE_HEADER))
    assert batch.rows_new == 3
    Membership.objects.filter(unit=named.member_unit).delete()
    with translation.override("en"), pytest.raises(Exception, match="Nothing was imported"):
        services.import_apply(user=named.users["secretariat"], batch=batch)
    assert not Person.objects.exists()


def test_checking_people_takes_the_same_queries_for_ten_rows_as_for_two_hundred(
    named: World,
) -> None:
    PersonFactory(unit=named.member_unit, full_name="Nguyễn Văn An 3", date_of_birth=BORN)
    target = sheets.Target(user=named.users["secretariat"], bloc_id=named.bloc.pk, year=YEAR)
    kind = sheets.get_kind(PEOPLE)

    def queries(size: int) -> int:
        rows = [
            ["Lữ đoàn 144", f"Nguyễn Văn An {i}", BORN, "Thượng úy", "Trợ lý", None, None]
            for i in range(size)
        ]
        with CaptureQueriesContext(connection) as captured:
            result = sheets.sheet_check(
                kind=kind, target=target, file=io.BytesIO(xlsx(rows, header=PEOPLE_HEADER))
            )
        assert result.total == size and result.passes
        return len(captured)

    assert queries(10) == queries(200)


# --- The file itself ---------------------------------------------------------------------------


def test_a_header_over_two_merged_rows_is_named(named: World, django_app: Any) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Đơn vị", "Họ và tên", "Ngày tháng", None, "Cấp bậc", "Chức vụ", "Ngày ra quân"])
    sheet.append([None, None, "Ngày sinh", "Ngày nhập ngũ", None, None, None])
    sheet.merge_cells("C1:D1")
    sheet.merge_cells("A1:A2")
    sheet.append(people_rows()[0])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = upload(django_app, named, PEOPLE, buffer.getvalue())
    text = refused_text(preview)
    two_rows = vi(
        "the header is written over rows %(first)s and %(second)s (merged cells?): write "
        "every column's title in one row, without merged cells."
    )
    assert two_rows % {"first": 1, "second": 2} in text and "Dòng 1, cột Ngày sinh:" in text
    assert "apply-form" not in preview.forms


def test_a_missing_column_is_named(named: World, django_app: Any) -> None:
    header = [title for title in PEOPLE_HEADER if title != "Ngày sinh"]
    rows = [[cell for i, cell in enumerate(row) if i != 2] for row in people_rows()]
    preview = upload(django_app, named, PEOPLE, xlsx(rows, header=header))
    assert "Dòng 1, cột Ngày sinh:" in refused_text(preview)


def spreadsheet_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 50_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("quan-nhan.xlsx", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),  # by content
        ("quan-nhan.xlsx", spreadsheet_bomb()),  # a zip bomb
        ("quan-nhan.xlsx", b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024)),  # over 10 MB
    ],
    ids=["not-xlsx", "zip-bomb", "too-large"],
)
def test_a_file_that_is_not_a_safe_workbook_is_refused_before_any_row(
    named: World, django_app: Any, name: str, content: bytes
) -> None:
    form = django_app.get(upload_url(named, PEOPLE), user="secretariat").forms["upload-form"]
    form["file"] = Upload(name, content, XLSX)
    page = form.submit(status=400)
    assert page.html.select_one(".alert-danger, .invalid-feedback")
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("kind", [PEOPLE, UNITS, MEMBERSHIP, STRENGTH])
def test_each_template_reads_back_with_its_example_refused(
    named: World, django_app: Any, kind: str
) -> None:
    url = reverse("blocs:import_template", args=[named.bloc.pk, YEAR, kind])
    response = django_app.get(url, user="secretariat")
    book = openpyxl.load_workbook(io.BytesIO(response.body))
    assert book.sheetnames[-1] == "Hướng dẫn"
    preview = upload(django_app, named, kind, response.body)
    assert counts(preview)["refused"] == 1 and counts(preview)["new"] == 0
    assert vi("this is the template's example row: delete it.") in refused_text(preview)


# --- Units ---------------------------------------------------------------------------------------


def test_units_are_created_into_the_bloc_changed_if_members_and_refused_if_another_blocs(
    named: World, django_app: Any
) -> None:
    rows = [
        ["Lữ đoàn 144", "LĐ 144", "Có"],  # changed: the short name
        ["Trường Cao đẳng Kỹ thuật Mật mã", "", ""],  # unchanged
        ["Đoàn Nghi lễ Quân đội", "ĐNL", "có"],  # new
        ["Tổng công ty 789", "TCT789", "Không"],  # another bloc's
        ["Ban Quản lý dự án 166", "", "Đôi khi"],
    ]
    preview = upload(django_app, named, UNITS, xlsx(rows, header=UNITS_HEADER))
    assert counts(preview) == {"new": 1, "changed": 1, "unchanged": 1, "refused": 2}
    text = refused_text(preview)
    assert "Dòng 5, cột Tên đơn vị: Tổng công ty 789" in text
    assert "Dòng 6, cột Đang hoạt động: “Đôi khi”" in text
    rows = rows[:3]
    preview = upload(django_app, named, UNITS, xlsx(rows, header=UNITS_HEADER))
    preview.forms["apply-form"].submit()
    named.member_unit.refresh_from_db()
    named.other_unit.refresh_from_db()
    assert named.member_unit.short_name == "LĐ 144"
    assert named.other_unit.short_name != "TCT789" and named.other_unit.is_active
    new = Unit.objects.get(name="Đoàn Nghi lễ Quân đội")
    assert new.memberships.get().bloc == named.bloc and new.memberships.get().year == YEAR

    units_page = django_app.get(
        reverse("blocs:unit_list") + f"?bloc={named.bloc.pk}&year={YEAR}", user="secretariat"
    )
    exported = django_app.get(
        units_page.html.select_one("#unit-export")["href"], user="secretariat"
    )
    assert {row[0] for row in book_rows(exported.body)[1:]} == {
        "Đoàn Nghi lễ Quân đội",
        "Lữ đoàn 144",
        "Trường Cao đẳng Kỹ thuật Mật mã",
    }
    again = upload(django_app, named, UNITS, exported.body)
    assert counts(again) == {"new": 0, "changed": 0, "unchanged": 3, "refused": 0}


# --- Membership and strength -------------------------------------------------------------------


def test_members_join_change_role_and_never_replace_the_leader(
    named: World, django_app: Any
) -> None:
    fresh = UnitFactory(name="Công ty TNHH MTV 59")  # in no bloc yet
    earlier = UnitFactory(name="Đoàn Nghi lễ Quân đội")
    MembershipFactory(bloc=named.bloc, unit=earlier, year=YEAR - 1)
    MembershipFactory(bloc=named.other_bloc, unit=earlier, year=YEAR)  # another bloc this year
    rows = [
        ["Lữ đoàn 144", "Khối phó"],  # changed
        ["Công ty TNHH MTV 59", ""],  # new, a member
        ["Đoàn Nghi lễ Quân đội", "Thành viên"],  # in another bloc this year
        ["Tổng công ty 789", "Thành viên"],  # another bloc's unit: not one this bloc may take
        ["Công ty TNHH MTV 59", "Khối trưởng"],  # twice
        ["Trường Cao đẳng Kỹ thuật Mật mã", "Thành viên"],  # the leader, demoted
    ]
    preview = upload(django_app, named, MEMBERSHIP, xlsx(rows, header=MEMBERSHIP_HEADER))
    assert counts(preview) == {"new": 1, "changed": 1, "unchanged": 0, "refused": 4}
    text = refused_text(preview)
    for fragment in ("Dòng 4, cột Đơn vị:", "Dòng 5, cột Đơn vị: “Tổng công ty 789”"):
        assert fragment in text, fragment
    assert "Dòng 6, cột Đơn vị:" in text and "Dòng 7, cột Vai trò trong khối:" in text
    preview = upload(django_app, named, MEMBERSHIP, xlsx(rows[:2], header=MEMBERSHIP_HEADER))
    preview.forms["apply-form"].submit()
    assert named.member_unit.memberships.get(year=YEAR).role == MembershipRole.DEPUTY
    assert fresh.memberships.get().bloc == named.bloc

    bloc_page = django_app.get(
        reverse("blocs:bloc_year", args=[named.bloc.pk, YEAR]), user="secretariat"
    )
    exported = bloc_page.click(
        href=reverse("blocs:bloc_export", args=[named.bloc.pk, YEAR, MEMBERSHIP])
    )
    rows = book_rows(exported.body)
    assert ["Trường Cao đẳng Kỹ thuật Mật mã", "Khối trưởng"] in rows
    again = upload(django_app, named, MEMBERSHIP, exported.body)
    assert counts(again) == {"new": 0, "changed": 0, "unchanged": 3, "refused": 0}


def test_strengths_are_set_audited_and_round_trip(named: World, django_app: Any) -> None:
    unit_strength_set(
        user=named.users["secretariat"], unit=named.member_unit, year=YEAR, strength=800
    )
    rows = [
        ["LĐ144", "1.250"],
        ["Trường Cao đẳng Kỹ thuật Mật mã", 430],
        ["Tổng công ty 789", 900],
        ["Trường Cao đẳng Kỹ thuật Mật mã", 0],
    ]
    preview = upload(django_app, named, STRENGTH, xlsx(rows, header=STRENGTH_HEADER))
    assert counts(preview) == {"new": 1, "changed": 1, "unchanged": 0, "refused": 2}
    assert "Dòng 5, cột Quân số:" in refused_text(preview)
    preview = upload(django_app, named, STRENGTH, xlsx(rows[:2], header=STRENGTH_HEADER))
    preview.forms["apply-form"].submit()
    assert named.member_unit.strengths.get(year=YEAR).strength == 1250
    change = AuditEvent.objects.get(action="unit.strength", data__to=1250)
    assert change.data["from"] == 800
    exported = django_app.get(
        reverse("blocs:bloc_export", args=[named.bloc.pk, YEAR, STRENGTH]), user="secretariat"
    )
    assert book_rows(exported.body)[3:] == [
        ["Lữ đoàn 144", 1250],
        ["Trường Cao đẳng Kỹ thuật Mật mã", 430],
    ]
    again = upload(django_app, named, STRENGTH, exported.body)
    assert counts(again) == {"new": 0, "changed": 0, "unchanged": 2, "refused": 0}


# --- Who may import and export -----------------------------------------------------------------


@pytest.mark.parametrize("kind", [PEOPLE, UNITS, MEMBERSHIP, STRENGTH])
@pytest.mark.parametrize(
    ("actor", "status"),
    [("commander", 403), ("reviewer", 403), ("superior", 403), ("other_secretariat", 404)],
)
def test_only_the_secretariat_of_the_year_imports_each_kind(
    named: World, kind: str, actor: str, status: int
) -> None:
    client = named.client(actor)
    template = reverse("blocs:import_template", args=[named.bloc.pk, YEAR, kind])
    assert client.get(upload_url(named, kind)).status_code == status
    assert client.get(template).status_code == status
    content = SimpleUploadedFile("a.xlsx", xlsx(people_rows(), header=PEOPLE_HEADER))
    assert client.post(upload_url(named, kind), {"file": content}).status_code == status
    assert named.client("anonymous").get(upload_url(named, kind)).status_code == 302
    assert named.client("secretariat").get(upload_url(named, kind, YEAR - 3)).status_code == 403


@pytest.fixture
def staffed(named: World) -> World:
    PersonFactory(unit=named.member_unit, full_name="Nguyễn Văn An", date_of_birth=BORN)
    PersonFactory(unit=named.leader_unit, full_name="Hoàng Văn Thành")
    PersonFactory(unit=named.other_unit, full_name="Trần Bí Mật")
    return named


def exported_names(response: Any, column: int = 1) -> set[str]:
    """The names in a column of an exported workbook, below its header."""
    rows = book_rows(b"".join(response.streaming_content))
    header = next(i for i, row in enumerate(rows) if row[column] in ("Họ và tên", "Tên đơn vị"))
    return {row[column] for row in rows[header + 1 :]}


def test_exports_hold_only_what_the_user_may_read(staffed: World) -> None:
    people = reverse("blocs:person_export")
    units = reverse("blocs:unit_export")
    bloc_people = reverse("blocs:bloc_export", args=[staffed.bloc.pk, YEAR, PEOPLE])
    secretariat = staffed.client("secretariat")
    assert exported_names(secretariat.get(people)) == {"Nguyễn Văn An", "Hoàng Văn Thành"}
    assert "Tổng công ty 789" not in exported_names(secretariat.get(units), column=0)
    other = staffed.client("other_secretariat")
    assert exported_names(other.get(people)) == {"Trần Bí Mật"}
    assert other.get(bloc_people).status_code == 404
    # A commander reads the bloc's members but the people of their own unit only.
    commander = staffed.client("commander")
    assert exported_names(commander.get(bloc_people)) == {"Nguyễn Văn An"}
    assert exported_names(commander.get(people)) == {"Nguyễn Văn An"}
    superior = staffed.client("superior")
    assert "Nguyễn Văn An" in exported_names(superior.get(bloc_people))
    assert staffed.client("anonymous").get(people).status_code == 302
    assert staffed.client("unscoped").get(bloc_people).status_code == 404
    assert (
        secretariat.get(
            reverse("blocs:bloc_export", args=[staffed.bloc.pk, YEAR, "award_history"])
        ).status_code
        == 404
    )


def test_exporting_people_takes_the_same_queries_for_two_people_as_for_twenty(
    named: World,
) -> None:
    client = named.client("secretariat")
    url = reverse("blocs:bloc_export", args=[named.bloc.pk, YEAR, PEOPLE])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            b"".join(client.get(url).streaming_content)
        return len(captured)

    PersonFactory.create_batch(2, unit=named.member_unit, date_of_birth=BORN)
    few = queries()
    PersonFactory.create_batch(18, unit=named.leader_unit, date_of_birth=BORN)
    assert queries() == few

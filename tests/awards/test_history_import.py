"""Importing the award history from a spreadsheet: upload, preview of every row, confirmation
in one transaction, audited; refused rows name their row and column; who may import."""

from __future__ import annotations

import datetime
import io
import threading
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from webtest import Upload

from audit.models import AuditEvent
from awards import history
from awards.history_import import AWARD_HISTORY
from awards.models import AwardRecord, AwardRule, AwardType, RecordSource
from awards.rules import awards_ensure
from emulation_portal.lib import imports as sheets
from imports import services
from imports.models import ImportBatch, ImportStatus
from tests.blocs.test_forms import vi
from tests.conftest import YEAR, World, require
from tests.factories import MembershipFactory, PersonFactory, UnitFactory
from tests.sheets import HISTORY_HEADER, XLSX, xlsx

LAST_YEAR = YEAR - 1
BTTM = "Bộ Tổng Tham mưu"


@pytest.fixture(autouse=True)
def _catalogue(db: None) -> None:
    awards_ensure(AwardType, AwardRule)


@pytest.fixture
def people(world: World) -> dict[str, Any]:
    """The member unit's people: one Nguyễn Văn An, two Trần Thị Bình."""
    world.member_unit.name = "Trung đoàn 144"
    world.member_unit.save(update_fields=["name"])
    return {
        "an": PersonFactory(unit=world.member_unit, full_name="Nguyễn Văn An"),
        "binh_1": PersonFactory(
            unit=world.member_unit, full_name="Trần Thị Bình", position="Trợ lý tác chiến"
        ),
        "binh_2": PersonFactory(
            unit=world.member_unit, full_name="Trần Thị Bình", position="Chính trị viên"
        ),
    }


def good_rows() -> list[list[object]]:
    return [
        [
            "Trung đoàn 144",
            "",
            "Đơn vị tiên tiến",
            LAST_YEAR,
            "12/QĐ-BTTM",
            datetime.date(YEAR, 1, 15),
            BTTM,
        ],
        [
            "trung đoàn  144",  # case and spacing do not matter
            "Nguyễn Văn An",
            "chien-si-tien-tien",  # the catalogue's code
            str(LAST_YEAR),
            " 35/QĐ-LĐ ",
            "20/12/2025",  # a date typed as text
            "Trung đoàn 144",
        ],
    ]


def upload_url(world: World, year: int = YEAR) -> str:
    return reverse("blocs:import_upload", args=[world.bloc.pk, year, AWARD_HISTORY])


def upload(django_app: Any, world: World, content: bytes, name: str = "lich-su.xlsx") -> Any:
    """Upload through the page's form as the secretariat; the preview page it leads to."""
    form = django_app.get(upload_url(world), user="secretariat").forms["upload-form"]
    form["file"] = Upload(name, content, XLSX)
    return form.submit().follow()


def count(page: Any, name: str) -> int:
    return int(page.html.select_one(f"#count-{name}").text)


def test_a_good_file_is_previewed_then_applied_at_once_and_audited(
    world: World, people: dict[str, Any], django_app: Any
) -> None:
    bloc_page = django_app.get(
        reverse("blocs:bloc_year", args=[world.bloc.pk, YEAR]), user="secretariat"
    )
    assert upload_url(world) in [a["href"] for a in bloc_page.html.select("#import-links a")]
    preview = upload(django_app, world, xlsx(good_rows()))
    assert (count(preview, "new"), count(preview, "refused")) == (2, 0)
    assert not AwardRecord.objects.exists()  # the preview saved nothing
    batch = ImportBatch.objects.get()
    assert len(batch.sha256) == 64 and batch.file.read().startswith(b"PK")

    done = preview.forms["apply-form"].submit().follow()
    assert done.html.select_one("#import-applied")
    records = AwardRecord.objects.order_by("award__code")
    assert [(r.unit, r.person, r.award.code, r.year) for r in records] == [
        (world.member_unit, people["an"], "chien-si-tien-tien", LAST_YEAR),
        (world.member_unit, None, "don-vi-tien-tien", LAST_YEAR),
    ]
    an = records[0]
    # What award_record_add would have saved: stripped number, the imported source, the user.
    assert an.decision_number == "35/QĐ-LĐ" and an.decision_date == datetime.date(2025, 12, 20)
    assert {r.source for r in records} == {RecordSource.IMPORTED}
    assert {r.recorded_by for r in records} == {world.users["secretariat"]}
    assert len({r.recorded_at for r in records}) == 1  # one import, one time
    for record in records:
        record.full_clean()
    assert history.held_by(person=people["an"])[0].decision_number == "35/QĐ-LĐ"
    event = AuditEvent.objects.get(action="import.apply")
    assert event.data["new"] == 2 and event.data["sha256"] == batch.sha256
    assert event.actor == world.users["secretariat"]
    assert not AuditEvent.objects.filter(action="award_record.add").exists()

    # Confirming the same upload again does nothing twice.
    again = world.client("secretariat").post(reverse("blocs:import_apply", args=[batch.pk]))
    assert again.status_code == 302
    assert AwardRecord.objects.count() == 2
    assert AuditEvent.objects.filter(action="import.apply").count() == 1


def test_the_same_file_again_changes_nothing(
    world: World, people: dict[str, Any], django_app: Any
) -> None:
    content = xlsx(good_rows())
    upload(django_app, world, content).forms["apply-form"].submit()
    preview = upload(django_app, world, content)
    assert (count(preview, "unchanged"), count(preview, "new")) == (2, 0)
    assert "apply-form" not in preview.forms and preview.html.select_one("#import-nothing")
    second = ImportBatch.objects.filter(status=ImportStatus.CHECKED).get()
    services.import_apply(user=world.users["secretariat"], batch=second)
    assert AwardRecord.objects.count() == 2
    with translation.override("en"), pytest.raises(ValidationError, match="not imported twice"):
        services.import_apply(user=world.users["secretariat"], batch=second)


def test_every_bad_row_is_refused_naming_its_row_and_column_and_nothing_is_saved(
    world: World, people: dict[str, Any], django_app: Any
) -> None:
    existing = history.award_record_add(
        user=world.users["secretariat"],
        award=AwardType.objects.get(code="don-vi-tien-tien"),
        year=YEAR - 2,
        unit=world.member_unit,
        person=None,
        decision_number="1/QĐ-BTTM",
        decision_date=datetime.date(YEAR - 1, 1, 10),
        authority=BTTM,
    )
    next_year = timezone.localdate().year + 1
    good, person_row = good_rows()
    rows = [
        good,  # row 2
        ["Lữ đoàn Không Có", "", "Đơn vị tiên tiến", LAST_YEAR, "2/QĐ", "01/02/2026", BTTM],
        ["Trung đoàn 144", "Lê Văn Không", "Giấy khen", LAST_YEAR, "3/QĐ", "01/02/2026", BTTM],
        ["Trung đoàn 144", "Trần Thị Bình", "Giấy khen", LAST_YEAR, "4/QĐ", "01/02/2026", BTTM],
        ["Trung đoàn 144", "", "Đơn vị Quyết thắng", next_year, "5/QĐ", "01/02/2026", BTTM],
        ["Trung đoàn 144", "", "Đơn vị tiên tiến", LAST_YEAR, "6/QĐ", "01/02/2026", BTTM],  # row 7
        ["Trung đoàn 144", "", "Đơn vị tiên tiến", YEAR - 2, "7/QĐ", "01/02/2026", BTTM],
        ["Trung đoàn 144", "", "Đơn vị Quyết thắng", YEAR - 3, "1/qđ-bttm", "11/01/2025", BTTM],
        ["Trung đoàn 144", "", "Chiến sĩ tiên tiến", LAST_YEAR, "8/QĐ", "01/02/2026", BTTM],
        [
            "Trung đoàn 144",
            "",
            "Cờ thi đua của Bộ Quốc phòng",
            YEAR - 3,
            "12/QĐ-BTTM",
            "02/02/2025",
            BTTM,
        ],
        ["Trung đoàn 144", "", "Giấy khen lạ", LAST_YEAR, "9/QĐ", "31/02/2026", BTTM],
        person_row,  # row 13: passes
    ]
    preview = upload(django_app, world, xlsx(rows))
    assert (count(preview, "new"), count(preview, "refused")) == (2, 10)
    assert "apply-form" not in preview.forms
    text = " ".join(preview.html.select_one("#refused-rows").text.split())
    expected = [
        "Dòng 3, cột Đơn vị: “Lữ đoàn Không Có”",
        "Dòng 4, cột Họ và tên: Trung đoàn 144",
        "Trợ lý tác chiến; Chính trị viên",  # row 5: both namesakes, by position
        f"Dòng 6, cột Năm: Năm {next_year} chưa đến.",
        "Dòng 7, cột Danh hiệu / hình thức khen thưởng:",  # the same award as row 2
        "Dòng 8, cột Danh hiệu / hình thức khen thưởng:",  # already in the history
        "Dòng 9, cột Số quyết định: Bộ Tổng Tham mưu",  # the number has another date
        "Dòng 10, cột Danh hiệu / hình thức khen thưởng:",  # an individual award, no person
        "Dòng 11, cột Số quyết định:",  # row 2 gives that decision another date
        "Dòng 12, cột Danh hiệu / hình thức khen thưởng: “Giấy khen lạ”",
        "Dòng 12, cột Ngày quyết định: “31/02/2026”",
    ]
    for fragment in expected:
        assert fragment in text, fragment
    with translation.override("vi"):
        assert (
            vi("“%(award)s” of %(year)s is already in the history.")
            % {
                "award": "Đơn vị tiên tiến",
                "year": YEAR - 2,
            }
            in text
        )
    assert "Dòng 2," not in text and "Dòng 13," not in text
    with translation.override("en"), pytest.raises(ValidationError, match="Nothing was imported"):
        services.import_apply(user=world.users["secretariat"], batch=ImportBatch.objects.get())
    assert list(AwardRecord.objects.all()) == [existing]
    assert not AuditEvent.objects.filter(action="import.apply").exists()


def test_a_missing_column_is_named_with_the_header_row(
    world: World, people: dict[str, Any], django_app: Any
) -> None:
    header = [title for title in HISTORY_HEADER if title != "Năm"]
    rows = [[cell for i, cell in enumerate(row) if i != 3] for row in good_rows()]
    preview = upload(django_app, world, xlsx(rows, header=header))
    alert = " ".join(preview.html.select_one("#import-refused").text.split())
    assert "Dòng 1, cột Năm:" in alert
    assert "apply-form" not in preview.forms
    assert not AwardRecord.objects.exists()


def test_headers_are_read_whatever_their_case_and_accents_below_a_title(
    world: World, people: dict[str, Any]
) -> None:
    header = [
        "STT",
        "DON VI",
        "ho va ten",
        "Danh hiệu",
        "NĂM",
        "Số QĐ",
        "Ngày ký",
        "cơ quan ban hành:",
    ]
    rows = [[i, *row] for i, row in enumerate(good_rows(), start=1)]
    content = xlsx(rows, header=header, above=[["DANH SÁCH KHEN THƯỞNG NĂM 2025"], []])
    with translation.override("en"):
        batch = services.import_upload(
            user=world.users["secretariat"],
            kind=AWARD_HISTORY,
            bloc_id=world.bloc.pk,
            year=YEAR,
            upload=SimpleUploadedFile("ds.xlsx", content),
        )
    assert (batch.rows_new, batch.rows_refused) == (2, 0), batch.preview
    assert batch.preview["notes"] == ["Column A (“STT”) is not imported."]
    assert [row["row"] for row in batch.preview["sample"]] == [4, 5]


@pytest.mark.parametrize(
    ("actor", "status"),
    [("commander", 403), ("reviewer", 403), ("superior", 403), ("other_secretariat", 404)],
)
def test_only_the_secretariat_of_the_year_imports(
    world: World, people: dict[str, Any], actor: str, status: int
) -> None:
    client = world.client(actor)
    template = reverse("blocs:import_template", args=[world.bloc.pk, YEAR, AWARD_HISTORY])
    assert client.get(upload_url(world)).status_code == status
    assert client.get(template).status_code == status
    content = SimpleUploadedFile("lich-su.xlsx", xlsx(good_rows()), content_type=XLSX)
    assert client.post(upload_url(world), {"file": content}).status_code == status
    batch = services.import_upload(
        user=world.users["secretariat"],
        kind=AWARD_HISTORY,
        bloc_id=world.bloc.pk,
        year=YEAR,
        upload=SimpleUploadedFile("lich-su.xlsx", xlsx(good_rows())),
    )
    assert client.get(reverse("blocs:import_preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("blocs:import_apply", args=[batch.pk])).status_code == 404
    assert not AwardRecord.objects.exists()


def test_a_past_year_is_read_only_for_its_secretariat(world: World, people: dict[str, Any]) -> None:
    assert world.client("secretariat").get(upload_url(world, YEAR - 3)).status_code == 403


def test_a_file_that_is_not_a_spreadsheet_is_refused(
    world: World, people: dict[str, Any], django_app: Any
) -> None:
    pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    for name, content in [("lich-su.xlsx", pdf), ("lich-su.pdf", pdf), ("lich-su.csv", b"a,b")]:
        form = django_app.get(upload_url(world), user="secretariat").forms["upload-form"]
        form["file"] = Upload(name, content, XLSX)
        page = form.submit(status=400)
        assert page.html.select_one(".alert-danger, .invalid-feedback"), name
    assert not ImportBatch.objects.exists()


def test_the_template_has_headers_an_example_lists_and_a_guide(
    world: World, people: dict[str, Any], django_app: Any
) -> None:
    url = reverse("blocs:import_template", args=[world.bloc.pk, YEAR, AWARD_HISTORY])
    response = django_app.get(url, user="secretariat")
    assert response.content_type == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.body))
    assert book.sheetnames == ["Lịch sử khen thưởng", "Danh mục", "Hướng dẫn"]
    data = book["Lịch sử khen thưởng"]
    header = [cell.value for cell in data[1]]
    assert header[:7] == HISTORY_HEADER and header[7] == "Chức vụ"
    assert data["F2"].is_date
    lists = [[cell.value for cell in column] for column in book["Danh mục"].iter_cols()]
    assert "Trung đoàn 144" in lists[0] and "Giấy khen" in lists[1]
    assert len(data.data_validations.dataValidation) >= 4
    guide = " ".join(str(cell.value) for cell in book["Hướng dẫn"]["A"])
    assert "Số quyết định" in guide and "Chức vụ" in guide
    # Uploaded as it is, the template's example row is refused: it cannot slip in.
    preview = upload(django_app, world, response.body)
    assert (count(preview, "new"), count(preview, "refused")) == (0, 1)


def test_a_large_preview_shows_counts_every_refused_row_by_page_and_the_first_others(
    world: World, people: dict[str, Any], django_app: Any
) -> None:
    collective = AwardType.objects.filter(nominee_kind="collective").order_by("pk")
    names = list(collective.values_list("name", flat=True))
    rows = []
    for i in range(260):  # every other row names a unit the bloc does not have
        unit = "Trung đoàn 144" if i % 2 else "Lữ đoàn Không Có"
        award, year = names[i // 2 % len(names)], 2000 + i // 2 // len(names)
        rows.append([unit, "", award, year, f"{i}/QĐ", "02/01/2025", BTTM])
    preview = upload(django_app, world, xlsx(rows))
    assert (count(preview, "refused"), count(preview, "new")) == (130, 130)
    assert len(preview.html.select("#refused-rows tr.table-danger")) == 100
    assert len(preview.html.select("#passing-rows tbody tr")) == 20
    assert preview.html.select_one("#not-shown")
    page_2 = django_app.get(preview.request.url + "?page=2", user="secretariat")
    assert len(page_2.html.select("#refused-rows tr.table-danger")) == 30


def test_checking_rows_takes_the_same_queries_for_ten_rows_as_for_two_hundred(
    world: World, people: dict[str, Any]
) -> None:
    target = sheets.Target(user=world.users["secretariat"], bloc_id=world.bloc.pk, year=YEAR)
    kind = sheets.get_kind(AWARD_HISTORY)

    def queries(size: int) -> int:
        rows = [
            [
                "Trung đoàn 144",
                "Nguyễn Văn An",
                "Giấy khen",
                2000 + i % 25,
                f"{i}/QĐ",
                "02/01/2026",
                BTTM,
            ]
            for i in range(size)
        ]
        with CaptureQueriesContext(connection) as captured:
            result = sheets.sheet_check(kind=kind, target=target, file=io.BytesIO(xlsx(rows)))
        assert result.total == size
        return len(captured)

    assert queries(10) == queries(200)


def test_a_unit_of_the_bloc_in_an_earlier_year_is_known(
    world: World, people: dict[str, Any]
) -> None:
    earlier = UnitFactory(name="Đoàn Nghi lễ")
    MembershipFactory(bloc=world.bloc, unit=earlier, year=YEAR - 4)
    outsider = UnitFactory(name="Tổng công ty 789")
    MembershipFactory(bloc=world.other_bloc, unit=outsider, year=YEAR)
    rows = [
        ["Đoàn Nghi lễ", "", "Đơn vị tiên tiến", YEAR - 4, "1/QĐ", "05/01/2023", BTTM],
        ["Tổng công ty 789", "", "Đơn vị tiên tiến", YEAR - 4, "1/QĐ", "05/01/2023", BTTM],
    ]
    with translation.override("en"):
        batch = services.import_upload(
            user=world.users["secretariat"],
            kind=AWARD_HISTORY,
            bloc_id=world.bloc.pk,
            year=YEAR,
            upload=SimpleUploadedFile("ds.xlsx", xlsx(rows)),
        )
    assert (batch.rows_new, batch.rows_refused) == (1, 1)
    assert "is not a unit of this bloc" in batch.preview["refused"][0]["problems"][0]["message"]


@pytest.fixture
def postgres(transactional_db: None) -> None:
    require(connection.vendor == "postgresql", "row locks are tested on PostgreSQL")


def test_two_confirmations_at_the_same_instant_apply_once(
    world: World, people: dict[str, Any], postgres: None
) -> None:
    batch = services.import_upload(
        user=world.users["secretariat"],
        kind=AWARD_HISTORY,
        bloc_id=world.bloc.pk,
        year=YEAR,
        upload=SimpleUploadedFile("lich-su.xlsx", xlsx(good_rows())),
    )
    barrier = threading.Barrier(2)
    results: list[object] = []

    def confirm() -> None:
        try:
            barrier.wait()
            results.append(services.import_apply(user=world.users["secretariat"], batch=batch))
        except Exception as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(type(result).__name__ for result in results) == ["ImportBatch", "RuleError"]
    assert AwardRecord.objects.count() == 2
    assert AuditEvent.objects.filter(action="import.apply").count() == 1

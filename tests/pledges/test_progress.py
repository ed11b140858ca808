"""Progress through the year: reports with evidence, reviews, the traffic-light board."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pledges.models import Evidence, Pledge, ProgressReport, Target, UnitReview
from pledges.progress import Light, target_light
from tests.blocs.test_forms import vi
from tests.conftest import YEAR, World
from tests.factories import ProgressReportFactory, TargetFactory

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100


def day(month: int, dd: int = 1) -> datetime.date:
    return datetime.date(YEAR, month, dd)


@pytest.mark.parametrize(
    ("direction", "value", "today", "light"),
    [
        ("at_least", None, day(2), Light.ON_TRACK),  # early days, nothing reported yet
        ("at_least", None, day(6), Light.AT_RISK),
        ("at_least", Decimal(40), day(6), Light.ON_TRACK),  # 80 % by Nov 30: ~33 expected by June
        ("at_least", Decimal(10), day(6), Light.AT_RISK),
        ("at_least", Decimal(85), day(6), Light.ACHIEVED),
        ("at_least", Decimal(70), day(12, 15), Light.MISSED),
        ("at_most", Decimal(0), day(6), Light.ON_TRACK),  # a limit is only met at the deadline
        ("at_most", Decimal(90), day(6), Light.AT_RISK),
        ("at_most", Decimal(0), day(12, 1), Light.ACHIEVED),
    ],
)
def test_traffic_light(
    pledge: Pledge, direction: str, value: Decimal | None, today: datetime.date, light: str
) -> None:
    target = pledge.targets.first()
    target.direction = direction
    target.target_value = Decimal(80) if direction == "at_least" else Decimal(0)
    assert target_light(target=target, value=value, today=today) == light


def report(world: World, target: Target, actor: str = "commander", **data: object) -> object:
    payload = {"achieved_value": "42", "narrative": "Đã huấn luyện 3 đợt", **data}
    return world.client(actor).post(reverse("pledges:target_progress", args=[target.pk]), payload)


def test_commander_reports_progress_with_evidence(world: World, signed_pledge: Pledge) -> None:
    target = signed_pledge.targets.get(unit=world.member_unit)
    files = [
        SimpleUploadedFile("Biên bản kiểm tra.pdf", PDF),
        SimpleUploadedFile("Kết quả.pdf", PDF),
    ]
    response = report(world, target, files=files)
    assert response.status_code == 302
    progress = ProgressReport.objects.get()
    assert progress.achieved_value == Decimal(42)
    names = sorted(progress.evidence.values_list("name", flat=True))
    assert names == ["Biên bản kiểm tra.pdf", "Kết quả.pdf"]
    stored = progress.evidence.first().file.name
    assert (
        stored.startswith(f"evidence/{signed_pledge.pk}/{world.member_unit.pk}/")
        and "Bi" not in stored
    )


def test_executable_disguised_as_pdf_is_refused_and_nothing_is_kept(
    world: World, signed_pledge: Pledge
) -> None:
    target = signed_pledge.targets.get(unit=world.member_unit)
    files = [SimpleUploadedFile("ok.pdf", PDF), SimpleUploadedFile("minh-chung.pdf", EXE)]
    response = report(world, target, files=files)
    assert response.status_code == 400
    assert "minh-chung.pdf" in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_progress_value_of_the_wrong_type_is_refused(world: World, signed_pledge: Pledge) -> None:
    target = signed_pledge.targets.get(unit=world.member_unit)
    response = report(world, target, achieved_value="bốn mươi")
    assert response.status_code == 400
    assert vi("Enter a number.") in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_only_the_units_commander_reports(world: World, signed_pledge: Pledge) -> None:
    target = signed_pledge.targets.get(unit=world.member_unit)
    assert report(world, target, actor="leader_commander").status_code == 403
    assert report(world, target, actor="secretariat").status_code == 403
    assert report(world, target, actor="other_commander").status_code == 404
    assert not ProgressReport.objects.exists()


def test_draft_pledge_takes_no_progress(world: World, pledge: Pledge) -> None:
    target = pledge.targets.get(unit=world.member_unit)
    response = report(world, target)
    assert response.status_code == 302
    assert response["Location"] == reverse("pledges:detail", args=[pledge.pk])
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("commander", 200),
        ("secretariat", 200),
        ("reviewer", 200),
        ("superior", 200),
        ("leader_commander", 404),
        ("other_commander", 404),
        ("other_secretariat", 404),
    ],
)
def test_evidence_is_served_only_to_those_who_see_the_units_report(
    world: World, signed_pledge: Pledge, actor: str, expected: int
) -> None:
    target = signed_pledge.targets.get(unit=world.member_unit)
    report(world, target, files=[SimpleUploadedFile("Biên bản.pdf", PDF)])
    evidence = Evidence.objects.get()
    response = world.client(actor).get(reverse("pledges:evidence", args=[evidence.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf" in response["Content-Disposition"]


def test_board_shows_lights_and_a_commander_only_their_unit(
    world: World, signed_pledge: Pledge
) -> None:
    target = signed_pledge.targets.get(unit=world.member_unit)
    report(world, target, achieved_value="85")
    secretariat = world.client("secretariat").get(
        reverse("pledges:progress", args=[signed_pledge.pk])
    )
    page = secretariat.content.decode()
    assert f'data-target="{target.pk}" data-light="achieved"' in page
    assert world.leader_unit.name in page
    commander = world.client("commander").get(reverse("pledges:progress", args=[signed_pledge.pk]))
    assert world.leader_unit.name not in commander.content.decode().split('id="reviews"')[0]


def test_board_query_count_does_not_grow(world: World, signed_pledge: Pledge) -> None:
    url = reverse("pledges:progress", args=[signed_pledge.pk])
    client = world.client("secretariat")

    def grow(n: int) -> None:
        for _ in range(n):  # each target of a new member unit
            target = TargetFactory(pledge=signed_pledge, target_value=1, deadline=day(6))
            ProgressReportFactory(
                target=target,
                achieved_value=1,
                reported_at=datetime.datetime(YEAR, 3, 1, tzinfo=datetime.UTC),
            )

    grow(3)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(30)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_review_handed_in_once_and_marked_late_after_the_deadline(
    world: World, signed_pledge: Pledge
) -> None:
    signed_pledge.mid_year_deadline = datetime.date(2000, 7, 15)
    signed_pledge.save(update_fields=["mid_year_deadline"])
    url = reverse("pledges:review", args=[signed_pledge.pk, "mid_year"])
    client = world.client("commander")
    data = {"unit": world.member_unit.pk, "summary": "Sơ kết 6 tháng: hoàn thành 60% chỉ tiêu."}
    assert client.post(url, data).status_code == 302
    review = UnitReview.objects.get()
    assert review.late
    again = client.post(url, data, follow=True)  # a second tab, sent after the first
    assert "của mọi đơn vị do đồng chí chỉ huy" in again.content.decode()
    assert UnitReview.objects.count() == 1
    assert world.client("other_commander").post(url, data).status_code == 404

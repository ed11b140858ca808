"""Printing a decision's certificates: one page each, in order, with serials and QR codes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pypdfium2
import pytest
import zxingcpp
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from awards import proposals
from awards.models import AwardDecision
from certificates.models import Certificate
from certificates.services import template_save, template_texts
from jobs.models import Job, JobChunk, JobStatus
from tests.certificates.conftest import english
from tests.conftest import World
from tests.factories import PrinterProfileFactory


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


@pytest.fixture
def _print(world: World, django_capture_on_commit_callbacks: Callable) -> Callable:
    """Ask for a batch on the decision's page; the job runs as a worker would run it."""

    def request(decision: AwardDecision, actor: str = "secretariat", **data: str) -> object:
        form = {"output": "pdf", "mode": "full", **data}
        with django_capture_on_commit_callbacks(execute=True):
            return english(world, actor).post(
                reverse("certificates:batch", args=[decision.pk, world.bloc.pk]), form
            )

    return request


def _result(job: Job) -> bytes:
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        return handle.read()


def _fonts(pdf: bytes) -> set[str]:
    """The fonts embedded in the PDF (subset prefixes removed)."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            name = str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1]
            names.add(name.replace("-", ""))
    return names


def _qr_targets(pdf: bytes) -> list[str]:
    """What a phone reads from each page's QR code (the page rendered as an image)."""
    document = pypdfium2.PdfDocument(pdf)
    targets = []
    for page in document:
        image = page.render(scale=2).to_pil()
        targets += [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    return targets


def test_a_batch_prints_every_recipient_once_in_the_decisions_order(
    world: World, make_decision: Callable[..., AwardDecision], _print: Callable
) -> None:
    decision = make_decision(3)
    response = _print(decision)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("blocs:job_detail", args=[job.pk])

    reader = PdfReader(io.BytesIO(_result(job)))
    certificates = list(Certificate.objects.order_by("serial"))
    assert len(reader.pages) == 3
    assert [c.serial for c in certificates] == ["KT2026-000001", "KT2026-000002", "KT2026-000003"]
    order = list(decision.recipients.order_by("decision_order"))
    assert [c.proposal for c in certificates] == order
    for page, certificate in zip(reader.pages, certificates, strict=True):
        assert (round(page.mediabox.width), round(page.mediabox.height)) == (
            842,
            595,
        )  # A4 landscape
        text = page.extract_text()
        name = certificate.proposal.person.full_name
        assert f"Đại úy {name}" in text  # rank and name, diacritics intact
        assert "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Đã có thành tích xuất sắc trong Phong trào Thi đua Quyết thắng năm 2026" in text
        assert "Quyết định số 1234/QĐ-TM ngày 20/12/2026" in text
        assert "Hà Nội, ngày 20 tháng 12 năm 2026" in text
        assert "TỔNG THAM MƯU TRƯỞNG\nThượng tướng\nNguyễn Tân Cương" in text
        assert f"Số: {certificate.serial}" in text
    base = settings.PORTAL_BASE_URL.rstrip("/")
    assert _qr_targets(_result(job)) == [
        base + reverse("certificate_verify", args=[c.code]) for c in certificates
    ]
    assert _fonts(_result(job)) == {
        "LiberationSerif",
        "LiberationSerifBold",
        "LiberationSerifItalic",
    }
    assert job.items_total == job.items_done == 3
    assert not any(chunk.file for chunk in JobChunk.objects.filter(job=job))  # cleaned up


def test_chunks_join_in_order(
    world: World, make_decision: Callable[..., AwardDecision], _print: Callable, settings: object
) -> None:
    settings.PORTAL_CERTIFICATE_CHUNK = 2
    decision = make_decision(5)
    _print(decision)
    job = Job.objects.get()
    reader = PdfReader(io.BytesIO(_result(job)))
    serials = [c.serial for c in Certificate.objects.order_by("serial")]
    assert JobChunk.objects.filter(job=job).count() == 3
    assert [
        next(s for s in serials if f"Số: {s}" in page.extract_text()) for page in reader.pages
    ] == serials


def test_the_zip_holds_one_pdf_per_recipient_named_after_them(
    world: World, make_decision: Callable[..., AwardDecision], _print: Callable
) -> None:
    decision = make_decision(2)
    _print(decision, output="zip")
    archive = zipfile.ZipFile(io.BytesIO(_result(Job.objects.get())))
    expected = []
    for certificate in Certificate.objects.order_by("serial"):
        person = certificate.proposal.person
        expected.append(f"{certificate.serial} Đại úy {person.full_name}.pdf")
    assert archive.namelist() == expected
    for name in expected:
        reader = PdfReader(io.BytesIO(archive.read(name)))
        assert len(reader.pages) == 1
        assert name.removesuffix(".pdf").split(" ", 1)[1] in reader.pages[0].extract_text()


def test_a_reprint_is_the_same_certificate_even_after_the_template_changed(
    world: World, make_decision: Callable[..., AwardDecision], _print: Callable
) -> None:
    decision = make_decision(2)
    _print(decision)
    first = Certificate.objects.order_by("serial").first()
    award = first.proposal.award
    template_save(
        user=world.users["admin"],
        award=award,
        texts={**template_texts(award), "achievement": "Văn bản mới {year}"},
    )
    response = english(world, "secretariat").get(reverse("certificates:print", args=[first.pk]))
    text = PdfReader(io.BytesIO(response.getvalue())).pages[0].extract_text()
    assert f"Số: {first.serial}" in text
    assert "Đã có thành tích xuất sắc" in text and "Văn bản mới" not in text

    _print(decision)  # a second batch issues no new serial
    assert Certificate.objects.count() == 2
    assert sorted(Certificate.objects.values_list("serial", flat=True)) == [
        "KT2026-000001",
        "KT2026-000002",
    ]


def test_a_revoked_award_is_left_out_and_cannot_be_reprinted(
    world: World, make_decision: Callable[..., AwardDecision], _print: Callable
) -> None:
    decision = make_decision(3)
    _print(decision)
    revoked = Certificate.objects.order_by("serial")[1]
    proposals.proposal_revoke(
        user=world.users["reviewer"], proposal=revoked.proposal, reason="Khai man thành tích"
    )
    response = english(world, "secretariat").get(reverse("certificates:print", args=[revoked.pk]))
    assert response.status_code == 409
    assert b"cannot be printed again" in response.content

    _print(decision)
    job = Job.objects.order_by("-created_at").first()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(_result(job))).pages)
    assert revoked.serial not in text
    assert text.count("Số: KT2026-") == 2


def test_blanks_print_only_the_variable_text_moved_by_the_printer(
    world: World, make_decision: Callable[..., AwardDecision], _print: Callable
) -> None:
    decision = make_decision(1)
    printer = PrinterProfileFactory(bloc=world.bloc, name="HP 401", offset_x_mm=3, offset_y_mm=-2)
    _print(decision, mode="blank", printer=str(printer.pk))
    job = Job.objects.get()
    text = PdfReader(io.BytesIO(_result(job))).pages[0].extract_text()
    assert "CỘNG HOÀ" not in text and "Giấy khen" not in text  # pre-printed on the blank
    assert "Đại úy" in text and "Số: KT2026-000001" in text
    assert job.filename.endswith("(blanks, HP 401).pdf")

    full = _page_positions(
        english(world, "secretariat")
        .get(reverse("certificates:print", args=[Certificate.objects.get().pk]))
        .getvalue()
    )
    moved = _page_positions(_result(job))
    dx, dy = (moved["Số: KT2026-000001"][i] - full["Số: KT2026-000001"][i] for i in (0, 1))
    assert round(dx / 72 * 25.4, 1) == 3.0  # right 3 mm
    assert round(dy / 72 * 25.4, 1) == 2.0  # up 2 mm in PDF coordinates: down is negative


def _page_positions(pdf: bytes) -> dict[str, tuple[float, float]]:
    positions: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            x, y = tm[4], tm[5]  # the text's origin, through the page's transformation
            positions.setdefault(
                text.strip(), (cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5])
            )

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return positions

"""The signed pledge's PDF: every signature, a QR code, and a PAdES signature."""

from __future__ import annotations

import io

from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from blocs.services import bloc_save
from emulation_portal.lib.pdf_signing import _signer
from jobs.models import Job, JobStatus
from pledges import services
from pledges.models import Pledge
from tests.conftest import World
from tests.factories import PASSWORD


def sign_all(world: World, pledge: Pledge, capture: object) -> None:
    services.pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    request = RequestFactory().post("/")
    for actor, unit in [("commander", world.member_unit), ("leader_commander", world.leader_unit)]:
        with capture(execute=True):
            services.pledge_sign(
                user=world.users[actor],
                pledge=pledge,
                unit=unit,
                password=PASSWORD,
                otp_code="",
                request=request,
            )


def download(world: World, pledge: Pledge, actor: str = "reviewer") -> bytes:
    response = world.client(actor).get(reverse("pledges:document", args=[pledge.pk]))
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def test_last_signature_prints_the_signed_pledge(
    world: World,
    pledge: Pledge,
    leader_commander: object,
    django_capture_on_commit_callbacks: object,
) -> None:
    sign_all(world, pledge, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="pledge_document")
    assert job.status == JobStatus.DONE, job.error
    content = download(world, pledge)
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )
    version = pledge.versions.get()
    for expected in [
        "GIAO ƯỚC THI ĐUA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Giữ vững đoàn kết thống nhất.",
        "Tỷ lệ khá, giỏi",
        "Nguyễn Văn Thành",
        world.member_unit.name,
        version.digest[:20],
    ]:
        assert expected in text, expected
    # The verification link (wrapped over two lines in the PDF).
    assert f"/pledges/verify/{pledge.public_id}/" in text.replace(" ", "")


def test_a_reprint_prints_the_signed_text_whatever_the_live_rows_say(
    world: World,
    pledge: Pledge,
    leader_commander: object,
    django_capture_on_commit_callbacks: object,
) -> None:
    sign_all(world, pledge, django_capture_on_commit_callbacks)
    bloc_save(user=world.users["admin"], bloc=world.bloc, data={"name": "Khối thi đua số 4 mới"})
    with connection.cursor() as cursor:  # behind the portal's back
        cursor.execute("UPDATE pledges_target SET indicator = 'Chỉ tiêu sửa lén'")
    pledge.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.pledge_document_request(user=world.users["secretariat"], pledge=pledge)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        pages = PdfReader(io.BytesIO(handle.read())).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Tỷ lệ khá, giỏi" in text
    assert "Chỉ tiêu sửa lén" not in text


def test_the_pdf_signature_is_valid_and_detects_changes(
    world: World,
    pledge: Pledge,
    leader_commander: object,
    django_capture_on_commit_callbacks: object,
    settings: object,
) -> None:
    sign_all(world, pledge, django_capture_on_commit_callbacks)
    content = download(world, pledge)
    signer = _signer(settings.PORTAL_PDF_SIGNING_P12, settings.PORTAL_PDF_SIGNING_PASSPHRASE)
    trust = ValidationContext(trust_roots=[signer.signing_cert])
    signature = PdfFileReader(io.BytesIO(content)).embedded_signatures[0]
    status = validate_pdf_signature(signature, trust)
    assert status.intact and status.valid and status.trusted

    tampered = content.replace(b"Nguy", b"Ngoy", 1) if b"Nguy" in content else bytearray(content)
    if isinstance(tampered, bytearray):  # text is compressed: flip a byte inside the signed range
        tampered[len(tampered) // 3] ^= 0x01
        tampered = bytes(tampered)
    altered = PdfFileReader(io.BytesIO(tampered)).embedded_signatures[0]
    assert not validate_pdf_signature(altered, trust).intact


def test_outsiders_cannot_download_it(
    world: World,
    pledge: Pledge,
    leader_commander: object,
    django_capture_on_commit_callbacks: object,
) -> None:
    sign_all(world, pledge, django_capture_on_commit_callbacks)
    for actor in ["other_commander", "other_secretariat", "unscoped"]:
        response = world.client(actor).get(reverse("pledges:document", args=[pledge.pk]))
        assert response.status_code == 404


def test_a_new_version_is_not_printed_with_old_signatures(
    world: World,
    pledge: Pledge,
    leader_commander: object,
    django_capture_on_commit_callbacks: object,
) -> None:
    sign_all(world, pledge, django_capture_on_commit_callbacks)
    services.pledge_new_version(user=world.users["secretariat"], pledge=pledge, reason="Sửa")
    response = world.client("reviewer").get(reverse("pledges:document", args=[pledge.pk]))
    assert response.status_code == 404


def test_missing_certificate_fails_the_job_with_a_clear_reason(
    world: World,
    pledge: Pledge,
    leader_commander: object,
    django_capture_on_commit_callbacks: object,
    settings: object,
) -> None:
    settings.PORTAL_PDF_SIGNING_P12 = "/nonexistent/portal.p12"
    sign_all(world, pledge, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="pledge_document")
    assert job.status == JobStatus.FAILED
    assert "certificate" in job.error or "chứng thư" in job.error

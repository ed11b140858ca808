"""The bloc roster: a background job renders a Vietnamese administrative PDF."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from blocs import documents
from blocs.models import MembershipRole
from emulation_portal.lib.dates import administrative_date_parts
from jobs import services as job_services
from jobs.models import Job, JobStatus
from tests.conftest import YEAR, World
from tests.factories import MembershipFactory, PersonFactory, UnitFactory


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def request_roster(world: World, django_capture_on_commit_callbacks, year: int = YEAR) -> Job:
    client = world.client("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("blocs:roster_request", args=[world.bloc.pk]), {"year": year}
        )
    job = Job.objects.get()
    assert response.url == reverse("blocs:job_detail", args=[job.pk])
    return job


def test_roster_pdf_has_the_vietnamese_administrative_layout(
    world: World, django_capture_on_commit_callbacks
) -> None:
    world.leader_unit.name = "Trường Cao đẳng Kỹ thuật Mật mã"
    world.leader_unit.save(update_fields=["name"])
    PersonFactory(
        unit=world.leader_unit, full_name="Nguyễn Văn Thành", rank="dai_ta", is_commander=True
    )
    job = request_roster(world, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error

    download = world.client("secretariat").get(reverse("blocs:job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(download.streaming_content))
    date = administrative_date_parts(timezone.localdate())
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        world.command.name.upper(),
        world.bloc.name.upper(),
        f"Số: 1/DS-{world.bloc.document_code}",
        f"Hà Nội, ngày {date['day']} tháng {date['month']} năm {date['year']}",
        "Trường Cao đẳng Kỹ thuật Mật mã",
        "Khối trưởng",
        "Đại tá Nguyễn Văn Thành",
        world.member_unit.name,
    ]:
        assert expected in text, expected
    assert world.other_unit.name not in text


def test_job_page_shows_progress_then_download(
    world: World, django_capture_on_commit_callbacks
) -> None:
    client = world.client("secretariat")
    response = client.post(reverse("blocs:roster_request", args=[world.bloc.pk]), {"year": YEAR})
    job = Job.objects.get()
    waiting = client.get(response.url).content.decode()
    assert 'id="job-status"' in waiting
    assert client.get(reverse("blocs:job_status", args=[job.pk])).json()["status"] == "pending"

    job_services.job_execute(job_id=str(job.pk))
    status = client.get(reverse("blocs:job_status", args=[job.pk])).json()
    assert status["status"] == "done"
    assert status["download_url"] == reverse("blocs:job_download", args=[job.pk])
    assert 'id="job-done"' in client.get(response.url).content.decode()


def test_failed_job_says_why_and_can_be_retried(
    world: World, django_capture_on_commit_callbacks
) -> None:
    empty_year = YEAR + 5
    job = request_roster(world, django_capture_on_commit_callbacks, year=empty_year)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    page = (
        world.client("secretariat").get(reverse("blocs:job_detail", args=[job.pk])).content.decode()
    )
    assert 'id="job-failed"' in page
    assert str(empty_year) in job.error

    MembershipFactory(
        bloc=world.bloc, unit=UnitFactory(), year=empty_year, role=MembershipRole.LEADER
    )
    with django_capture_on_commit_callbacks(execute=True):
        world.client("secretariat").post(reverse("blocs:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)


def test_unexpected_error_is_recorded_and_retry_keeps_the_number(
    world: World, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(documents, "render_pdf", broken)
    job = request_roster(world, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "disk full" not in job.error  # internals stay in the log
    number = job.params["number"]

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        job_services.job_retry(user=world.users["secretariat"], job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.params["number"] == number


def test_running_a_done_job_again_changes_nothing(
    world: World, django_capture_on_commit_callbacks
) -> None:
    job = request_roster(world, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    before = (job.file.name, job.attempts, job.finished_at)
    job_services.job_execute(job_id=str(job.pk))
    job.refresh_from_db()
    assert (job.file.name, job.attempts, job.finished_at) == before


def test_commander_cannot_print_the_roster(world: World) -> None:
    response = world.client("commander").post(
        reverse("blocs:roster_request", args=[world.bloc.pk]), {"year": YEAR}
    )
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_outsider_cannot_download(world: World, django_capture_on_commit_callbacks) -> None:
    job = request_roster(world, django_capture_on_commit_callbacks)
    for actor in ["other_secretariat", "commander", "reviewer"]:
        response = world.client(actor).get(reverse("blocs:job_download", args=[job.pk]))
        assert response.status_code == 404

"""Certificates in Chromium: the secretariat prints the demo decision, follows the batch, and
anyone can check a certificate from its QR code's address."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from pypdf import PdfReader

from awards.models import AwardDecision
from blocs.models import Bloc
from certificates.models import Certificate
from jobs.models import Job, JobStatus
from tests.e2e.test_journey import chromium_page
from tests.e2e.test_proposal import log_in
from tests.factories import JobFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def page(live_server: object, transactional_db: None) -> object:
    yield from chromium_page()


def test_the_secretariat_prints_a_decision_and_a_holder_checks_one(
    page: object, live_server: object
) -> None:
    base = live_server.url
    log_in(page, base, "thuky.k4")
    page.goto(f"{base}/certificates/")
    decision = AwardDecision.objects.get(number="1512/QĐ-TM-2026")
    page.click(f"text={decision.number}")
    page.click("button.print-batch")
    page.wait_for_selector("#job-done")
    with page.expect_download() as download:
        page.click("#job-done a")
    reader = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    recipients = decision.recipients.count()
    assert len(reader.pages) == recipients == Certificate.objects.count()

    certificate = Certificate.objects.order_by("serial").first()
    page.context.clear_cookies()
    page.goto(f"{base}/verify/{certificate.code}/")
    assert "Xác thực." in page.inner_text("#verify-genuine")
    assert certificate.serial in page.inner_text("main")
    page.goto(f"{base}/verify/ma-doan-bua/")
    assert page.inner_text("#verify-not-found") == "Không tìm thấy."


def test_the_job_page_follows_a_running_batch(page: object, live_server: object) -> None:
    base = live_server.url
    log_in(page, base, "thuky.k4")
    job = JobFactory(
        kind="certificates",
        bloc_id=Bloc.objects.get(name="Khối thi đua số 4").pk,
        requested_by=get_user_model().objects.get(username="thuky.k4"),
        status=JobStatus.RUNNING,
        items_total=1000,
        items_done=250,
        started_at=timezone.now() - datetime.timedelta(seconds=30),
    )
    page.goto(f"{base}/jobs/{job.pk}/")
    assert page.inner_text("#job-count").startswith("250/1000")
    Job.objects.filter(pk=job.pk).update(items_done=600)
    page.wait_for_selector("#job-count:has-text('600/1000')")  # polled, no reload
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="Hết giấy")
    page.wait_for_selector("#job-failed")  # the page reloads itself when the job ends
    assert "Hết giấy" in page.inner_text("#job-failed")

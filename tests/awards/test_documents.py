"""The award dossier and one nominee's achievement report, rendered by background jobs."""

from __future__ import annotations

from django.urls import reverse

from awards import proposals
from awards.models import AwardRule, AwardType
from awards.rules import DOSSIER, awards_ensure
from jobs.models import Job, JobStatus
from tests.conftest import YEAR, World
from tests.evaluation.test_minutes import text_of


def test_award_dossier_pdf(world: World, django_capture_on_commit_callbacks: object) -> None:
    awards_ensure(AwardType, AwardRule)
    proposal = proposals.proposal_create(
        user=world.users["commander"],
        award=AwardType.objects.get(code="don-vi-tien-tien"),
        bloc=world.bloc,
        year=YEAR,
        unit=world.member_unit,
        person=None,
        data={
            "achievement": "Hoàn thành xuất sắc nhiệm vụ huấn luyện",
            "no_discipline": True,
            "members_total": 100,
            "members_with_title": 60,
            "documents": DOSSIER,
        },
    )
    proposals.proposal_submit(user=world.users["commander"], proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        world.client("secretariat").post(reverse("awards:dossier", args=[world.bloc.pk, YEAR]))
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.error
    text = text_of(job)
    assert "TỜ TRÌNH" in text and "BÁO CÁO THÀNH TÍCH" in text and "II. Thành tích đạt được" in text
    assert "Hoàn thành xuất sắc nhiệm vụ huấn luyện" in text and "Đơn vị tiên tiến" in text


def test_one_achievement_report_as_its_own_pdf(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    awards_ensure(AwardType, AwardRule)
    proposal = proposals.proposal_create(
        user=world.users["commander"],
        award=AwardType.objects.get(code="don-vi-tien-tien"),
        bloc=world.bloc,
        year=YEAR,
        unit=world.member_unit,
        person=None,
        data={
            "situation": "Đơn vị huấn luyện",
            "achievement": "Hoàn thành 100% chỉ tiêu",
            "awards_received": "Bằng khen năm 2025",
        },
    )
    url = reverse("awards:achievement_report", args=[proposal.pk])
    with django_capture_on_commit_callbacks(execute=True):
        world.client("secretariat").post(url)
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.error
    text = text_of(job)
    assert (
        "BÁO CÁO THÀNH TÍCH" in text
        and "Hoàn thành 100% chỉ tiêu" in text
        and "Bằng khen năm 2025" in text
    )

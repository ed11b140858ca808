"""The count minutes and the meeting minutes, rendered by background jobs."""

from __future__ import annotations

import io

from django.urls import reverse
from pypdf import PdfReader

from awards import ballots
from awards.models import VotingRule
from blocs.models import Job, JobStatus
from tests.conftest import YEAR, World


def text_of(job: Job) -> str:
    reader = PdfReader(io.BytesIO(job.file.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_count_and_meeting_minutes(
    world: World, rule: VotingRule, bloc_of_five: list, django_capture_on_commit_callbacks: object
) -> None:
    units = bloc_of_five
    ballot = ballots.ballot_open(
        user=world.users["secretariat"], bloc=world.bloc, year=YEAR, question="Suy tôn Cờ thi đua",
        rule=rule, max_choices=1, seats=1, candidates=[units[0], units[1]],
    )  # fmt: skip
    for i in range(1, 5):
        ballots.ballot_cast(user=world.users[f"commander_{i}"], ballot=ballot, voter=units[i],
                            choices=[units[0]])  # fmt: skip
    ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)
    url = reverse("awards:minutes", args=[world.bloc.pk, YEAR])
    client = world.client("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"ballot": ballot.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    count, meeting = Job.objects.order_by("created_at")
    assert (count.status, meeting.status) == (JobStatus.DONE, JobStatus.DONE), (
        count.error,
        meeting.error,
    )
    count_text = text_of(count)
    assert "BIÊN BẢN" in count_text and "Suy tôn Cờ thi đua" in count_text
    assert units[0].name in count_text and "Quy chế hoạt động Khối (kiểm thử)" in count_text
    assert "Suy tôn Cờ thi đua" in text_of(meeting)
    assert world.client("commander").post(url).status_code == 403


def test_award_dossier_pdf(world: World, django_capture_on_commit_callbacks: object) -> None:
    from awards import proposals
    from awards.models import AwardRule, AwardType
    from awards.rules import DOSSIER, awards_ensure

    awards_ensure(AwardType, AwardRule)
    proposal = proposals.proposal_create(
        user=world.users["commander"], award=AwardType.objects.get(code="don-vi-tien-tien"),
        bloc=world.bloc, year=YEAR, unit=world.member_unit, person=None,
        data={"achievement": "Hoàn thành xuất sắc nhiệm vụ huấn luyện", "no_discipline": True,
              "members_total": 100, "members_with_title": 60, "documents": DOSSIER},
    )  # fmt: skip
    proposals.proposal_submit(user=world.users["commander"], proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        world.client("secretariat").post(
            reverse("awards:minutes", args=[world.bloc.pk, YEAR]), {"dossier": "1"}
        )
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.error
    text = text_of(job)
    assert "TỜ TRÌNH" in text and "BÁO CÁO THÀNH TÍCH" in text and "II. Thành tích đạt được" in text
    assert "Hoàn thành xuất sắc nhiệm vụ huấn luyện" in text and "Đơn vị tiên tiến" in text


def test_one_achievement_report_as_its_own_pdf(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    from awards import proposals
    from awards.models import AwardRule, AwardType
    from awards.rules import awards_ensure

    awards_ensure(AwardType, AwardRule)
    proposal = proposals.proposal_create(
        user=world.users["commander"], award=AwardType.objects.get(code="don-vi-tien-tien"),
        bloc=world.bloc, year=YEAR, unit=world.member_unit, person=None,
        data={"situation": "Đơn vị huấn luyện", "achievement": "Hoàn thành 100% chỉ tiêu",
              "awards_received": "Bằng khen năm 2025"},
    )  # fmt: skip
    url = reverse("awards:minutes", args=[world.bloc.pk, YEAR])
    with django_capture_on_commit_callbacks(execute=True):
        world.client("secretariat").post(url, {"proposal": proposal.pk})
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.error
    text = text_of(job)
    assert (
        "BÁO CÁO THÀNH TÍCH" in text
        and "Hoàn thành 100% chỉ tiêu" in text
        and "Bằng khen năm 2025" in text
    )

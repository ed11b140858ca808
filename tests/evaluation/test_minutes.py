"""The count minutes and the meeting minutes, rendered by background jobs."""

from __future__ import annotations

import io

from django.urls import reverse
from pypdf import PdfReader

from evaluation import ballots
from evaluation.models import VotingRule
from jobs.models import Job, JobStatus
from tests.conftest import YEAR, World

from .conftest import ballot_voted


def text_of(job: Job) -> str:
    reader = PdfReader(io.BytesIO(job.file.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_count_and_meeting_minutes(
    world: World, rule: VotingRule, bloc_of_five: list, django_capture_on_commit_callbacks: object
) -> None:
    units = bloc_of_five
    ballot = ballot_voted(world, rule, units, candidates=[units[0], units[1]])
    ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)
    url = reverse("evaluation:minutes", args=[world.bloc.pk, YEAR])
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


def test_the_count_minutes_give_the_fractions_and_whole_votes(
    world: World, rule: VotingRule, bloc_of_six: list, django_capture_on_commit_callbacks: object
) -> None:
    """At least 7/10 of 6 member units is 4.2: the minutes say 5 votes, never "4,20"."""
    units = bloc_of_six
    ballot = ballot_voted(world, rule, units, candidates=[units[0]])
    ballots.ballot_close(user=world.users["secretariat"], ballot=ballot)
    url = reverse("evaluation:minutes", args=[world.bloc.pk, YEAR])
    with django_capture_on_commit_callbacks(execute=True):
        world.client("secretariat").post(url, {"ballot": ballot.pk})
    count_text = text_of(Job.objects.get())
    assert (
        "Tỷ lệ tham dự tối thiểu: từ 2/3 tổng số đơn vị thành viên trở lên, tức là tối thiểu 4 "
        "trên 6 đơn vị thành viên. Tỷ lệ phiếu suy tôn: từ 70% tổng số đơn vị thành viên trở lên, "
        "tức là tối thiểu 5 phiếu."
    ) in count_text
    assert "4,2" not in count_text and "4.2" not in count_text and "66,67" not in count_text


def test_the_count_minutes_name_the_count_committee_and_the_ballots(
    world: World,
    rule: VotingRule,
    bloc_of_five: list,
    django_app: object,
    django_capture_on_commit_callbacks: object,
) -> None:
    """Closed from the ballot page's form, the minutes name the ban kiểm phiếu and state the
    ballots issued, returned, valid and invalid, in the bloc's own words (suy tôn)."""
    units = bloc_of_five
    ballot = ballot_voted(world, rule, units, candidates=[units[0], units[1]])
    page = django_app.get(reverse("evaluation:ballot_detail", args=[ballot.pk]), user="secretariat")
    form = page.forms["close-form"]
    form["count_committee"] = "Thiếu tá Trần Thu Hà, trưởng ban\nĐại úy Lê Văn Nam, ủy viên"
    counted = form.submit().follow()
    with django_capture_on_commit_callbacks(execute=True):
        counted.forms["count-minutes-form"].submit()
    minutes = text_of(Job.objects.get())
    assert "Ban kiểm phiếu: Thiếu tá Trần Thu Hà, trưởng ban Đại úy Lê Văn Nam, ủy viên" in minutes
    assert "Số phiếu phát ra: 5" in minutes and "Số phiếu thu về: 4" in minutes
    assert "Số phiếu hợp lệ: 4. Số phiếu không hợp lệ: 0" in minutes
    assert "Được suy tôn" in minutes and "BAN KIỂM PHIẾU" in minutes

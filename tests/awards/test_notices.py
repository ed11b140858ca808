"""Public notice: working days across weekends and holidays; feedback and complaints."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from awards import notices, proposals
from awards.models import AwardRule, AwardType, NoticeFeedback, PublicHoliday, PublicNotice
from awards.rules import DOSSIER, awards_ensure
from tests.blocs.test_forms import vi
from tests.conftest import YEAR, World
from tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def test_working_days_skip_weekends_and_days_off_and_count_saturdays_worked() -> None:
    # Thursday 30 April and Friday 1 May 2026 are days off; 2–3 May is a weekend.
    calendar = {datetime.date(2026, 4, 30): "day_off", datetime.date(2026, 5, 1): "day_off"}
    end = notices.working_days_end(start=datetime.date(2026, 4, 28), days=3, calendar=calendar)
    assert end == datetime.date(2026, 5, 4)  # Tue 28, Wed 29, then Mon 4 May
    assert notices.working_days_end(
        start=datetime.date(2026, 4, 28), days=3, calendar={}
    ) == datetime.date(2026, 4, 30)
    calendar[datetime.date(2026, 5, 2)] = "working_day"  # a Saturday worked in exchange
    end = notices.working_days_end(start=datetime.date(2026, 4, 28), days=3, calendar=calendar)
    assert end == datetime.date(2026, 5, 2)


def _submitted(world: World) -> object:
    awards_ensure(AwardType, AwardRule)
    proposal = proposals.proposal_create(
        user=world.users["commander"],
        award=AwardType.objects.get(code="giay-khen"),
        bloc=world.bloc,
        year=YEAR,
        unit=world.member_unit,
        person=PersonFactory(unit=world.member_unit),
        data={"achievement": "x", "no_discipline": True, "documents": DOSSIER},
    )
    return proposals.proposal_submit(user=world.users["commander"], proposal=proposal)


def test_review_waits_for_the_notice_and_for_complaints(world: World) -> None:
    proposal = _submitted(world)
    reviewer = world.users["reviewer"]
    with pytest.raises(ValidationError, match="not been made public"):
        proposals.proposal_review(user=reviewer, proposal=proposal, decision="approve")
    with time_machine.travel(
        datetime.datetime(2026, 4, 27, 9, tzinfo=datetime.UTC), tick=False
    ) as clock:
        # 30 April and 1 May 2026 are days off in the seeded calendar.
        notice = notices.notice_publish(
            user=world.users["secretariat"], bloc=world.bloc, year=YEAR, working_days=3
        )
        assert (notice.starts_on, notice.ends_on) == (
            datetime.date(2026, 4, 28),
            datetime.date(2026, 5, 4),
        )
        clock.move_to(datetime.datetime(2026, 4, 29, 9, tzinfo=datetime.UTC))
        complaint = notices.feedback_send(
            user=world.users["secretariat"],
            proposal=proposal,
            kind="complaint",
            text="Thành tích chưa đúng thực tế",
        )
        with pytest.raises(PermissionDenied):  # another bloc's user
            notices.feedback_send(
                user=world.users["other_commander"], proposal=proposal, kind="feedback", text="x"
            )
        with pytest.raises(ValidationError, match="runs until 04/05/2026"):
            proposals.proposal_review(user=reviewer, proposal=proposal, decision="approve")
        clock.move_to(datetime.datetime(2026, 5, 5, 9, tzinfo=datetime.UTC))
        with pytest.raises(ValidationError, match="complaint"):
            proposals.proposal_review(user=reviewer, proposal=proposal, decision="approve")
        notices.feedback_resolve(
            user=world.users["secretariat"],
            feedback=complaint,
            resolution="Đã xác minh, thành tích đúng",
        )
        proposals.proposal_review(user=reviewer, proposal=proposal, decision="approve")
    proposal.refresh_from_db()
    assert proposal.status == "approved"


def test_secretariat_publishes_the_notice_from_the_page(world: World) -> None:
    proposal = _submitted(world)
    url = reverse("awards:notice_publish", args=[world.bloc.pk, YEAR])
    assert world.client("commander").post(url, {"working_days": 10}).status_code == 403
    world.client("secretariat").post(url, {"working_days": 10})
    assert list(PublicNotice.objects.get().proposals.all()) == [proposal]
    page = world.client("commander").get(reverse("awards:proposal_detail", args=[proposal.pk]))
    assert 'id="review-blocked"' in page.content.decode()


# --- The holiday calendar (seeded, kept in the admin) ----------------------------------------


def _publish_on(world: World, day: datetime.date, working_days: int) -> PublicNotice:
    _submitted(world)
    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        return notices.notice_publish(
            user=world.users["secretariat"], bloc=world.bloc, year=YEAR, working_days=working_days
        )


def test_a_notice_opened_before_tet_2026_ends_after_its_days_off(world: World) -> None:
    # Published Wednesday 11 February 2026; the Tết days off run Monday 16 to Friday 20.
    notice = _publish_on(world, datetime.date(2026, 2, 11), working_days=5)
    assert (notice.starts_on, notice.ends_on) == (
        datetime.date(2026, 2, 12),  # Thu 12, Fri 13, then Mon 23, Tue 24, Wed 25
        datetime.date(2026, 2, 25),
    )


def test_a_saturday_worked_in_exchange_counts_and_the_swapped_monday_does_not(
    world: World,
) -> None:
    # 2026: Saturday 22 August is worked in exchange for Monday 31 August, before Quốc khánh
    # (1–2 September).
    notice = _publish_on(world, datetime.date(2026, 8, 20), working_days=8)
    assert (notice.starts_on, notice.ends_on) == (
        datetime.date(2026, 8, 21),  # Fri 21, Sat 22, Mon 24 … Fri 28, then Thu 3 September
        datetime.date(2026, 9, 3),
    )


def test_a_notice_opened_on_a_friday_starts_on_the_saturday_worked(world: World) -> None:
    notice = _publish_on(world, datetime.date(2026, 1, 9), working_days=1)
    assert notice.starts_on == notice.ends_on == datetime.date(2026, 1, 10)


@pytest.mark.django_db
def test_the_seeded_calendar_holds_the_2026_tet_days_and_swaps() -> None:
    tet = PublicHoliday.objects.filter(
        date__range=(datetime.date(2026, 2, 14), datetime.date(2026, 2, 22))
    )
    assert sorted(tet.values_list("date", "kind")) == [
        (datetime.date(2026, 2, day), "day_off") for day in range(16, 21)
    ]
    assert list(
        PublicHoliday.objects.filter(date__year=2026, kind="working_day").values_list(
            "date", flat=True
        )
    ) == [datetime.date(2026, 1, 10), datetime.date(2026, 8, 22)]
    assert not PublicHoliday.objects.filter(source="").exists()


def test_an_administrator_adds_a_saturday_worked_in_exchange(world: World, django_app: Any) -> None:
    url = reverse("admin:awards_publicholiday_add")
    form = django_app.get(url, user="admin").forms["publicholiday_form"]
    form["date"] = "2027-02-19"  # a Friday
    form["kind"] = "working_day"
    form["name"] = "Làm bù cho thứ Năm 11/02/2027"
    form["source"] = "Lịch nghỉ Tết năm 2027"
    refused = form.submit()
    assert vi("A working day in exchange falls on a Saturday or a Sunday.") in refused.text
    form = refused.forms["publicholiday_form"]
    form["date"] = "2027-02-20"  # the Saturday
    form.submit().follow()
    assert PublicHoliday.objects.get(date=datetime.date(2027, 2, 20)).kind == "working_day"

    listing = django_app.get(
        reverse("admin:awards_publicholiday_changelist")
        + "?kind__exact=working_day&date__year=2027",
        user="admin",
    )
    assert "Làm bù cho thứ Năm 11/02/2027" in listing.text
    assert "Làm bù cho thứ Hai 31/8/2026" not in listing.text


# --- The notice page: public to the whole bloc, usable the day it starts ---------------------


def test_the_notice_starts_today_and_the_whole_bloc_uses_it(
    world: World, bloc_of_five: list, django_app: Any
) -> None:
    proposal = _submitted(world)  # a Giấy khen for a person of the member unit
    page_url = reverse("awards:notice_detail", args=[world.bloc.pk, YEAR])
    with time_machine.travel(datetime.datetime(2026, 10, 5, 9, tzinfo=datetime.UTC), tick=False):
        page = django_app.get(page_url, user="secretariat")
        form = page.forms["publish-form"]
        assert form["starts_on"].value == "2026-10-05"  # today is offered, and taken
        form["working_days"] = "3"
        page = form.submit().follow()
        notice = PublicNotice.objects.get()
        assert (notice.starts_on, notice.ends_on) == (
            datetime.date(2026, 10, 5),
            datetime.date(2026, 10, 7),
        )
        # Another unit of the bloc cannot open the proposal, but reads the notice and complains.
        neighbour = "commander_3"
        django_app.get(
            reverse("awards:proposal_detail", args=[proposal.pk]), user=neighbour, status=404
        )
        page = django_app.get(page_url, user=neighbour)
        nominee = page.html.select_one(f"#nominee-{proposal.pk}").text
        assert proposal.person.full_name in nominee and "Giấy khen" in nominee
        assert "3 ngày làm việc" in page.html.select_one(".notice-state").text
        form = page.forms[f"feedback-{proposal.pk}"]
        form["text"] = "Đồng chí này đang bị xem xét kỷ luật"
        form.submit("kind", index=1).follow()  # the complaint button
        complaint = NoticeFeedback.objects.get()
        assert (complaint.kind, complaint.author) == ("complaint", world.users[neighbour])
        reviewer_page = django_app.get(page_url, user="reviewer")
        assert "08/10/2026" in reviewer_page.html.select_one(".conclusion").text
        assert not reviewer_page.html.select("form.feedback-form")  # reviewers read, no more
        django_app.get(page_url, user="other_commander", status=404)


def test_a_notice_cannot_start_in_the_past(world: World, django_app: Any) -> None:
    _submitted(world)
    url = reverse("awards:notice_detail", args=[world.bloc.pk, YEAR])
    with time_machine.travel(datetime.datetime(2026, 10, 5, 9, tzinfo=datetime.UTC), tick=False):
        form = django_app.get(url, user="secretariat").forms["publish-form"]
        form["starts_on"] = "2026-10-02"
        page = form.submit().follow()
    assert "không thể bắt đầu trước hôm nay" in page.text
    assert not PublicNotice.objects.exists()

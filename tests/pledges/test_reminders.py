"""Reminder e-mails to commanders whose unit has not signed as the deadline nears."""

from __future__ import annotations

import datetime

from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from pledges import services
from pledges.models import Pledge
from pledges.reminders import signing_reminders_send
from pledges.tasks import signing_reminders
from tests.conftest import World
from tests.factories import PASSWORD

TODAY = datetime.date(2026, 3, 10)


def open_with_deadline(
    world: World, pledge: Pledge, days: int, today: datetime.date = TODAY
) -> None:
    pledge.signing_deadline = today + datetime.timedelta(days=days)
    pledge.save(update_fields=["signing_deadline"])
    services.pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    for name in ("commander", "leader_commander"):
        world.users[name].email = f"{name}@khoi.example"
        world.users[name].save(update_fields=["email"])


def test_only_unsigned_units_commanders_are_reminded_in_vietnamese(
    world: World, pledge: Pledge, leader_commander: object
) -> None:
    open_with_deadline(world, pledge, days=3)
    services.pledge_sign(
        user=leader_commander,
        pledge=pledge,
        unit=world.leader_unit,
        password=PASSWORD,
        otp_code="",
        request=RequestFactory().post("/"),
    )
    assert signing_reminders_send(today=TODAY) == 1
    (message,) = mail.outbox
    assert message.to == ["commander@khoi.example"]
    assert "Nhắc" in message.subject and pledge.title in message.subject
    assert "13/03/2026" in message.body and world.member_unit.name in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and f"/pledges/{pledge.pk}/sign/" in html


def test_reminders_go_once_a_day(world: World, pledge: Pledge, leader_commander: object) -> None:
    open_with_deadline(world, pledge, days=1)
    assert signing_reminders_send(today=TODAY) == 2
    assert signing_reminders_send(today=TODAY) == 0
    assert len(mail.outbox) == 2


def test_no_reminder_on_other_days_or_for_drafts(
    world: World, pledge: Pledge, leader_commander: object
) -> None:
    open_with_deadline(world, pledge, days=5)
    assert signing_reminders_send(today=TODAY) == 0
    services.pledge_new_version(user=world.users["secretariat"], pledge=pledge, reason="Sửa")
    assert signing_reminders_send(today=TODAY + datetime.timedelta(days=2)) == 0
    assert mail.outbox == []


def test_the_beat_task_runs_the_reminders(
    world: World, pledge: Pledge, leader_commander: object
) -> None:
    open_with_deadline(world, pledge, days=3, today=timezone.localdate())
    assert signing_reminders.apply().get() == 2

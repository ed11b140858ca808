"""Users are told when something awaits them: in the portal and by e-mail."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Notification
from accounts.notifications import notify
from pledges.models import Pledge
from pledges.services import pledge_new_version, pledge_open_for_signature, pledge_sign
from tests.conftest import World
from tests.factories import PASSWORD


def test_commanders_are_told_when_the_pledge_opens(
    world: World, pledge: Pledge, django_capture_on_commit_callbacks: object, django_app: Any
) -> None:
    world.users["commander"].email = "chihuy@khoi.example"
    world.users["commander"].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    notification = Notification.objects.get(user=world.users["commander"])
    assert notification.url == reverse("pledges:sign", args=[pledge.pk])
    assert [m.to for m in mail.outbox] == [["chihuy@khoi.example"]]
    page = world.client("commander").get(reverse("dashboard")).content.decode()
    assert 'id="notifications-link"' in page and "text-bg-warning" in page
    page = django_app.get(reverse("accounts:notifications"), user="commander")
    assert Notification.objects.get(user=world.users["commander"]).read_at is None
    page.forms["notifications-read"].submit().follow()
    assert Notification.objects.get(user=world.users["commander"]).read_at is not None


def test_nobody_else_sees_them(world: World) -> None:
    notify(users=[world.users["commander"]], message="Riêng tư")
    page = world.client("other_commander").get(reverse("accounts:notifications")).content.decode()
    assert "Riêng tư" not in page


def _bell(page: Any) -> str:
    """The count beside the bell: what awaits the user and is still unread."""
    badge = page.html.select_one("#notifications-link .badge")
    return badge.get_text(strip=True) if badge else ""


def test_signing_clears_what_awaited_the_commander(
    world: World, pledge: Pledge, leader_commander: object, django_app: Any
) -> None:
    """After signing, the bell no longer says the pledge awaits the commander's signature;
    the other unit's commander is still waited for."""
    pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    url = reverse("accounts:notifications")
    page = django_app.get(url, user="commander")
    assert _bell(page) == "1"
    awaiting = page.html.select("#notifications .awaiting")
    pledge_sign(
        user=world.users["commander"],
        pledge=pledge,
        unit=world.member_unit,
        password=PASSWORD,
        otp_code="",
        request=RequestFactory().post("/"),
    )
    page = django_app.get(url, user="commander")
    assert _bell(page) == ""
    assert len(awaiting) == 1 and "Chờ đồng chí xử lý" in awaiting[0].get_text()
    assert not page.html.select("#notifications .awaiting")
    done = page.html.select("#notifications .done")
    assert len(done) == 1 and "Đã xử lý" in done[0].get_text()
    assert _bell(django_app.get(url, user="leader_commander")) == "1"


def test_a_new_version_clears_the_signatures_it_voided_from_the_bells(
    world: World, pledge: Pledge, leader_commander: object, django_app: Any
) -> None:
    pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    pledge_new_version(user=world.users["secretariat"], pledge=pledge, reason="Sửa chỉ tiêu")
    for actor in ("commander", "leader_commander"):
        assert _bell(django_app.get(reverse("dashboard"), user=actor)) == ""
    pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    assert _bell(django_app.get(reverse("dashboard"), user="commander")) == "1"

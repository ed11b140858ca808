"""Users are told when something awaits them: in the portal and by e-mail."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.urls import reverse

from accounts.models import Notification
from pledges.models import Pledge
from pledges.services import pledge_open_for_signature
from tests.conftest import World


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
    Notification.objects.create(user=world.users["commander"], message="Riêng tư")
    page = world.client("other_commander").get(reverse("accounts:notifications")).content.decode()
    assert "Riêng tư" not in page

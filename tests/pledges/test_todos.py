"""The home page's to-dos for a pledge: to sign, then gone once signed."""

from __future__ import annotations

from django.urls import reverse

from pledges.models import Pledge
from tests.conftest import YEAR, World
from tests.forms import todo_links

from .test_signing import open_, sign


def test_the_commander_is_asked_to_sign_until_the_unit_has_signed(
    world: World, pledge: Pledge, time_machine: object
) -> None:
    time_machine.move_to(f"{YEAR}-03-01 09:00")
    assert todo_links(world.client("commander")) == []
    open_(world, pledge)
    [(text, url)] = todo_links(world.client("commander"))
    assert url == reverse("pledges:sign", args=[pledge.pk])
    assert world.member_unit.name in text and pledge.title in text
    sign(world, pledge, "commander", world.member_unit)
    assert todo_links(world.client("commander")) == []

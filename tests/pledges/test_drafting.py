"""Starting from last year's pledge, and title registrations."""

from __future__ import annotations

import datetime

from django.urls import reverse

from pledges.models import Pledge, TitleRegistration
from tests.conftest import World
from tests.factories import CampaignFactory, MembershipFactory


def test_new_pledge_starts_from_last_years(world: World, pledge: Pledge) -> None:
    campaign = CampaignFactory(
        bloc=world.bloc,
        year=2027,
        kind="yearly",
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    MembershipFactory(bloc=world.bloc, unit=world.member_unit, year=2027)  # no leader yet
    response = world.client("secretariat").post(
        reverse("pledges:create", args=[campaign.pk]),
        {"title": "Giao ước thi đua năm 2027", "copy_from": pledge.pk},
    )
    new = Pledge.objects.get(campaign=campaign)
    assert response.url == reverse("pledges:detail", args=[new.pk])
    assert list(new.sections.values_list("title", flat=True)) == ["Đoàn kết"]
    # Only units that are members in 2027 keep their targets, moved into the new year.
    copied = new.targets.get()
    assert copied.unit == world.member_unit
    assert copied.deadline == datetime.date(2027, 11, 30)
    assert pledge.targets.count() == 2  # last year's pledge is untouched


def test_commander_registers_titles_for_own_unit_only(world: World, pledge: Pledge) -> None:
    data = {
        "collective_title": "quyet_thang",
        "individual_count": 12,
        "individual_names": "Nguyễn Văn A\nTrần Thị B",
    }
    url = reverse("pledges:registration", args=[pledge.pk, world.member_unit.pk])
    assert world.client("commander").post(url, data).status_code == 302
    registration = TitleRegistration.objects.get()
    assert (registration.unit, registration.individual_count) == (world.member_unit, 12)
    other = reverse("pledges:registration", args=[pledge.pk, world.leader_unit.pk])
    assert world.client("commander").post(other, data).status_code == 403
    assert TitleRegistration.objects.count() == 1

"""Bad input is refused with a clear message in the user's language and keeps what was typed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from blocs import services
from blocs.models import Campaign, Membership, MembershipRole, Person
from tests.conftest import YEAR, World
from tests.factories import CampaignFactory, MembershipFactory, PersonFactory, UnitFactory


def vi(message: str) -> str:
    """The Vietnamese the user sees, checked to really be a translation."""
    with translation.override("vi"):
        translated = translation.gettext(message)
    assert translated != message, f"no Vietnamese translation for {message!r}"
    return translated


def campaign_data(world: World, **overrides: object) -> dict[str, object]:
    data = {
        "bloc": world.bloc.pk,
        "year": YEAR,
        "kind": "thematic",
        "name": "Thi đua cao điểm chào mừng ngày thành lập",
        "theme": "Đoàn kết, kỷ cương",
        "start_date": "2026-03-01",
        "end_date": "2026-06-30",
    }
    return {**data, **overrides}


def test_campaign_ending_before_it_starts_is_refused_and_input_kept(world: World) -> None:
    data = campaign_data(world, start_date="2026-06-30", end_date="2026-03-01")
    response = world.client("secretariat").post(reverse("blocs:campaign_create"), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert vi("A campaign cannot end before it starts.") in content
    assert "Thi đua cao điểm chào mừng ngày thành lập" in content  # what the user typed
    assert not Campaign.objects.filter(name=data["name"]).exists()


def test_campaign_form_speaks_english_when_chosen(world: World) -> None:
    client = world.client("secretariat")
    client.cookies["django_language"] = "en"
    data = campaign_data(world, start_date="2026-06-30", end_date="2026-03-01")
    response = client.post(reverse("blocs:campaign_create"), data)
    assert "A campaign cannot end before it starts." in response.content.decode()


def test_valid_campaign_is_created(world: World) -> None:
    response = world.client("secretariat").post(
        reverse("blocs:campaign_create"), campaign_data(world)
    )
    campaign = Campaign.objects.get(name="Thi đua cao điểm chào mừng ngày thành lập")
    assert response.url == reverse("blocs:campaign_detail", args=[campaign.pk])


def test_second_yearly_campaign_is_refused(world: World) -> None:
    CampaignFactory(bloc=world.bloc, kind="yearly")
    response = world.client("secretariat").post(
        reverse("blocs:campaign_create"), campaign_data(world, kind="yearly")
    )
    assert (
        vi("The bloc already has its yearly campaign for that year.") in response.content.decode()
    )


def test_campaign_for_a_bloc_outside_scope_is_refused(world: World) -> None:
    response = world.client("secretariat").post(
        reverse("blocs:campaign_create"), campaign_data(world, bloc=world.other_bloc.pk)
    )
    assert response.status_code == 400
    assert not Campaign.objects.filter(bloc=world.other_bloc).exists()


def test_two_leaders_in_one_year_are_refused(world: World) -> None:
    membership = world.member_unit.memberships.get(year=YEAR)
    response = world.client("secretariat").post(
        reverse("blocs:membership_update", args=[membership.pk]), {"role": MembershipRole.LEADER}
    )
    assert response.status_code == 400
    assert vi("The bloc already has a leader that year.") in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == MembershipRole.MEMBER


def test_unit_twice_in_a_year_is_refused_by_the_service(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.membership_save(
            user=world.users["secretariat"],
            data={"bloc": world.bloc, "year": YEAR, "unit": world.member_unit, "role": "member"},
        )
    assert vi("This unit is already a member of a bloc that year.") in str(error.value)


def test_unit_already_in_the_bloc_is_not_offered_again(world: World) -> None:
    url = reverse("blocs:membership_create", args=[world.bloc.pk, YEAR])
    response = world.client("secretariat").post(
        url, {"unit": world.member_unit.pk, "role": "member"}
    )
    assert response.status_code == 400
    assert Membership.objects.filter(unit=world.member_unit, year=YEAR).count() == 1


def test_person_without_a_unit_is_refused(world: World) -> None:
    data = {"full_name": "Phạm Thị Lan", "rank": "dai_uy", "position": "Trợ lý"}
    response = world.client("secretariat").post(reverse("blocs:person_create"), data)
    assert response.status_code == 400
    assert vi("This field is required.") in response.content.decode()
    assert "Phạm Thị Lan" in response.content.decode()
    assert not Person.objects.filter(full_name="Phạm Thị Lan").exists()


def test_second_commander_of_a_unit_is_refused(world: World) -> None:
    PersonFactory(unit=world.member_unit, is_commander=True)
    data = {
        "unit": world.member_unit.pk,
        "full_name": "Phạm Thị Lan",
        "rank": "dai_uy",
        "position": "Chỉ huy",
        "is_commander": "on",
    }
    response = world.client("commander").post(reverse("blocs:person_create"), data)
    assert vi("This unit already has a commander.") in response.content.decode()


def test_new_unit_joins_the_bloc_in_one_step(world: World) -> None:
    data = {
        "name": "Trung đoàn 201",
        "short_name": "E201",
        "is_active": "on",
        "bloc": world.bloc.pk,
        "year": YEAR,
        "role": "member",
    }
    response = world.client("secretariat").post(reverse("blocs:unit_create"), data)
    assert response.status_code == 302
    membership = Membership.objects.get(unit__name="Trung đoàn 201")
    assert (membership.bloc, membership.year) == (world.bloc, YEAR)


def test_malformed_date_and_year_give_messages_not_errors(world: World) -> None:
    data = campaign_data(world, start_date="31/31/2026", year="năm nay")
    response = world.client("secretariat").post(reverse("blocs:campaign_create"), data)
    assert response.status_code == 400
    assert vi("Enter a valid date.") in response.content.decode()


class TestDatabaseBacksEveryRule:
    """No path around the forms can store what the forms refuse."""

    def test_unit_twice_in_a_year(self, world: World) -> None:
        with pytest.raises(IntegrityError):
            MembershipFactory(bloc=world.bloc, unit=world.member_unit, year=YEAR)

    def test_two_leaders(self, world: World) -> None:
        with pytest.raises(IntegrityError):
            MembershipFactory(bloc=world.bloc, unit=UnitFactory(), year=YEAR, role="leader")

    def test_campaign_ending_before_start(self, world: World) -> None:
        with pytest.raises(IntegrityError):
            CampaignFactory(start_date="2026-06-30", end_date="2026-01-01")

    def test_person_without_unit(self, world: World) -> None:
        with pytest.raises(IntegrityError):
            PersonFactory(unit=None, full_name="Không Đơn Vị")

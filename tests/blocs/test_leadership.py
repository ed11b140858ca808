"""Leadership rotation: next year's leader gets that year only; past years stay read-only."""

from __future__ import annotations

from django.urls import reverse

from blocs.models import Membership, MembershipRole, RoleKind
from blocs.scope import scope_for
from tests.conftest import YEAR, World
from tests.factories import MembershipFactory, RoleFactory, UserFactory

NEXT = YEAR + 1


def _new_leader_secretariat(world: World) -> object:
    user = UserFactory(username="new_secretariat")
    RoleFactory(user=user, kind=RoleKind.SECRETARIAT, unit=world.member_unit)
    return user


def test_current_leader_prepares_next_year_until_its_leader_is_set(world: World) -> None:
    client = world.client("secretariat")
    url = reverse("blocs:membership_create", args=[world.bloc.pk, NEXT])
    response = client.post(url, {"unit": world.member_unit.pk, "role": MembershipRole.LEADER})
    assert response.status_code == 302
    assert Membership.objects.get(bloc=world.bloc, year=NEXT).unit == world.member_unit
    # The hand-over is done: the old leader's secretariat may no longer change that year.
    response = client.post(url, {"unit": world.leader_unit.pk, "role": MembershipRole.MEMBER})
    assert response.status_code == 403


def test_new_leader_manages_its_year_only(world: World) -> None:
    MembershipFactory(bloc=world.bloc, unit=world.member_unit, year=NEXT, role="leader")
    new_secretariat = _new_leader_secretariat(world)
    scope = scope_for(new_secretariat)
    assert scope.can_write_year(world.bloc.pk, NEXT)
    assert not scope.can_write_year(world.bloc.pk, YEAR)


def test_earlier_years_stay_visible_and_read_only(world: World) -> None:
    MembershipFactory(bloc=world.bloc, unit=world.member_unit, year=NEXT, role="leader")
    client = world.client("secretariat")
    client.force_login(_new_leader_secretariat(world))
    page = client.get(reverse("blocs:bloc_year", args=[world.bloc.pk, YEAR]))
    assert page.status_code == 200
    assert world.leader_unit.name in page.content.decode()
    assert b'id="read-only-year"' in page.content
    add = client.post(
        reverse("blocs:membership_create", args=[world.bloc.pk, YEAR]),
        {"unit": world.other_unit.pk, "role": "member"},
    )
    assert add.status_code == 403


def test_leading_one_bloc_gives_no_rights_over_another(world: World) -> None:
    scope = scope_for(world.users["secretariat"])
    assert not scope.can_write_year(world.other_bloc.pk, YEAR)
    assert world.other_bloc.pk not in scope.secretariat_bloc_ids

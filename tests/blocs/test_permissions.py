"""Every scoped page, for every role: outsiders get 404, read-only users 403, never data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import YEAR, World
from tests.factories import CampaignFactory, JobFactory, PersonFactory

ACTORS = [
    "admin",
    "secretariat",
    "commander",
    "reviewer",
    "superior",
    "other_secretariat",
    "other_commander",
    "other_reviewer",
    "unscoped",
]
OUTSIDERS = {
    "other_secretariat": 404,
    "other_commander": 404,
    "other_reviewer": 404,
    "unscoped": 404,
}
READERS = {"admin": 200, "secretariat": 200, "commander": 200, "reviewer": 200, "superior": 200}
MANAGERS = {"admin": 200, "secretariat": 200, "commander": 403, "reviewer": 403, "superior": 403}

# page -> (how to build its URL from the world and its objects, expected status per actor)
PAGES = {
    "bloc_detail": (lambda w, o: reverse("blocs:bloc_detail", args=[w.bloc.pk]), READERS),
    "bloc_year": (lambda w, o: reverse("blocs:bloc_year", args=[w.bloc.pk, YEAR]), READERS),
    "bloc_update": (lambda w, o: reverse("blocs:bloc_update", args=[w.bloc.pk]), MANAGERS),
    "unit_detail": (lambda w, o: reverse("blocs:unit_detail", args=[w.member_unit.pk]), READERS),
    "unit_update": (lambda w, o: reverse("blocs:unit_update", args=[w.member_unit.pk]), MANAGERS),
    "campaign_detail": (
        lambda w, o: reverse("blocs:campaign_detail", args=[o["campaign"].pk]),
        READERS,
    ),
    "campaign_update": (
        lambda w, o: reverse("blocs:campaign_update", args=[o["campaign"].pk]),
        MANAGERS,
    ),
    "membership_create": (
        lambda w, o: reverse("blocs:membership_create", args=[w.bloc.pk, YEAR]),
        MANAGERS,
    ),
    "membership_update": (
        lambda w, o: reverse("blocs:membership_update", args=[o["membership"].pk]),
        MANAGERS,
    ),
    "person_update": (
        lambda w, o: reverse("blocs:person_update", args=[o["person"].pk]),
        {**MANAGERS, "commander": 200},
    ),
    "job_detail": (
        lambda w, o: reverse("blocs:job_detail", args=[o["job"].pk]),
        {"admin": 200, "secretariat": 200, "commander": 404, "reviewer": 404, "superior": 404},
    ),
}


@pytest.fixture
def objects(world: World) -> dict[str, object]:
    return {
        "campaign": CampaignFactory(bloc=world.bloc, name="Phong trào bí mật của khối"),
        "membership": world.member_unit.memberships.get(year=YEAR),
        "person": PersonFactory(unit=world.member_unit, full_name="Lê Thị Bảo Mật"),
        "job": JobFactory(bloc_id=world.bloc.pk, requested_by=world.users["secretariat"]),
    }


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("actor", ACTORS)
def test_scoped_page_status(world: World, objects: dict, page: str, actor: str) -> None:
    build_url, expected = PAGES[page]
    expected = {**OUTSIDERS, **expected}
    response = world.client(actor).get(build_url(world, objects))
    assert response.status_code == expected[actor], (page, actor)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(world: World, objects: dict, page: str) -> None:
    build_url, _ = PAGES[page]
    response = world.client("anonymous").get(build_url(world, objects))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


LISTS = ["bloc_list", "unit_list", "campaign_list", "person_list", "job_list"]


@pytest.mark.parametrize(
    "actor", ["other_secretariat", "other_commander", "other_reviewer", "unscoped"]
)
@pytest.mark.parametrize("page", LISTS)
def test_lists_never_show_another_scope(world: World, objects: dict, page: str, actor: str) -> None:
    content = world.client(actor).get(reverse(f"blocs:{page}")).content.decode()
    for secret in [world.bloc.name, world.member_unit.name, "Phong trào bí mật", "Lê Thị Bảo Mật"]:
        assert secret not in content, (page, actor, secret)


@pytest.mark.parametrize("page", LISTS)
def test_unscoped_role_sees_nothing_at_all(world: World, objects: dict, page: str) -> None:
    content = world.client("unscoped").get(reverse(f"blocs:{page}")).content.decode()
    for name in [
        world.bloc.name,
        world.other_bloc.name,
        world.other_unit.name,
        world.member_unit.name,
    ]:
        assert name not in content


def test_commander_sees_only_own_unit_in_unit_list(world: World) -> None:
    content = world.client("commander").get(reverse("blocs:unit_list")).content.decode()
    assert world.member_unit.name in content
    assert world.leader_unit.name not in content


def test_secretariat_sees_every_unit_of_its_bloc(world: World) -> None:
    content = world.client("secretariat").get(reverse("blocs:unit_list")).content.decode()
    assert world.member_unit.name in content
    assert world.leader_unit.name in content
    assert world.other_unit.name not in content


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("secretariat", 302),
        ("admin", 302),
        ("commander", 403),
        ("reviewer", 403),
        ("other_secretariat", 404),
    ],
)
def test_only_managers_may_remove_a_member(world: World, actor: str, expected: int) -> None:
    membership = world.member_unit.memberships.get(year=YEAR)
    response = world.client(actor).post(reverse("blocs:membership_delete", args=[membership.pk]))
    assert response.status_code == expected
    still_there = world.member_unit.memberships.filter(year=YEAR).exists()
    assert still_there is (expected != 302)

"""A commander's deputy signs as a delegate; the signature says so; revoking ends it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from blocs.models import Rank
from pledges import services
from pledges.models import Pledge, Signature, SigningDelegation
from tests.conftest import World
from tests.factories import PASSWORD, PersonFactory, UserFactory


@pytest.fixture
def deputy(world: World) -> object:
    user = UserFactory(username="deputy")
    PersonFactory(
        unit=world.member_unit,
        full_name="Lê Văn Phó",
        rank=Rank.LIEUTENANT_COLONEL,
        position="Phó Lữ đoàn trưởng",
        user=user,
    )
    world.users["deputy"] = user
    return user


def grant(world: World, deputy: object) -> object:
    return world.client("commander").post(
        reverse("pledges:delegations"), {"unit": world.member_unit.pk, "delegate": deputy.pk}
    )


def sign_as_deputy(world: World, pledge: Pledge, deputy: object) -> Signature:
    return services.pledge_sign(
        user=deputy,
        pledge=pledge,
        unit=world.member_unit,
        password=PASSWORD,
        otp_code="",
        request=RequestFactory().post("/"),
    )


def test_delegate_signs_and_is_recorded_as_such(
    world: World, pledge: Pledge, deputy: object
) -> None:
    assert grant(world, deputy).status_code == 302
    services.pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    assert (
        world.client("deputy").get(reverse("pledges:detail", args=[pledge.pk])).status_code == 200
    )
    signature = sign_as_deputy(world, pledge, deputy)
    assert (signature.signer_name, signature.as_delegate) == ("Lê Văn Phó", True)


def test_revoked_delegate_cannot_sign(world: World, pledge: Pledge, deputy: object) -> None:
    grant(world, deputy)
    delegation = SigningDelegation.objects.get()
    world.client("commander").post(reverse("pledges:delegation_revoke", args=[delegation.pk]))
    services.pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    with pytest.raises(PermissionDenied):
        sign_as_deputy(world, pledge, deputy)
    assert not Signature.objects.exists()


def test_only_people_of_the_unit_can_be_delegates(world: World, pledge: Pledge) -> None:
    outsider = UserFactory(username="outsider")
    PersonFactory(unit=world.leader_unit, full_name="Người Ngoài", user=outsider)
    response = grant(world, outsider)
    assert response.status_code == 400
    assert not SigningDelegation.objects.exists()


@pytest.mark.parametrize("actor", ["secretariat", "reviewer", "other_commander"])
def test_only_commanders_delegate(world: World, deputy: object, actor: str) -> None:
    response = world.client(actor).post(
        reverse("pledges:delegations"), {"unit": world.member_unit.pk, "delegate": deputy.pk}
    )
    assert response.status_code in (400, 403)
    assert not SigningDelegation.objects.exists()

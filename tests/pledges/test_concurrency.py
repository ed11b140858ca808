"""Signatures arriving at the same instant (real PostgreSQL row locks, two connections)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from pledges import services
from pledges.models import Pledge, PledgeEvent, PledgeStatus, Signature
from tests.conftest import World, require
from tests.factories import PASSWORD


@pytest.fixture
def postgres(transactional_db: None) -> None:
    require(connection.vendor == "postgresql", "row locks are tested on PostgreSQL")


def _at_once(calls: list[tuple[object, object]], pledge: Pledge) -> list[object]:
    barrier = threading.Barrier(len(calls))
    results: list[object] = []

    def run(user: object, unit: object) -> None:
        try:
            barrier.wait()
            signature = services.pledge_sign(
                user=user,
                pledge=pledge,
                unit=unit,
                password=PASSWORD,
                otp_code="",
                request=RequestFactory().post("/"),
            )
            results.append(signature)
        except Exception as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_commanders_signing_at_once_both_succeed_exactly_once(
    world: World, pledge: Pledge, leader_commander: object, postgres: None
) -> None:
    services.pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    results = _at_once(
        [(world.users["commander"], world.member_unit), (leader_commander, world.leader_unit)],
        pledge,
    )
    assert all(isinstance(result, Signature) for result in results), results
    assert Signature.objects.count() == 2
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED
    assert PledgeEvent.objects.filter(to_status=PledgeStatus.SIGNED).count() == 1


def test_a_double_click_at_the_same_instant_signs_once(
    world: World, pledge: Pledge, postgres: None
) -> None:
    services.pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    user = world.users["commander"]
    results = _at_once([(user, world.member_unit), (user, world.member_unit)], pledge)
    assert all(isinstance(result, Signature) for result in results), results
    assert results[0].pk == results[1].pk
    assert Signature.objects.count() == 1

"""Opening, signing, new versions and verification of the pledge."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEvent
from blocs.services import bloc_save, unit_update
from pledges import services
from pledges.models import Pledge, PledgeStatus, Signature, TargetStatus
from pledges.selectors import signing_board
from tests.conftest import World
from tests.factories import PASSWORD


def sign(
    world: World, pledge: Pledge, actor: str, unit: object, password: str = PASSWORD
) -> Signature:
    request = RequestFactory().post("/")
    return services.pledge_sign(
        user=world.users[actor],
        pledge=pledge,
        unit=unit,
        password=password,
        otp_code="",
        request=request,
    )


def open_(world: World, pledge: Pledge) -> None:
    services.pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    pledge.refresh_from_db()


def test_opening_freezes_the_text_with_its_digest(world: World, pledge: Pledge) -> None:
    open_(world, pledge)
    version = pledge.versions.get()
    assert pledge.status == PledgeStatus.OPEN
    assert version.digest == services.digest_of(version.canonical_text)
    assert "Tỷ lệ khá, giỏi" in version.canonical_text


def test_nothing_changes_after_opening(world: World, pledge: Pledge) -> None:
    open_(world, pledge)
    target = pledge.targets.first()
    data = {
        "unit": target.unit,
        "goal": "Khác",
        "subject": "x",
        "content": "x",
        "indicator": "x",
        "target_value": 1,
        "measure_unit": "%",
        "deadline": target.deadline,
        "evidence": "x",
    }
    with pytest.raises(services.PledgeError):
        services.target_save(
            user=world.users["secretariat"], pledge=pledge, data=data, target=target
        )
    target.refresh_from_db()
    assert target.goal == "Huấn luyện giỏi"


def test_opening_waits_for_proposed_targets_and_for_every_unit(
    world: World, pledge: Pledge
) -> None:
    pledge.targets.filter(unit=world.member_unit).update(status=TargetStatus.PROPOSED)
    with pytest.raises(services.PledgeError, match="1"):
        services.pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    pledge.targets.filter(unit=world.member_unit).delete()
    with pytest.raises(services.PledgeError, match=world.member_unit.name):
        services.pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)


def test_commander_signs_for_own_unit_with_record(world: World, pledge: Pledge) -> None:
    open_(world, pledge)
    signature = sign(world, pledge, "commander", world.member_unit)
    assert signature.unit == world.member_unit
    assert signature.digest == pledge.versions.get().digest
    assert AuditEvent.objects.filter(action="pledge.sign", actor=world.users["commander"]).exists()


def test_double_click_signs_once(world: World, pledge: Pledge) -> None:
    open_(world, pledge)
    first = sign(world, pledge, "commander", world.member_unit)
    second = sign(world, pledge, "commander", world.member_unit)
    assert first.pk == second.pk
    assert Signature.objects.count() == 1


def test_commander_cannot_sign_for_another_unit(world: World, pledge: Pledge) -> None:
    open_(world, pledge)
    with pytest.raises(PermissionDenied):
        sign(world, pledge, "commander", world.leader_unit)
    with pytest.raises(PermissionDenied):
        sign(world, pledge, "other_commander", world.other_unit)
    assert not Signature.objects.exists()


def test_wrong_password_signs_nothing(world: World, pledge: Pledge) -> None:
    open_(world, pledge)
    with pytest.raises(ValidationError):
        sign(world, pledge, "commander", world.member_unit, password="sai-mật-khẩu")
    assert not Signature.objects.exists()


def test_draft_cannot_be_signed(world: World, pledge: Pledge) -> None:
    with pytest.raises(services.PledgeError):
        sign(world, pledge, "commander", world.member_unit)


def test_last_signature_completes_the_pledge(
    world: World, pledge: Pledge, leader_commander: object
) -> None:
    open_(world, pledge)
    sign(world, pledge, "commander", world.member_unit)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.OPEN
    signature = sign(world, pledge, "leader_commander", world.leader_unit)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED
    assert (signature.signer_name, signature.signer_position, signature.as_delegate) == (
        "Nguyễn Văn Thành",
        "Hiệu trưởng",
        False,
    )


def test_new_version_voids_signatures_and_needs_signing_again(world: World, pledge: Pledge) -> None:
    open_(world, pledge)
    sign(world, pledge, "commander", world.member_unit)
    with pytest.raises(ValidationError):
        services.pledge_new_version(user=world.users["secretariat"], pledge=pledge, reason=" ")
    services.pledge_new_version(
        user=world.users["secretariat"], pledge=pledge, reason="Sửa chỉ tiêu"
    )
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.DRAFT
    old = pledge.versions.get()
    assert old.superseded_reason == "Sửa chỉ tiêu"
    assert old.signatures.count() == 1  # kept as history, on the superseded version
    pledge.targets.update(target_value=90)
    open_(world, pledge)
    current = pledge.versions.get(superseded_at__isnull=True)
    board = {row.unit: row.signature for row in signing_board(pledge=pledge, version=current)}
    assert board[world.member_unit] is None  # must sign again


def _verify_page(world: World, pledge: Pledge) -> str:
    client = world.client("secretariat")
    client.cookies["django_language"] = "en"
    return client.get(reverse("pledges:verify", args=[pledge.pk])).content.decode()


def test_renaming_the_bloc_after_signing_is_listed_not_called_tampering(
    world: World, pledge: Pledge, leader_commander: object
) -> None:
    open_(world, pledge)
    sign(world, pledge, "commander", world.member_unit)
    sign(world, pledge, "leader_commander", world.leader_unit)
    old_name = world.bloc.name
    bloc_save(user=world.users["admin"], bloc=world.bloc, data={"name": "Khối thi đua số 4 mới"})
    page = _verify_page(world, pledge)
    assert 'id="verify-ok"' in page
    assert 'id="verify-failed"' not in page
    changes = page[page.index('id="verify-changes"') :]
    assert f"{old_name} → Khối thi đua số 4 mới" in changes
    assert "name has changed since signing" in changes
    public = world.client("anonymous").get(
        reverse("pledges:verify_public", args=[pledge.public_id])
    )
    assert 'id="verify-ok"' in public.content.decode()
    assert f"Tên khối đã thay đổi kể từ khi ký: {old_name} → " in public.content.decode()


def test_renaming_a_unit_after_signing_is_listed_with_the_members(
    world: World, pledge: Pledge
) -> None:
    open_(world, pledge)
    sign(world, pledge, "commander", world.member_unit)
    old_name = world.member_unit.name
    unit_update(
        user=world.users["admin"],
        unit=world.member_unit,
        data={"name": "Trường Sĩ quan Thông tin mới"},
    )
    result = services.pledge_verify(pledge=pledge)
    assert result.ok
    assert any(
        old_name in change and "Trường Sĩ quan Thông tin mới" in change for change in result.changes
    )
    assert not any("target" in change for change in result.changes)  # same targets, new name


def test_verification_notices_a_change_behind_the_applications_back(
    world: World, pledge: Pledge
) -> None:
    open_(world, pledge)
    sign(world, pledge, "commander", world.member_unit)
    assert services.pledge_verify(pledge=pledge).ok
    assert not services.pledge_verify(pledge=pledge).changes
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE pledges_target SET target_value = 50 WHERE unit_id = %s", [world.member_unit.pk]
        )
    result = services.pledge_verify(pledge=pledge)
    assert result.ok  # what was signed is intact; the live rows are what changed
    assert [world.member_unit.name in change for change in result.changes] == [True]
    page = _verify_page(world, pledge)
    assert 'id="verify-changes"' in page
    assert "outside the portal" in page


def test_verification_notices_an_altered_frozen_text(world: World, pledge: Pledge) -> None:
    open_(world, pledge)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE pledges_pledgeversion"
            " SET canonical_text = REPLACE(canonical_text, '80.00', '50.00')"
        )
    assert not services.pledge_verify(pledge=pledge).stored_text_intact


def test_public_verification_needs_no_login_and_shows_no_names(
    world: World, pledge: Pledge, leader_commander: object
) -> None:
    open_(world, pledge)
    sign(world, pledge, "leader_commander", world.leader_unit)
    from django.test import Client

    page = Client().get(reverse("pledges:verify_public", args=[pledge.public_id]))
    assert page.status_code == 200
    assert b'id="verify-ok"' in page.content
    assert "Nguyễn Văn Thành" not in page.content.decode()

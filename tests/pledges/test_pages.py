"""The pledge's pages: who may draft, propose, review, sign; bad input; query counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pledges.models import Pledge, PledgeStatus, Signature, Target, TargetStatus
from pledges.services import pledge_open_for_signature
from tests.blocs.test_forms import vi
from tests.conftest import YEAR, World
from tests.factories import PASSWORD, TargetFactory, member_unit


def target_data(unit: object, **overrides: object) -> dict[str, object]:
    data = {
        "unit": unit.pk,
        "order": 2,
        "goal": "Bảo đảm an toàn tuyệt đối",
        "subject": "Cán bộ, chiến sĩ",
        "content": "Không để xảy ra mất an toàn",
        "indicator": "Số vụ mất an toàn",
        "target_value": "0",
        "direction": "at_most",
        "measure_unit": "vụ",
        "deadline": f"{YEAR}-12-15",
        "evidence": "Báo cáo an toàn quý",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("secretariat", 200),
        ("commander", 200),
        ("reviewer", 200),
        ("superior", 200),
        ("other_commander", 404),
        ("other_secretariat", 404),
        ("unscoped", 404),
    ],
)
def test_who_sees_the_pledge(world: World, pledge: Pledge, actor: str, expected: int) -> None:
    assert (
        world.client(actor).get(reverse("pledges:detail", args=[pledge.pk])).status_code == expected
    )


def test_commander_proposes_and_secretariat_returns_then_accepts(
    world: World, pledge: Pledge
) -> None:
    commander = world.client("commander")
    response = commander.post(
        reverse("pledges:target_create", args=[pledge.pk]), target_data(world.member_unit)
    )
    assert response.status_code == 302
    target = Target.objects.get(goal="Bảo đảm an toàn tuyệt đối")
    assert target.status == TargetStatus.PROPOSED

    secretariat = world.client("secretariat")
    secretariat.post(
        reverse("pledges:target_review", args=[target.pk]),
        {"decision": "return", "comment": "Ghi rõ số liệu"},
    )
    target.refresh_from_db()
    assert (target.status, target.review_comment) == (TargetStatus.RETURNED, "Ghi rõ số liệu")

    commander.post(
        reverse("pledges:target_update", args=[pledge.pk, target.pk]),
        target_data(world.member_unit, target_value="0"),
    )
    target.refresh_from_db()
    assert target.status == TargetStatus.PROPOSED
    secretariat.post(reverse("pledges:target_review", args=[target.pk]), {"decision": "accept"})
    target.refresh_from_db()
    assert target.status == TargetStatus.ACCEPTED


def test_commander_cannot_propose_for_another_unit(world: World, pledge: Pledge) -> None:
    response = world.client("commander").post(
        reverse("pledges:target_create", args=[pledge.pk]), target_data(world.leader_unit)
    )
    assert response.status_code == 400  # not a unit they may choose
    assert not Target.objects.filter(goal="Bảo đảm an toàn tuyệt đối").exists()


def test_target_without_indicator_is_refused(world: World, pledge: Pledge) -> None:
    response = world.client("secretariat").post(
        reverse("pledges:target_create", args=[pledge.pk]),
        target_data(world.member_unit, indicator=""),
    )
    assert response.status_code == 400
    assert vi("This field is required.") in response.content.decode()


def test_target_deadline_outside_the_campaign_is_refused(world: World, pledge: Pledge) -> None:
    response = world.client("secretariat").post(
        reverse("pledges:target_create", args=[pledge.pk]),
        target_data(world.member_unit, deadline=f"{YEAR + 1}-02-01"),
    )
    assert response.status_code == 400
    assert "01/01/2026" in response.content.decode()
    assert not Target.objects.filter(goal="Bảo đảm an toàn tuyệt đối").exists()


def test_target_value_of_the_wrong_type_is_refused(world: World, pledge: Pledge) -> None:
    response = world.client("secretariat").post(
        reverse("pledges:target_create", args=[pledge.pk]),
        target_data(world.member_unit, target_value="tám mươi"),
    )
    assert response.status_code == 400
    assert vi("Enter a number.") in response.content.decode()


@pytest.mark.parametrize("actor", ["commander", "reviewer", "superior"])
def test_only_the_secretariat_opens(world: World, pledge: Pledge, actor: str) -> None:
    response = world.client(actor).post(reverse("pledges:open", args=[pledge.pk]))
    assert response.status_code == 403
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.DRAFT


def _code(user: object) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return (
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    )


def test_signing_page_requires_the_one_time_code_when_configured(
    world: World, pledge: Pledge, settings: object
) -> None:
    settings.PORTAL_SIGNING_REQUIRES_OTP = True
    pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    user = world.users["commander"]
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = world.client("commander")
    url = reverse("pledges:sign", args=[pledge.pk])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("accounts:otp_verify"), {"token": _code(user)})  # the login's code
        clock.shift(datetime.timedelta(seconds=31))
        missing = client.post(url, {"unit": world.member_unit.pk, "password": PASSWORD})
        assert missing.status_code == 400
        wrong = client.post(
            url, {"unit": world.member_unit.pk, "password": PASSWORD, "otp_code": "123456"}
        )
        assert wrong.status_code == 400
        assert not Signature.objects.exists()
        clock.shift(datetime.timedelta(seconds=5))  # after a miss, django-otp waits a moment
        done = client.post(
            url, {"unit": world.member_unit.pk, "password": PASSWORD, "otp_code": _code(user)}
        )
    assert done.status_code == 302
    assert Signature.objects.get().with_otp


@pytest.mark.parametrize("actor", ["other_commander", "secretariat", "reviewer"])
def test_non_commanders_cannot_reach_the_signing_page(
    world: World, pledge: Pledge, actor: str
) -> None:
    pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    response = world.client(actor).post(
        reverse("pledges:sign", args=[pledge.pk]),
        {"unit": world.member_unit.pk, "password": PASSWORD},
    )
    assert response.status_code in (403, 404)
    assert not Signature.objects.exists()


def _grow(world: World, pledge: Pledge, n: int) -> None:
    for _ in range(n):
        unit = member_unit(world.bloc, YEAR)
        for order in (1, 2):
            TargetFactory(
                pledge=pledge,
                unit=unit,
                order=order,
                target_value=1,
                deadline=datetime.date(YEAR, 6, 1),
            )


def test_pledge_page_query_count_does_not_grow(world: World, pledge: Pledge) -> None:
    url = reverse("pledges:detail", args=[pledge.pk])
    client = world.client("secretariat")
    _grow(world, pledge, 5)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(world, pledge, 40)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_the_button_opens_the_pledge_for_signature_and_the_status_says_it_is_open(
    world: World, pledge: Pledge, django_app: object
) -> None:
    page = django_app.get(reverse("pledges:detail", args=[pledge.pk]), user="secretariat")
    assert page.html.select_one("#open-for-signature").get_text(strip=True) == "Mở lấy chữ ký"
    assert page.html.select_one("#pledge-status").get_text(strip=True) == "Đang soạn thảo"
    opening = next(f for f in page.forms.values() if f.action.endswith("/open/"))
    page = opening.submit().follow()
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.OPEN
    assert page.html.select_one("#pledge-status").get_text(strip=True) == "Đang lấy chữ ký"
    assert page.html.select_one("#open-for-signature") is None


def test_the_secretariat_is_told_what_each_pledge_action_did(
    world: World, django_app: object
) -> None:
    from tests.pledges.conftest import draft_pledge

    world.member_unit.name = "Lữ đoàn 144"
    world.member_unit.save(update_fields=["name"])
    pledge = draft_pledge(world, targets=TargetStatus.PROPOSED)
    url = reverse("pledges:detail", args=[pledge.pk])

    def said(page: object) -> list[str]:
        return [alert.get_text(strip=True) for alert in page.html.select(".alert-success")]

    page = django_app.get(url, user="secretariat")
    for unit in (world.member_unit, world.leader_unit):
        target = Target.objects.get(pledge=pledge, unit=unit)
        accept = next(
            f
            for f in page.forms.values()
            if f.action.endswith(f"/targets/{target.pk}/review/") and "comment" not in f.fields
        )
        page = accept.submit("decision").follow()
    assert said(page) == [f"Đã chấp thuận chỉ tiêu “Huấn luyện giỏi” của {world.leader_unit.name}."]
    opening = next(f for f in page.forms.values() if f.action.endswith("/open/"))
    page = opening.submit().follow()
    assert said(page) == [
        "Đã mở lấy chữ ký “Giao ước thi đua năm 2026”; chỉ huy các đơn vị đã được thông báo."
    ]


def test_the_signing_page_is_offered_only_while_there_is_something_to_sign(
    world: World, pledge: Pledge, django_app: Any
) -> None:
    """A draft pledge, or one the commander's unit has signed, sends the commander back to the
    pledge with a word instead of a form the service would refuse."""
    url = reverse("pledges:sign", args=[pledge.pk])
    draft = django_app.get(url, user="commander").follow()
    assert "sign-form" not in draft.forms and "chưa mở lấy chữ ký" in draft.text
    pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    form = django_app.get(url, user="commander").forms["sign-form"]
    form["unit"] = str(world.member_unit.pk)
    form["password"] = PASSWORD
    form.submit().follow()
    again = django_app.get(url, user="commander").follow()
    assert "sign-form" not in again.forms and "đã được ký" in again.text


@pytest.mark.parametrize(
    "page", ["pledges:update", "pledges:section_create", "pledges:target_create"]
)
def test_a_frozen_pledges_text_forms_send_the_secretariat_back_with_a_word(
    world: World, pledge: Pledge, page: str
) -> None:
    pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)

    response = world.client("secretariat").get(reverse(page, args=[pledge.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("pledges:detail", args=[pledge.pk])
    assert "đã được khóa để lấy chữ ký" in response.content.decode()
    assert b'name="goal"' not in response.content and b'name="title"' not in response.content


def test_reviews_and_progress_wait_for_every_signature(world: World, pledge: Pledge) -> None:
    pledge_open_for_signature(user=world.users["secretariat"], pledge=pledge)
    commander = world.client("commander")

    review = commander.get(reverse("pledges:review", args=[pledge.pk, "mid_year"]), follow=True)
    assert "khi tất cả các đơn vị đã ký" in review.content.decode()
    assert b'name="summary"' not in review.content

    target = pledge.targets.get(unit=world.member_unit)
    report = commander.get(reverse("pledges:target_progress", args=[target.pk]))
    assert report.status_code == 200
    assert b'name="achieved_value"' not in report.content

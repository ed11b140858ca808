"""The public check, what stops a batch before it starts, templates, printers and access."""

from __future__ import annotations

import io
import socket
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from awards import proposals
from awards.models import AwardDecision, AwardType
from certificates.models import Certificate, CertificateTemplate, PrinterProfile
from certificates.services import certificates_issue
from jobs.models import Job
from tests.certificates.conftest import approved, english
from tests.conftest import World
from tests.factories import CertificateTemplateFactory, PrinterProfileFactory


@pytest.fixture(autouse=True)
def _english() -> object:
    cache.clear()  # rate-limit counters
    with translation.override("en"):
        yield


def _issued(world: World, decision: AwardDecision) -> list[Certificate]:
    recipients = list(decision.recipients.order_by("decision_order"))
    return certificates_issue(user=world.users["reviewer"], decision=decision, proposals=recipients)


def _batch(world: World, decision: AwardDecision, actor: str = "secretariat", **data: str):
    form = {"output": "pdf", "mode": "full", **data}
    return english(world, actor).post(
        reverse("certificates:batch", args=[decision.pk, world.bloc.pk]), form
    )


# --- The public check ------------------------------------------------------------------------


def test_the_check_confirms_a_genuine_certificate_and_shows_nothing_more(
    world: World, make_decision: Callable[..., AwardDecision]
) -> None:
    certificate = _issued(world, make_decision(1))[0]
    person = certificate.proposal.person
    person.position = "Trợ lý tác chiến bí mật"
    person.save()
    response = english(world, "anonymous").get(
        reverse("certificate_verify", args=[certificate.code])
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="verify-genuine"' in text and "revoked" not in text
    for shown in (
        certificate.serial,
        f"Đại úy {person.full_name}",
        world.member_unit.name,
        "Giấy khen",
        "1234/QĐ-TM",
        "20/12/2026",
    ):
        assert shown in text
    assert "Trợ lý tác chiến bí mật" not in text  # nothing else about the person
    assert "Hoàn thành xuất sắc nhiệm vụ" not in text


def test_the_check_says_revoked_when_the_award_was(
    world: World, make_decision: Callable[..., AwardDecision]
) -> None:
    certificate = _issued(world, make_decision(1))[0]
    proposals.proposal_revoke(
        user=world.users["reviewer"], proposal=certificate.proposal, reason="Khai man"
    )
    response = english(world, "anonymous").get(
        reverse("certificate_verify", args=[certificate.code])
    )
    assert response.status_code == 200
    assert b'id="verify-revoked"' in response.content
    assert b"has been revoked" in response.content


def test_a_wrong_code_is_not_found_and_guessing_is_rate_limited(
    world: World, make_decision: Callable[..., AwardDecision], settings: object
) -> None:
    settings.PORTAL_VERIFY_MISS_RATE = "3/m"
    certificate = _issued(world, make_decision(1))[0]
    client = english(world, "anonymous")
    for attempt in range(3):
        response = client.get(reverse("certificate_verify", args=[f"doan-mo-{attempt}"]))
        assert response.status_code == 404
        assert b"Not found." in response.content
    blocked = client.get(reverse("certificate_verify", args=[certificate.code]))
    assert blocked.status_code == 429  # even a right code waits once the guesses ran out
    assert b"Too many checks" in blocked.content
    other_address = client.get(
        reverse("certificate_verify", args=[certificate.code]), REMOTE_ADDR="10.9.8.7"
    )
    assert other_address.status_code == 200


@pytest.fixture
def redis_down(settings: object) -> None:
    """The cache the portal uses with REDIS_URL, pointed at a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }


def test_the_check_still_answers_while_redis_is_down(
    world: World, make_decision: Callable[..., AwardDecision], redis_down: None
) -> None:
    certificate = _issued(world, make_decision(1))[0]
    client = english(world, "anonymous")
    response = client.get(reverse("certificate_verify", args=[certificate.code]))
    assert response.status_code == 200
    assert b'id="verify-genuine"' in response.content
    wrong = client.get(reverse("certificate_verify", args=["doan-mo"]))
    assert wrong.status_code == 404


def test_the_check_can_fail_closed_while_redis_is_down(
    world: World,
    make_decision: Callable[..., AwardDecision],
    redis_down: None,
    settings: object,
) -> None:
    settings.PORTAL_VERIFY_RATELIMIT_FAIL_OPEN = False
    certificate = _issued(world, make_decision(1))[0]
    response = english(world, "anonymous").get(
        reverse("certificate_verify", args=[certificate.code])
    )
    assert response.status_code == 503
    assert b'id="verify-unavailable"' in response.content
    assert certificate.serial.encode() not in response.content


# --- Bad input: refused before any job starts, saying what to fix ----------------------------


def test_a_decision_with_no_printable_recipient_is_refused(
    world: World, make_decision: Callable[..., AwardDecision]
) -> None:
    decision = make_decision(1)
    proposals.proposal_revoke(
        user=world.users["reviewer"], proposal=decision.recipients.get(), reason="Khai man"
    )
    response = _batch(world, decision)
    assert response.status_code == 400
    assert b"no recipient in this bloc whose award still stands" in response.content
    assert not Job.objects.exists()


def test_a_recipient_without_a_rank_is_named(
    world: World, make_decision: Callable[..., AwardDecision]
) -> None:
    decision = make_decision(2)
    person = decision.recipients.order_by("decision_order").last().person
    person.rank = ""
    person.save()
    response = _batch(world, decision)
    assert response.status_code == 400
    assert f"{person.full_name} ({world.member_unit.name}): no rank recorded" in (
        response.content.decode()
    )
    assert not Job.objects.exists() and not Certificate.objects.exists()


def test_a_template_with_an_unknown_field_is_refused(
    world: World, make_decision: Callable[..., AwardDecision]
) -> None:
    decision = make_decision(1)
    CertificateTemplateFactory(  # one the template page refuses: the batch checks it again
        award=AwardType.objects.get(code="giay-khen"),
        texts={"achievement": "Thành tích {recipient.password} năm {nam}"},
    )
    response = _batch(world, decision)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Certificate template of “Giấy khen”: Achievement line refers to unknown fields:" in text
    assert "{recipient.password}, {nam}" in text
    assert not Job.objects.exists()


def test_blanks_need_a_printer_whose_offsets_keep_the_text_on_the_page(
    world: World, make_decision: Callable[..., AwardDecision]
) -> None:
    decision = make_decision(1)
    response = _batch(world, decision, mode="blank")
    assert b"Choose the printer" in response.content
    printer = PrinterProfileFactory(bloc=world.bloc, name="Canon", offset_x_mm=25)
    response = _batch(world, decision, mode="blank", printer=str(printer.pk))
    assert response.status_code == 400
    assert b"horizontal offset would push text off the page" in response.content
    assert not Job.objects.exists()


def test_only_those_who_print_for_the_bloc_may_print(
    world: World, make_decision: Callable[..., AwardDecision]
) -> None:
    decision = make_decision(1)
    assert _batch(world, decision, actor="commander").status_code == 403
    assert _batch(world, decision, actor="other_secretariat").status_code == 404
    certificate = _issued(world, decision)[0]
    url = reverse("certificates:print", args=[certificate.pk])
    assert english(world, "commander").get(url).status_code == 403
    assert english(world, "other_reviewer").get(url).status_code == 404
    assert english(world, "reviewer").get(url).status_code == 200


def test_the_decision_page_lists_recipients_and_what_to_fix(
    world: World, make_decision: Callable[..., AwardDecision]
) -> None:
    decision = make_decision(2)
    person = decision.recipients.order_by("decision_order").first().person
    person.rank = ""
    person.save()
    page = english(world, "secretariat").get(reverse("certificates:decision", args=[decision.pk]))
    text = page.content.decode()
    assert person.full_name in text
    assert "Fix these before printing:" in text and "no rank recorded" in text
    commander_page = english(world, "commander").get(
        reverse("certificates:decision", args=[decision.pk])
    )
    assert commander_page.status_code == 200
    assert b"Print every certificate" not in commander_page.content


# --- Templates and printers ------------------------------------------------------------------


def test_an_administrator_edits_a_template_within_the_safe_fields(
    world: World, make_decision: Callable[..., AwardDecision]
) -> None:
    award = AwardType.objects.get(code="giay-khen")
    url = reverse("certificates:template_edit", args=[award.pk])
    client = english(world, "admin")
    form = {"achievement": "Có thành tích {xyz}", "title": "Giấy khen", "recipient": "{recipient}"}
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert "Achievement line refers to an unknown field: {xyz}." in refused.content.decode()
    assert not CertificateTemplate.objects.exists()

    form["achievement"] = "Đã có thành tích trong phong trào “{campaign}” năm {year}"
    assert client.post(url, form).status_code == 302
    template = CertificateTemplate.objects.get()
    assert template.texts["achievement"].endswith("năm {year}")
    assert english(world, "secretariat").get(url).status_code == 403

    certificate = _issued(world, make_decision(1))[0]
    assert certificate.lines["achievement"] == "Đã có thành tích trong phong trào “” năm 2026"


def test_printer_offsets_outside_the_page_are_refused(world: World) -> None:
    url = reverse("certificates:printer_create", args=[world.bloc.pk])
    client = english(world, "secretariat")
    refused = client.post(url, {"name": "HP", "offset_x_mm": "-30", "offset_y_mm": "40"})
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "keep it between -18 and 17 mm" in text
    assert "The vertical offset would push text off the page" in text
    assert not PrinterProfile.objects.exists()
    assert (
        client.post(url, {"name": "HP", "offset_x_mm": "1.5", "offset_y_mm": "-2"}).status_code
        == 302
    )
    printer = PrinterProfile.objects.get()
    assert (printer.offset_x_mm, printer.offset_y_mm) == (Decimal("1.5"), Decimal("-2"))
    assert english(world, "other_secretariat").post(url, {"name": "X"}).status_code == 403

    sheet = client.get(reverse("certificates:calibration", args=[printer.pk]))
    text = PdfReader(io.BytesIO(sheet.getvalue())).pages[0].extract_text()
    assert "Calibration sheet: HP" in text and "right 1.5 mm, down -2.0 mm" in text
    assert "Recipient" in text and "Serial number" in text


def test_a_collective_certificate_names_the_unit(world: World) -> None:
    proposal = approved(world, award="bang-khen-tttm")
    decision = proposals.decision_record(
        user=world.users["reviewer"],
        data={
            "authority": "Bộ Tổng Tham mưu",
            "number": "77/QĐ-TM",
            "date": "2026-12-21",
            "signer_name": "Nguyễn Tân Cương",
            "signer_position": "Tổng Tham mưu trưởng",
        },
        recipients=[proposal],
    )
    certificate = _issued(world, decision)[0]
    assert certificate.lines["recipient"] == world.member_unit.name
    assert certificate.lines["title"] == "Bằng khen"
    assert certificate.lines["recipient_detail"] == ""
    assert certificate.lines["place_date"].startswith(world.bloc.place)


def test_a_january_decision_is_printed_by_the_secretariat_of_the_year_it_rewards(
    world: World,
) -> None:
    from blocs.models import MembershipRole
    from tests.factories import MembershipFactory, PersonFactory, UnitFactory

    MembershipFactory(bloc=world.bloc, unit=UnitFactory(), year=2027, role=MembershipRole.LEADER)
    person = PersonFactory(unit=world.member_unit)
    proposal = approved(world, person=person)  # achievements of 2026
    decision = proposals.decision_record(
        user=world.users["reviewer"],
        data={
            "authority": "Bộ Tổng Tham mưu",
            "number": "5/QĐ-TM",
            "date": "2027-01-10",
            "signer_name": "Nguyễn Tân Cương",
            "signer_position": "Tổng Tham mưu trưởng",
        },
        recipients=[proposal],
    )
    response = _batch(world, decision)
    assert response.status_code == 302
    assert Job.objects.get().year == 2026

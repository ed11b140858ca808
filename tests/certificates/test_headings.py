"""What a certificate says of whom confers what: the heading from the decision's authority and
signer, a title read as a title, a form of reward as a form, and the register number's label."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards import proposals
from awards.models import AwardDecision, Proposal
from certificates.documents import certificates_pdf
from certificates.services import certificates_issue
from tests.certificates.conftest import (
    DECISION,
    GENERAL_STAFF_DECISION,
    approved,
    approved_quyet_thang,
    english,
    recorded,
)
from tests.conftest import World
from tests.factories import PersonFactory

MINISTER = {
    **GENERAL_STAFF_DECISION,
    "authority": "Bộ Quốc phòng",
    "signer_position": "Bộ trưởng Bộ Quốc phòng",
    "signer_rank": "Đại tướng",
}


def _text(world: World, data: dict, award: str, *, person: bool) -> str:
    """The printed text of the certificate of one ``award``, decided as ``data`` says."""
    nominee = PersonFactory(unit=world.member_unit, full_name="Phạm Văn Dũng") if person else None
    return _printed(world, data, approved(world, person=nominee, award=award))


def _printed(world: World, data: dict, proposal: Proposal) -> str:
    """The printed text of ``proposal``'s certificate, decided as ``data`` says."""
    decision = proposals.decision_record(
        user=world.users["reviewer"], data=data, recipients=[proposal]
    )
    issued = certificates_issue(
        user=world.users["reviewer"], decision=decision, proposals=[proposal]
    )
    return PdfReader(io.BytesIO(certificates_pdf(issued))).pages[0].extract_text()


@pytest.fixture
def general_staff(world: World) -> None:
    """The world's bloc belongs to the General Staff, which confers its units' titles."""
    world.command.name = "Bộ Tổng Tham mưu"
    world.command.save(update_fields=["name"])


def test_a_form_of_reward_is_given_by_whoever_confers_it(world: World) -> None:
    text = _text(world, GENERAL_STAFF_DECISION, "bang-khen-tttm", person=False)
    assert "TỔNG THAM MƯU TRƯỞNG BỘ TỔNG THAM MƯU\nTẶNG\nBẰNG KHEN" in text
    assert "Đã có thành tích xuất sắc trong Phong trào Thi đua Quyết thắng năm 2026" in text
    assert "DANH HIỆU" not in text

    text = _text(world, DECISION, "giay-khen", person=True)
    assert "LỮ ĐOÀN TRƯỞNG LỮ ĐOÀN 144\nTẶNG\nGIẤY KHEN\nĐại úy Phạm Văn Dũng" in text
    assert "TỔNG THAM MƯU" not in text


def test_the_authority_is_named_once_when_the_position_names_it(world: World) -> None:
    text = _text(world, MINISTER, "bang-khen-bqp", person=False)
    assert "BỘ TRƯỞNG BỘ QUỐC PHÒNG\nTẶNG\nBẰNG KHEN" in text
    assert "BỘ QUỐC PHÒNG BỘ QUỐC PHÒNG" not in text


def test_an_individual_title_reads_as_a_title(world: World) -> None:
    text = _text(world, DECISION, "chien-si-tien-tien", person=True)
    assert "LỮ ĐOÀN TRƯỞNG LỮ ĐOÀN 144\nTẶNG DANH HIỆU\nCHIẾN SĨ TIÊN TIẾN" in text
    assert f"Đại úy Phạm Văn Dũng\nTrợ lý, {world.member_unit.name}" in text
    assert "Đạt danh hiệu Chiến sĩ tiên tiến năm 2026" in text
    assert "thành tích xuất sắc" not in text


def test_a_collective_title_reads_as_a_title_for_the_unit(
    world: World, general_staff: None
) -> None:
    text = _printed(world, GENERAL_STAFF_DECISION, approved_quyet_thang(world))
    assert "TỔNG THAM MƯU TRƯỞNG BỘ TỔNG THAM MƯU\nTẶNG DANH HIỆU\nĐƠN VỊ QUYẾT THẮNG" in text
    assert f"ĐƠN VỊ QUYẾT THẮNG\n{world.member_unit.name}\nĐã có thành tích xuất sắc" in text
    assert "Quyết thắng\nđạt danh hiệu Đơn vị Quyết thắng năm 2026\nHà Nội" in text


def test_a_long_title_is_printed_whole(world: World, general_staff: None) -> None:
    recorded(world, "don-vi-quyet-thang")  # a Cờ thi đua goes to a Đơn vị Quyết thắng
    text = _printed(world, GENERAL_STAFF_DECISION, approved(world, award="co-thi-dua-bttm"))
    assert "TẶNG DANH HIỆU\nCỜ THI ĐUA CỦA BỘ TỔNG THAM MƯU\n" in text


def test_the_register_numbers_label_is_the_templates(world: World, django_app: object) -> None:
    decision = _decided(world)
    page = django_app.get(reverse("certificates:templates"), user="admin")
    page = page.click("Giấy khen")
    assert page.html.select_one("#template-kind").text == "Hình thức khen thưởng · Cá nhân"
    assert page.html.select_one("label[for=id_serial]").text.strip() == "Số vào sổ"
    form = page.forms["main-form"]
    assert form["serial"].value == "Số: {serial}"
    form["serial"] = "Vào sổ số: {serial}"
    form.submit().follow()

    certificate = certificates_issue(
        user=world.users["reviewer"], decision=decision, proposals=list(decision.recipients.all())
    )[0]
    response = english(world, "secretariat").get(
        reverse("certificates:print", args=[certificate.pk])
    )
    text = PdfReader(io.BytesIO(response.getvalue())).pages[0].extract_text()
    assert f"Vào sổ số: {certificate.serial}" in text and "Số: KT" not in text


def _decided(world: World) -> AwardDecision:
    proposal = approved(world, person=PersonFactory(unit=world.member_unit))
    return proposals.decision_record(
        user=world.users["reviewer"], data=DECISION, recipients=[proposal]
    )

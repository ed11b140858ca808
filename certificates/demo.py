"""Demo: the year's award decisions of Bloc No. 4, ready to print, each by an authority that
may confer its awards (awards.proposals.decision_conferral_problems) and dated after the
bloc's year-end meeting: the General Staff's Đơn vị Quyết thắng for four units and its Bằng
khen for Lữ đoàn 144, and the brigade's Chiến sĩ tiên tiến for its people. Every certificate
kind shows: a collective title, a form of reward, an individual title."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from awards.models import AwardDecision, AwardType, Proposal, ProposalStatus
from blocs.demo import COMMAND_DECISIONS, UNIT_DECISIONS, YEAR
from blocs.models import Bloc, Person, Unit
from emulation_portal.lib import demo

from .models import PrinterProfile

NUMBER = f"1512/QĐ-TM-{YEAR}"
GENERAL_STAFF = {
    "authority": "Bộ Tổng Tham mưu",
    "date": COMMAND_DECISIONS,
    "signer_name": "Nguyễn Tân Cương",
    "signer_rank": "Thượng tướng",
    "signer_position": "Tổng Tham mưu trưởng",
    "place": "Hà Nội",
}
BRIGADE = {
    "authority": "Lữ đoàn 144",
    "date": UNIT_DECISIONS,
    "signer_name": "Lê Quang Vinh",
    "signer_rank": "Đại tá",
    "signer_position": "Lữ đoàn trưởng",
    "place": "Hà Nội",
}
QUYET_THANG_UNITS = [
    "Lữ đoàn 144",
    "Đoàn Nghi lễ Quân đội",
    "Trường Cao đẳng Kỹ thuật Mật mã",
    "Tổng công ty 789",
]
# (number, who decides, award, unit names or None for the brigade's people, achievement)
DECISIONS: list[tuple[str, dict[str, Any], str, list[str] | None, str]] = [
    (
        NUMBER,
        GENERAL_STAFF,
        "don-vi-quyet-thang",
        QUYET_THANG_UNITS,
        "Hoàn thành xuất sắc nhiệm vụ năm, dẫn đầu phong trào thi đua của Khối",
    ),
    (
        f"1513/QĐ-TM-{YEAR}",
        GENERAL_STAFF,
        "bang-khen-tttm",
        ["Lữ đoàn 144"],
        "Hai năm liên tục (2024, 2025) đạt danh hiệu Đơn vị Quyết thắng, hoàn thành xuất sắc "
        "nhiệm vụ năm 2026",
    ),
    (
        f"2712/QĐ-LĐ-{YEAR}",
        BRIGADE,
        "chien-si-tien-tien",
        None,
        "Hoàn thành tốt nhiệm vụ, chấp hành nghiêm kỷ luật",
    ),
]


@demo.register
def certificates_demo_load() -> list[tuple[str, str]]:
    bloc = Bloc.objects.filter(name="Khối thi đua số 4").first()
    reviewer = get_user_model().objects.filter(username="chinhtri.bttm").first()
    if bloc is None or reviewer is None:
        return []
    PrinterProfile.objects.get_or_create(bloc=bloc, name="Máy in phòng Thi đua (HP LaserJet)")
    for number, decided_by, code, unit_names, achievement in DECISIONS:
        award = AwardType.objects.filter(code=code).first()
        if award is None or AwardDecision.objects.filter(number=number).exists():
            continue
        decision = AwardDecision.objects.create(number=number, recorded_by=reviewer, **decided_by)
        if unit_names is None:  # the brigade's people; its commander's title is his superior's
            people = Person.objects.filter(unit__name=BRIGADE["authority"], is_commander=False)
            nominees = [(person.unit, person) for person in people.order_by("pk")]
        else:
            units = Unit.objects.in_bulk(unit_names, field_name="name")
            nominees = [(units[name], None) for name in unit_names if name in units]
        Proposal.objects.bulk_create(
            Proposal(
                award=award,
                bloc=bloc,
                year=YEAR,
                unit=unit,
                person=person,
                nominated_by=reviewer,
                status=ProposalStatus.DECIDED,
                decision=decision,
                decision_order=order,
                no_discipline=True,
                members_completed=person is None,
                achievement=achievement,
            )
            for order, (unit, person) in enumerate(nominees, start=1)
        )
    return []

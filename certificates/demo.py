"""Demo: a decision granting certificates to the demo bloc's people, ready to print."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from awards.models import AwardDecision, AwardType, Proposal, ProposalStatus
from blocs.demo import YEAR
from blocs.models import Bloc, Person
from emulation_portal.lib import demo

from .models import PrinterProfile

NUMBER = f"1512/QĐ-TM-{YEAR}"


@demo.register
def certificates_demo_load() -> list[tuple[str, str]]:
    bloc = Bloc.objects.filter(name="Khối thi đua số 4").first()
    reviewer = get_user_model().objects.filter(username="chinhtri.bttm").first()
    award = AwardType.objects.filter(code="giay-khen").first()
    if bloc is None or reviewer is None or award is None:
        return []
    PrinterProfile.objects.get_or_create(bloc=bloc, name="Máy in phòng Thi đua (HP LaserJet)")
    if AwardDecision.objects.filter(number=NUMBER).exists():
        return []
    decision = AwardDecision.objects.create(
        authority="Bộ Tổng Tham mưu",
        number=NUMBER,
        date=datetime.date(YEAR, 12, 15),
        signer_name="Nguyễn Tân Cương",
        signer_rank="Thượng tướng",
        signer_position="Tổng Tham mưu trưởng",
        place="Hà Nội",
        recorded_by=reviewer,
    )
    people = Person.objects.filter(unit__memberships__bloc=bloc, unit__memberships__year=YEAR)
    for order, person in enumerate(people.order_by("unit__name", "full_name"), start=1):
        Proposal.objects.create(
            award=award,
            bloc=bloc,
            year=YEAR,
            unit=person.unit,
            person=person,
            nominated_by=reviewer,
            status=ProposalStatus.DECIDED,
            decision=decision,
            decision_order=order,
            no_discipline=True,
            achievement="Hoàn thành xuất sắc nhiệm vụ năm, tiêu biểu trong phong trào thi đua",
        )
    return []

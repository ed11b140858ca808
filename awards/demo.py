"""Demo: the award catalogue, each demo unit's strength, and two years of Đơn vị Quyết thắng
for Lữ đoàn 144 recorded from decisions taken before the portal (so its Bằng khen checks out)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from blocs.demo import YEAR
from blocs.models import Membership, UnitStrength
from emulation_portal.lib import demo

from .models import AwardRecord, AwardRule, AwardType, RecordSource
from .rules import awards_ensure

# Each demo unit's strength (quân số) for the year, invented: what quotas on people count on.
STRENGTHS = {
    "Trường Cao đẳng Kỹ thuật Mật mã": 420,
    "Lữ đoàn 144": 1150,
    "Đoàn Nghi lễ Quân đội": 640,
    "Tổng công ty 789": 1480,
    "Công ty TNHH MTV 59": 360,
    "Ban Quản lý dự án 166 Bộ Quốc phòng": 85,
}


@demo.register
def awards_demo_load() -> list[tuple[str, str]]:
    awards_ensure(AwardType, AwardRule)
    secretary = get_user_model().objects.filter(username="thuky.k4").first()
    members = Membership.objects.filter(bloc__name="Khối thi đua số 4", year=YEAR)
    if secretary is None or not members.exists():
        return []
    now = timezone.now()
    for membership in members.select_related("unit"):
        UnitStrength.objects.get_or_create(
            unit=membership.unit,
            year=YEAR,
            defaults={
                "strength": STRENGTHS.get(membership.unit.name, 100),
                "recorded_by": secretary,
                "recorded_at": now,
            },
        )
    brigade = members.filter(unit__name="Lữ đoàn 144").first()
    quyet_thang = AwardType.objects.filter(code="don-vi-quyet-thang").first()
    if brigade is None or quyet_thang is None:
        return []
    for year, number in ((YEAR - 2, "2105/QĐ-BTTM"), (YEAR - 1, "2318/QĐ-BTTM")):
        AwardRecord.objects.get_or_create(
            award=quyet_thang,
            year=year,
            unit=brigade.unit,
            person=None,
            defaults={
                "decision_number": number,
                "decision_date": datetime.date(year, 12, 22),
                "authority": "Bộ Tổng Tham mưu",
                "source": RecordSource.RECORDED,
                "recorded_by": secretary,
                "recorded_at": now,
            },
        )
    return []

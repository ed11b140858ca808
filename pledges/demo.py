"""Demo pledge of Bloc No. 4 for 2026: a draft ready to open, with every unit's targets."""

from __future__ import annotations

import datetime
from decimal import Decimal

from blocs.demo import YEAR
from blocs.models import Campaign, Membership
from emulation_portal.lib import demo

from .models import Pledge, Target, TargetStatus

SECTIONS = [
    (
        "Đoàn kết, thống nhất",
        "Giữ vững đoàn kết thống nhất, mẫu mực, quyết thắng; xây dựng "
        "cơ quan, đơn vị vững mạnh về chính trị, tư tưởng, tổ chức.",
    ),
    (
        "Kỷ luật, kỷ cương",
        "Chấp hành nghiêm pháp luật Nhà nước, kỷ luật Quân đội; không để "
        "xảy ra vụ việc vi phạm kỷ luật từ mức khiển trách trở lên.",
    ),
    (
        "Đổi mới, sáng tạo",
        "Chủ động, đổi mới sáng tạo, thi đua hoàn thành thắng lợi nhiệm vụ "
        "được giao; nhân rộng điển hình tiên tiến.",
    ),
]

# (goal, who, content, indicator, value, unit of measure, evidence)
TARGETS = [
    (
        "Xây dựng đơn vị vững mạnh toàn diện “mẫu mực, tiêu biểu”",
        "Toàn đơn vị",
        "Thực hiện các nội dung xây dựng đơn vị vững mạnh toàn diện",
        "Kết quả đánh giá cuối năm",
        Decimal("100"),
        "% nội dung đạt",
        "Biên bản đánh giá, phân loại cuối năm",
    ),
    (
        "Hoàn thành nhiệm vụ huấn luyện, công tác",
        "Cán bộ, chiến sĩ",
        "Huấn luyện, công tác theo kế hoạch năm",
        "Tỷ lệ khá, giỏi",
        Decimal("75"),
        "%",
        "Kết quả kiểm tra, báo cáo tổng kết",
    ),
]


@demo.register
def pledge_demo_load() -> list[tuple[str, str]]:
    campaign = Campaign.objects.filter(
        bloc__name="Khối thi đua số 4", year=YEAR, kind="yearly"
    ).first()
    if campaign is None or Pledge.objects.filter(campaign=campaign).exists():
        return []
    pledge = Pledge.objects.create(
        campaign=campaign,
        title=f"Giao ước thi đua năm {YEAR}",
        preamble="Các đơn vị trong Khối thi đua số 4, Bộ Tổng Tham mưu thống nhất ký kết giao "
        f"ước thi đua năm {YEAR} với các nội dung sau.",
        signing_deadline=datetime.date(YEAR, 12, 15),
        mid_year_deadline=datetime.date(YEAR, 7, 15),
        year_end_deadline=datetime.date(YEAR, 12, 20),
    )
    for order, (title, body) in enumerate(SECTIONS, start=1):
        pledge.sections.create(order=order, title=title, body=body)
    members = Membership.objects.filter(bloc=campaign.bloc, year=YEAR).select_related("unit")
    Target.objects.bulk_create(
        Target(
            pledge=pledge,
            unit=membership.unit,
            order=order,
            goal=goal,
            subject=subject,
            content=content,
            indicator=indicator,
            target_value=value,
            measure_unit=measure,
            deadline=datetime.date(YEAR, 12, 31),
            evidence=evidence,
            status=TargetStatus.ACCEPTED,
        )
        for membership in members
        for order, (goal, subject, content, indicator, value, measure, evidence) in enumerate(
            TARGETS, start=1
        )
    )
    return []

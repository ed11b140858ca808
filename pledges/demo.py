"""Demo pledge of Bloc No. 4 for 2026: a draft ready to open, with every unit's targets."""

from __future__ import annotations

import datetime
from decimal import Decimal

from blocs.demo import MID_YEAR_DUE, SIGNING_DEADLINE, YEAR, YEAR_END_DUE
from blocs.models import Campaign, Membership
from emulation_portal.lib import demo

from .models import Pledge, Target, TargetDirection, TargetStatus

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

# (goal, who, content, indicator, value, unit of measure, evidence, direction): every unit's
# common target, then each unit's own, measured as its work is (6 rõ).
COMMON_TARGETS = [
    (
        "Xây dựng đơn vị vững mạnh toàn diện “mẫu mực, tiêu biểu”",
        "Toàn đơn vị",
        "Thực hiện các nội dung xây dựng đơn vị vững mạnh toàn diện",
        "Kết quả đánh giá cuối năm",
        Decimal("100"),
        "% nội dung đạt",
        "Biên bản đánh giá, phân loại cuối năm",
        TargetDirection.AT_LEAST,
    ),
]
UNIT_TARGETS = {
    "Trường Cao đẳng Kỹ thuật Mật mã": [
        (
            "Nâng cao chất lượng giáo dục, đào tạo",
            "Cán bộ, giảng viên, học viên",
            "Giảng dạy, học tập theo chương trình đào tạo năm học",
            "Tỷ lệ học viên tốt nghiệp khá, giỏi",
            Decimal("80"),
            "%",
            "Quyết định công nhận tốt nghiệp, báo cáo tổng kết năm học",
            TargetDirection.AT_LEAST,
        ),
        (
            "Đổi mới phương pháp dạy học",
            "Giảng viên",
            "Biên soạn giáo trình, bài giảng điện tử",
            "Giáo trình, bài giảng điện tử được nghiệm thu",
            Decimal("6"),
            "giáo trình",
            "Biên bản nghiệm thu của Hội đồng khoa học",
            TargetDirection.AT_LEAST,
        ),
    ],
    "Lữ đoàn 144": [
        (
            "Hoàn thành nhiệm vụ huấn luyện",
            "Cán bộ, chiến sĩ",
            "Huấn luyện theo kế hoạch năm",
            "Tỷ lệ khá, giỏi",
            Decimal("80"),
            "%",
            "Kết quả kiểm tra, báo cáo tổng kết huấn luyện",
            TargetDirection.AT_LEAST,
        ),
        (
            "Bảo đảm thông tin liên lạc",
            "Các tiểu đoàn",
            "Bảo đảm thông tin liên lạc phục vụ chỉ huy, chỉ đạo",
            "Thời gian liên lạc thông suốt",
            Decimal("100"),
            "%",
            "Sổ trực ban, báo cáo bảo đảm thông tin liên lạc",
            TargetDirection.AT_LEAST,
        ),
    ],
    "Đoàn Nghi lễ Quân đội": [
        (
            "Hoàn thành nhiệm vụ nghi lễ",
            "Toàn đơn vị",
            "Thực hiện các nhiệm vụ nghi lễ cấp Nhà nước, Quân đội",
            "Nhiệm vụ nghi lễ hoàn thành tuyệt đối an toàn",
            Decimal("100"),
            "%",
            "Báo cáo kết quả thực hiện nhiệm vụ nghi lễ",
            TargetDirection.AT_LEAST,
        ),
        (
            "Huấn luyện điều lệnh, nghi lễ",
            "Cán bộ, chiến sĩ",
            "Huấn luyện điều lệnh, nghi lễ quân đội",
            "Tỷ lệ khá, giỏi",
            Decimal("90"),
            "%",
            "Kết quả kiểm tra điều lệnh",
            TargetDirection.AT_LEAST,
        ),
    ],
    "Tổng công ty 789": [
        (
            "Hoàn thành kế hoạch sản xuất, kinh doanh",
            "Toàn Tổng công ty",
            "Thực hiện kế hoạch sản xuất, kinh doanh năm",
            "Doanh thu",
            Decimal("5200"),
            "tỷ đồng",
            "Báo cáo tài chính năm đã kiểm toán",
            TargetDirection.AT_LEAST,
        ),
        (
            "Bảo đảm việc làm, thu nhập",
            "Người lao động",
            "Bảo đảm việc làm, thu nhập cho người lao động",
            "Thu nhập bình quân",
            Decimal("16"),
            "triệu đồng/người/tháng",
            "Báo cáo lao động, tiền lương",
            TargetDirection.AT_LEAST,
        ),
    ],
    "Công ty TNHH MTV 59": [
        (
            "Hoàn thành kế hoạch sản xuất quốc phòng",
            "Toàn Công ty",
            "Sản xuất, sửa chữa sản phẩm quốc phòng theo kế hoạch",
            "Sản phẩm đạt chất lượng",
            Decimal("100"),
            "%",
            "Biên bản nghiệm thu sản phẩm",
            TargetDirection.AT_LEAST,
        ),
        (
            "Bảo đảm an toàn lao động",
            "Người lao động",
            "Thực hiện quy trình an toàn, vệ sinh lao động",
            "Vụ tai nạn lao động",
            Decimal("0"),
            "vụ",
            "Báo cáo an toàn, vệ sinh lao động",
            TargetDirection.AT_MOST,
        ),
    ],
    "Ban Quản lý dự án 166 Bộ Quốc phòng": [
        (
            "Hoàn thành kế hoạch đầu tư",
            "Các phòng nghiệp vụ",
            "Quản lý, giải ngân vốn đầu tư được giao",
            "Tỷ lệ giải ngân",
            Decimal("95"),
            "% kế hoạch vốn",
            "Báo cáo giải ngân vốn đầu tư công",
            TargetDirection.AT_LEAST,
        ),
        (
            "Bảo đảm chất lượng công trình",
            "Cán bộ giám sát",
            "Giám sát thi công các công trình được giao",
            "Công trình nghiệm thu đạt chất lượng",
            Decimal("100"),
            "%",
            "Biên bản nghiệm thu công trình",
            TargetDirection.AT_LEAST,
        ),
    ],
}


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
        signing_deadline=SIGNING_DEADLINE,
        mid_year_deadline=MID_YEAR_DUE,
        year_end_deadline=YEAR_END_DUE,
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
            direction=direction,
            target_value=value,
            measure_unit=measure,
            deadline=datetime.date(YEAR, 12, 31),
            evidence=evidence,
            status=TargetStatus.ACCEPTED,
        )
        for membership in members
        for order, (goal, subject, content, indicator, value, measure, evidence, direction) in (
            enumerate(COMMON_TARGETS + UNIT_TARGETS.get(membership.unit.name, []), start=1)
        )
    )
    return []

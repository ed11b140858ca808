"""The rules seeded by default: data, with their legal source, for an administrator to adjust.

The migration that seeds them and the demo data both read this list, so a fresh database
and a flushed test database get the same defaults.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

SOURCE = (
    "Luật Thi đua, khen thưởng năm 2022; Nghị định số 98/2023/NĐ-CP; Thông tư số "
    "118/2023/TT-BQP. Giá trị mặc định của Cổng: quản trị viên đối chiếu văn bản hiện hành."
)
DOSSIER = ["Tờ trình", "Danh sách", "Báo cáo thành tích", "Biên bản họp xét"]
IN_FORCE = datetime.date(2024, 1, 1)

# code, name, awarded to, level, issuing authority, [(rule, share %, years, overridable)]
DEFAULT_AWARDS: list[tuple[str, str, str, str, str, list[tuple[str, Any, Any, bool]]]] = [
    (
        "co-thi-dua-bqp",
        "Cờ thi đua của Bộ Quốc phòng",
        "collective",
        "Bộ Quốc phòng",
        "Bộ trưởng Bộ Quốc phòng",
        [
            ("no_discipline", None, None, False),
            ("quota_collectives", Decimal(20), None, False),
            ("one_achievement", None, None, False),
        ],
    ),
    (
        "co-thi-dua-bttm",
        "Cờ thi đua của Bộ Tổng Tham mưu",
        "collective",
        "Bộ Tổng Tham mưu",
        "Tổng Tham mưu trưởng",
        [
            ("no_discipline", None, None, False),
            ("quota_collectives", Decimal(20), None, False),
            ("one_achievement", None, None, False),
        ],
    ),
    (
        "don-vi-quyet-thang",
        "Đơn vị Quyết thắng",
        "collective",
        "Cơ sở",
        "Thủ trưởng đơn vị",
        [
            ("no_discipline", None, None, False),
            ("members_with_title", Decimal(70), None, True),
            ("one_achievement", None, None, False),
        ],
    ),
    (
        "don-vi-tien-tien",
        "Đơn vị tiên tiến",
        "collective",
        "Cơ sở",
        "Thủ trưởng đơn vị",
        [("members_with_title", Decimal(50), None, True), ("one_achievement", None, None, False)],
    ),
    (
        "bang-khen-tttm",
        "Bằng khen của Tổng Tham mưu trưởng",
        "collective",
        "Bộ Tổng Tham mưu",
        "Tổng Tham mưu trưởng",
        [
            ("no_discipline", None, None, False),
            ("consecutive_years", None, 2, True),
            ("one_achievement", None, None, False),
        ],
    ),
    (
        "giay-khen",
        "Giấy khen",
        "individual",
        "Cơ sở",
        "Thủ trưởng đơn vị",
        [("one_achievement", None, None, False)],
    ),
    (
        "chien-si-thi-dua-co-so",
        "Chiến sĩ thi đua cơ sở",
        "individual",
        "Cơ sở",
        "Thủ trưởng đơn vị",
        [
            ("no_discipline", None, None, False),
            ("quota_strength", Decimal(10), None, False),
            ("one_achievement", None, None, False),
        ],
    ),
    (
        "chien-si-tien-tien",
        "Chiến sĩ tiên tiến",
        "individual",
        "Cơ sở",
        "Thủ trưởng đơn vị",
        [("no_discipline", None, None, False), ("one_achievement", None, None, False)],
    ),
]


def awards_ensure(award_model: Any, rule_model: Any) -> None:
    """Create the default catalogue's missing awards, each with its rules."""
    for code, name, kind, level, authority, rules in DEFAULT_AWARDS:
        award, created = award_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "nominee_kind": kind,
                "level": level,
                "issuing_authority": authority,
                "required_documents": DOSSIER,
            },
        )
        if created:
            for rule, share, years, overridable in rules:
                rule_model.objects.create(
                    award=award,
                    kind=rule,
                    share_percent=share,
                    years=years,
                    legal_source=SOURCE,
                    effective_from=IN_FORCE,
                    overridable=overridable,
                )

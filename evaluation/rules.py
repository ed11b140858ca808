"""The voting rules seeded by default: data, with their legal source, for an administrator to
adjust. The demo data reads this list; the migration that first seeded them keeps its own frozen
copy (awards/migrations/0002_default_voting_rules.py), so changing this list never changes
what an old migration does."""

from __future__ import annotations

import datetime
from typing import Any

DEFAULT_VOTING_RULES: list[dict[str, Any]] = [
    {
        "name": "Bình xét, suy tôn của Khối (mặc định)",
        "legal_source": (
            "Luật Thi đua, khen thưởng năm 2022; Nghị định số 98/2023/NĐ-CP; Thông tư số "
            "118/2023/TT-BQP của Bộ Quốc phòng. Hội nghị bình xét hợp lệ khi có từ 2/3 tổng số "
            "đơn vị thành viên tham dự; đơn vị được suy tôn khi đạt từ 70% số phiếu đồng ý trở "
            "lên tính trên tổng số đơn vị thành viên của Khối; đơn vị không tự bỏ phiếu cho "
            "mình. Giá trị mặc định của Cổng: Khối đối chiếu với Quy chế hoạt động của Khối "
            "trước khi dùng."
        ),
        # Two thirds of all member units, exactly: 4 of 6, 6 of 9.
        "quorum_numerator": 2,
        "quorum_denominator": 3,
        # From 70% up: 7/10 of 6 members is 4.2, so at least 5 votes.
        "threshold_numerator": 7,
        "threshold_denominator": 10,
        "threshold_comparison": "at_least",
        "threshold_base": "total",
        "allow_self_vote": False,
        "effective_from": datetime.date(2024, 1, 1),
    },
]


def voting_rules_ensure(model: Any) -> None:
    """Create the default rules that are missing (``model`` may be a migration's model)."""
    for rule in DEFAULT_VOTING_RULES:
        model.objects.get_or_create(name=rule["name"], defaults=rule)

"""Seed the default voting rules; an administrator adjusts them.

The values are frozen here as they were when this migration was written (the live list is in
evaluation/rules.py and may change without changing what this migration did).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import migrations

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
        "quorum_percent": Decimal("66.67"),
        "threshold_percent": Decimal("70.00"),
        "threshold_base": "total",
        "allow_self_vote": False,
        "effective_from": datetime.date(2024, 1, 1),
    },
]


def seed(apps, schema_editor):
    model = apps.get_model("awards", "VotingRule")
    for rule in DEFAULT_VOTING_RULES:
        model.objects.get_or_create(name=rule["name"], defaults=rule)


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""Rules that say what the texts say, under the current sources.

- Each award is a title (danh hiệu thi đua) or a form of reward (hình thức khen thưởng).
- Shares become exact fractions with their comparison: the "50 %" of Đơn vị tiên tiến becomes
  "more than 1/2"; every other percentage p becomes p/100, "at least".
- The rules seeded under Decree 98/2023/NĐ-CP end on 30 June 2025, the day before Decree
  152/2025/NĐ-CP came into force; the catalogue's rules under the current sources start on
  1 July 2025, with the conditions the texts set (see awards/rules.py for what is confirmed).
- The awards a bloc with enterprise members needs are added: Lao động tiên tiến, Chiến sĩ thi
  đua toàn quân, Bằng khen của Bộ trưởng Bộ Quốc phòng.

The data is frozen here as it was when this migration was written.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import migrations

DOSSIER = ["Tờ trình", "Danh sách", "Báo cáo thành tích", "Biên bản họp xét"]
DEFAULT_NOTE = "Giá trị mặc định của Cổng: quản trị viên đối chiếu văn bản trước khi dùng."
OLD_END = datetime.date(2025, 6, 30)

SOURCES = [
    (
        "Luật Thi đua, khen thưởng năm 2022; Nghị định số 98/2023/NĐ-CP.",
        datetime.date(2024, 1, 1),
        datetime.date(2025, 6, 30),
    ),
    (
        "Luật Thi đua, khen thưởng năm 2022; Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính "
        "phủ (thay Nghị định số 98/2023/NĐ-CP từ 01/7/2025).",
        datetime.date(2025, 7, 1),
        None,
    ),
]

AWARDS: list[dict[str, Any]] = [
    {
        "code": "chien-si-tien-tien",
        "name": "Chiến sĩ tiên tiến",
        "category": "title",
        "nominee_kind": "individual",
        "level": "Cơ sở",
        "issuing_authority": "Thủ trưởng đơn vị",
        "rules": [
            {
                "kind": "no_discipline",
                "why": "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
            }
        ],
    },
    {
        "code": "lao-dong-tien-tien",
        "name": "Lao động tiên tiến",
        "category": "title",
        "nominee_kind": "individual",
        "level": "Cơ sở",
        "issuing_authority": "Thủ trưởng đơn vị",
        "rules": [
            {
                "kind": "no_discipline",
                "why": "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
            }
        ],
    },
    {
        "code": "chien-si-thi-dua-co-so",
        "name": "Chiến sĩ thi đua cơ sở",
        "category": "title",
        "nominee_kind": "individual",
        "level": "Cơ sở",
        "issuing_authority": "Thủ trưởng đơn vị",
        "rules": [
            {
                "kind": "no_discipline",
                "why": "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
            },
            {
                "kind": "same_year",
                "why": "đạt danh hiệu Chiến sĩ tiên tiến hoặc Lao động tiên tiến",
                "required": ["chien-si-tien-tien", "lao-dong-tien-tien"],
            },
            {
                "kind": "initiative",
                "why": "có sáng kiến được công nhận hoặc đề tài, đề án, công trình khoa học được "
                "nghiệm thu, áp dụng",
            },
            {
                "kind": "quota_strength",
                "why": "không quá tỷ lệ quân số của đơn vị (mặc định của Cổng)",
                "share": (10, 100),
            },
        ],
    },
    {
        "code": "chien-si-thi-dua-toan-quan",
        "name": "Chiến sĩ thi đua toàn quân",
        "category": "title",
        "nominee_kind": "individual",
        "level": "Bộ Quốc phòng",
        "issuing_authority": "Bộ trưởng Bộ Quốc phòng",
        "rules": [
            {
                "kind": "no_discipline",
                "why": "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
            },
            {
                "kind": "consecutive_years",
                "why": "03 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở",
                "years": 3,
                "required": ["chien-si-thi-dua-co-so"],
            },
            {
                "kind": "initiative",
                "why": "có sáng kiến hoặc đề tài khoa học được công nhận, áp dụng",
            },
        ],
    },
    {
        "code": "don-vi-tien-tien",
        "name": "Đơn vị tiên tiến",
        "category": "title",
        "nominee_kind": "collective",
        "level": "Cơ sở",
        "issuing_authority": "Thủ trưởng đơn vị",
        "rules": [
            {
                "kind": "no_discipline",
                "why": "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
            },
            {
                "kind": "members_with_title",
                "why": "có trên 50% cá nhân đạt danh hiệu Chiến sĩ tiên tiến, Lao động tiên tiến",
                "share": (1, 2),
                "comparison": "more_than",
                "overridable": True,
            },
        ],
    },
    {
        "code": "don-vi-quyet-thang",
        "name": "Đơn vị Quyết thắng",
        "category": "title",
        "nominee_kind": "collective",
        "level": "Cơ sở",
        "issuing_authority": "Thủ trưởng đơn vị",
        "rules": [
            {
                "kind": "no_discipline",
                "why": "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
            },
            {
                "kind": "members_completed",
                "why": "100% cá nhân trong đơn vị hoàn thành nhiệm vụ được giao",
            },
            {
                "kind": "members_with_title",
                "why": "có ít nhất 70% cá nhân đạt danh hiệu Chiến sĩ tiên tiến, Lao động tiên "
                "tiến",
                "share": (70, 100),
                "overridable": True,
            },
            {
                "kind": "member_holds",
                "why": "có cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở",
                "required": ["chien-si-thi-dua-co-so"],
            },
        ],
    },
    {
        "code": "co-thi-dua-bttm",
        "name": "Cờ thi đua của Bộ Tổng Tham mưu",
        "category": "title",
        "nominee_kind": "collective",
        "level": "Bộ Tổng Tham mưu",
        "issuing_authority": "Tổng Tham mưu trưởng",
        "rules": [
            {
                "kind": "no_discipline",
                "why": "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
            },
            {
                "kind": "same_year",
                "why": "được lựa chọn trong số các đơn vị đạt danh hiệu Đơn vị Quyết thắng",
                "required": ["don-vi-quyet-thang"],
            },
            {
                "kind": "quota_collectives",
                "why": "không quá tỷ lệ số đơn vị của Khối (mặc định của Cổng)",
                "share": (20, 100),
            },
        ],
    },
    {
        "code": "co-thi-dua-bqp",
        "name": "Cờ thi đua của Bộ Quốc phòng",
        "category": "title",
        "nominee_kind": "collective",
        "level": "Bộ Quốc phòng",
        "issuing_authority": "Bộ trưởng Bộ Quốc phòng",
        "rules": [
            {
                "kind": "no_discipline",
                "why": "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
            },
            {
                "kind": "same_year",
                "why": "được lựa chọn trong số các đơn vị đạt danh hiệu Đơn vị Quyết thắng",
                "required": ["don-vi-quyet-thang"],
            },
            {
                "kind": "quota_collectives",
                "why": "không quá tỷ lệ số đơn vị của Khối (mặc định của Cổng)",
                "share": (20, 100),
            },
        ],
    },
    {
        "code": "bang-khen-tttm",
        "name": "Bằng khen của Tổng Tham mưu trưởng",
        "category": "form",
        "nominee_kind": "collective",
        "level": "Bộ Tổng Tham mưu",
        "issuing_authority": "Tổng Tham mưu trưởng",
        "rules": [
            {
                "kind": "no_discipline",
                "why": "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
            },
            {
                "kind": "consecutive_years",
                "why": "02 năm liên tục đạt danh hiệu Đơn vị Quyết thắng",
                "years": 2,
                "required": ["don-vi-quyet-thang"],
                "overridable": True,
            },
            {
                "kind": "one_achievement",
                "why": "một hình thức khen thưởng cho một thành tích (không áp dụng cho danh hiệu)",
            },
        ],
    },
    {
        "code": "bang-khen-bqp",
        "name": "Bằng khen của Bộ trưởng Bộ Quốc phòng",
        "category": "form",
        "nominee_kind": "collective",
        "level": "Bộ Quốc phòng",
        "issuing_authority": "Bộ trưởng Bộ Quốc phòng",
        "rules": [
            {
                "kind": "no_discipline",
                "why": "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
            },
            {
                "kind": "consecutive_years",
                "why": "02 năm liên tục đạt danh hiệu Đơn vị Quyết thắng",
                "years": 2,
                "required": ["don-vi-quyet-thang"],
                "overridable": True,
            },
            {
                "kind": "one_achievement",
                "why": "một hình thức khen thưởng cho một thành tích (không áp dụng cho danh hiệu)",
            },
        ],
    },
    {
        "code": "giay-khen",
        "name": "Giấy khen",
        "category": "form",
        "nominee_kind": "individual",
        "level": "Cơ sở",
        "issuing_authority": "Thủ trưởng đơn vị",
        "rules": [
            {
                "kind": "one_achievement",
                "why": "một hình thức khen thưởng cho một thành tích (không áp dụng cho danh hiệu)",
            }
        ],
    },
]


def _values(entry: dict[str, Any], source: str) -> dict[str, Any]:
    numerator, denominator = entry.get("share", (None, None))
    return {
        "kind": entry["kind"],
        "numerator": numerator,
        "denominator": denominator,
        "comparison": entry.get("comparison", "at_least"),
        "years": entry.get("years"),
        "overridable": entry.get("overridable", False),
        "legal_source": f"{source} Căn cứ: {entry['why']}. {DEFAULT_NOTE}",
    }


def forwards(apps: Any, schema_editor: Any) -> None:
    award_model = apps.get_model("awards", "AwardType")
    rule_model = apps.get_model("awards", "AwardRule")
    for rule in rule_model.objects.exclude(share_percent=None):
        if rule.kind == "members_with_title" and rule.share_percent == 50:
            rule.numerator, rule.denominator, rule.comparison = 1, 2, "more_than"
        else:
            rule.numerator, rule.denominator = int(rule.share_percent * 100), 10000
            for divisor in (100, 10, 1):  # 70.00 % is 70/100, 66.67 % stays 6667/10000
                if rule.numerator % divisor == 0:
                    rule.numerator, rule.denominator = rule.numerator // divisor, 10000 // divisor
                    break
        rule.save(update_fields=["numerator", "denominator", "comparison"])
    rule_model.objects.filter(effective_to=None, effective_from__lte=OLD_END).update(
        effective_to=OLD_END
    )
    by_code, new = {}, set()
    for entry in AWARDS:
        fields = {k: v for k, v in entry.items() if k not in ("code", "rules")}
        award, created = award_model.objects.get_or_create(
            code=entry["code"], defaults={**fields, "required_documents": DOSSIER}
        )
        if not created and award.category != entry["category"]:
            award.category = entry["category"]
            award.save(update_fields=["category"])
        by_code[entry["code"]] = award
        if created:
            new.add(entry["code"])
    for entry in AWARDS:
        award = by_code[entry["code"]]
        for source, start, end in SOURCES:
            if end is not None and entry["code"] not in new:
                continue  # an award seeded before keeps the rules it had until then
            if end is None and award.rules.filter(effective_to=None).exists():
                continue  # an administrator already set the current rules
            for item in entry["rules"]:
                row = rule_model.objects.create(
                    award=award, effective_from=start, effective_to=end, **_values(item, source)
                )
                row.required_awards.set([by_code[code] for code in item.get("required", [])])


class Migration(migrations.Migration):
    dependencies = [("awards", "0017_history_fractions_registry")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

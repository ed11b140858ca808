"""The award catalogue seeded by default: data, with the legal text each rule comes from, for an
administrator to confirm before use.

Demo data and tests read this list; the migrations that seeded a database keep frozen copies
of what they wrote (0007, then 0018 for the current sources).

What is confirmed and what is not (see README, "Award rules"):
- Decree 152/2025/NĐ-CP of 14 June 2025 (in force from 1 July 2025) details the Law on
  Emulation and Commendation 2022 in place of Decree 98/2023/NĐ-CP; its number and date were
  confirmed from secondary public sources, not from the Official Gazette.
- The Ministry of Defence circular guiding it in the army could not be confirmed: the rules cite
  no circular number, and the earlier seed's "118/2023/TT-BQP" was not confirmed either.
- The conditions follow the Law's standards for each title as they are widely quoted (e.g. more
  than 50 % of members Chiến sĩ tiên tiến for Đơn vị tiên tiến; every member completing their
  tasks, at least 70 % Chiến sĩ tiên tiến and at least one Chiến sĩ thi đua cơ sở for Đơn vị
  quyết thắng); article numbers are not cited where they could not be checked. Quotas (10 % of
  strength, 20 % of the bloc) are the portal's defaults, not quoted from a text.
"""

from __future__ import annotations

import datetime
from typing import Any

DOSSIER = ["Tờ trình", "Danh sách", "Báo cáo thành tích", "Biên bản họp xét"]
# The level of the awards a unit's head confers (Giấy khen, Chiến sĩ tiên tiến…); every other
# level of the catalogue is a command's (Bộ Tổng Tham mưu, Bộ Quốc phòng), whose awards only its
# own decision confers (awards.proposals.decision_conferral_problems).
BASE_LEVEL = "Cơ sở"
DEFAULT_NOTE = "Giá trị mặc định của Cổng: quản trị viên đối chiếu văn bản trước khi dùng."
LAW = "Luật Thi đua, khen thưởng năm 2022"
DECREE_98_ENDED = datetime.date(2025, 6, 30)
DECREE_152_FROM = datetime.date(2025, 7, 1)

# The texts in force, oldest first: (citation, in force from, in force until).
SOURCES: list[tuple[str, datetime.date, datetime.date | None]] = [
    (f"{LAW}; Nghị định số 98/2023/NĐ-CP.", datetime.date(2024, 1, 1), DECREE_98_ENDED),
    (
        f"{LAW}; Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ (thay Nghị định số "
        "98/2023/NĐ-CP từ 01/7/2025).",
        DECREE_152_FROM,
        None,
    ),
]


def rule(kind: str, why: str, **values: Any) -> dict[str, Any]:
    """One rule: its kind, what the text says (shown with the source), and its values."""
    return {"kind": kind, "why": why, **values}


NO_DISCIPLINE = rule("no_discipline", "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên")
ONE_ACHIEVEMENT = rule(
    "one_achievement", "một hình thức khen thưởng cho một thành tích (không áp dụng cho danh hiệu)"
)

# The Cờ thi đua (of either command) and the Bằng khen (of either command) follow the same texts.
FLAG_RULES = [
    NO_DISCIPLINE,
    rule(
        "same_year",
        "được lựa chọn trong số các đơn vị đạt danh hiệu Đơn vị Quyết thắng",
        required=["don-vi-quyet-thang"],
    ),
    rule(
        "quota_collectives",
        "không quá tỷ lệ số đơn vị của Khối (mặc định của Cổng)",
        share=(20, 100),
    ),
]
BANG_KHEN_RULES = [
    NO_DISCIPLINE,
    rule(
        "consecutive_years",
        "02 năm liên tục đạt danh hiệu Đơn vị Quyết thắng",
        years=2,
        required=["don-vi-quyet-thang"],
        overridable=True,
    ),
    ONE_ACHIEVEMENT,
]

# code, name, category, awarded to, level, issuing authority, rules
DEFAULT_AWARDS: list[dict[str, Any]] = [
    {
        "code": "chien-si-tien-tien",
        "name": "Chiến sĩ tiên tiến",
        "category": "title",
        "nominee_kind": "individual",
        "level": "Cơ sở",
        "issuing_authority": "Thủ trưởng đơn vị",
        "rules": [NO_DISCIPLINE],
    },
    {
        "code": "lao-dong-tien-tien",
        "name": "Lao động tiên tiến",
        "category": "title",
        "nominee_kind": "individual",
        "level": "Cơ sở",
        "issuing_authority": "Thủ trưởng đơn vị",
        "rules": [NO_DISCIPLINE],
    },
    {
        "code": "chien-si-thi-dua-co-so",
        "name": "Chiến sĩ thi đua cơ sở",
        "category": "title",
        "nominee_kind": "individual",
        "level": "Cơ sở",
        "issuing_authority": "Thủ trưởng đơn vị",
        "rules": [
            NO_DISCIPLINE,
            rule(
                "same_year",
                "đạt danh hiệu Chiến sĩ tiên tiến hoặc Lao động tiên tiến",
                required=["chien-si-tien-tien", "lao-dong-tien-tien"],
            ),
            rule(
                "initiative",
                "có sáng kiến được công nhận hoặc đề tài, đề án, công trình khoa học được nghiệm "
                "thu, áp dụng",
            ),
            rule(
                "quota_strength",
                "không quá tỷ lệ quân số của đơn vị (mặc định của Cổng)",
                share=(10, 100),
            ),
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
            NO_DISCIPLINE,
            rule(
                "consecutive_years",
                "03 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở",
                years=3,
                required=["chien-si-thi-dua-co-so"],
            ),
            rule("initiative", "có sáng kiến hoặc đề tài khoa học được công nhận, áp dụng"),
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
            NO_DISCIPLINE,
            rule(
                "members_with_title",
                "có trên 50% cá nhân đạt danh hiệu Chiến sĩ tiên tiến, Lao động tiên tiến",
                share=(1, 2),
                comparison="more_than",
                overridable=True,
            ),
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
            NO_DISCIPLINE,
            rule("members_completed", "100% cá nhân trong đơn vị hoàn thành nhiệm vụ được giao"),
            rule(
                "members_with_title",
                "có ít nhất 70% cá nhân đạt danh hiệu Chiến sĩ tiên tiến, Lao động tiên tiến",
                share=(70, 100),
                overridable=True,
            ),
            rule(
                "member_holds",
                "có cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở",
                required=["chien-si-thi-dua-co-so"],
            ),
        ],
    },
    {
        "code": "co-thi-dua-bttm",
        "name": "Cờ thi đua của Bộ Tổng Tham mưu",
        "category": "title",
        "nominee_kind": "collective",
        "level": "Bộ Tổng Tham mưu",
        "issuing_authority": "Tổng Tham mưu trưởng",
        "rules": FLAG_RULES,
    },
    {
        "code": "co-thi-dua-bqp",
        "name": "Cờ thi đua của Bộ Quốc phòng",
        "category": "title",
        "nominee_kind": "collective",
        "level": "Bộ Quốc phòng",
        "issuing_authority": "Bộ trưởng Bộ Quốc phòng",
        "rules": FLAG_RULES,
    },
    {
        "code": "bang-khen-tttm",
        "name": "Bằng khen của Tổng Tham mưu trưởng",
        "category": "form",
        "nominee_kind": "collective",
        "level": "Bộ Tổng Tham mưu",
        "issuing_authority": "Tổng Tham mưu trưởng",
        "rules": BANG_KHEN_RULES,
    },
    {
        "code": "bang-khen-bqp",
        "name": "Bằng khen của Bộ trưởng Bộ Quốc phòng",
        "category": "form",
        "nominee_kind": "collective",
        "level": "Bộ Quốc phòng",
        "issuing_authority": "Bộ trưởng Bộ Quốc phòng",
        "rules": BANG_KHEN_RULES,
    },
    {
        "code": "giay-khen",
        "name": "Giấy khen",
        "category": "form",
        "nominee_kind": "individual",
        "level": "Cơ sở",
        "issuing_authority": "Thủ trưởng đơn vị",
        "rules": [ONE_ACHIEVEMENT],
    },
]


def rule_values(entry: dict[str, Any], source: str) -> dict[str, Any]:
    """The fields of an AwardRule row for a rule of the list, under one of the SOURCES."""
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


def awards_ensure(award_model: Any, rule_model: Any) -> None:
    """Create the default catalogue's missing awards, each with its rules under every source."""
    by_code = {}
    created = []
    for entry in DEFAULT_AWARDS:
        fields = {k: v for k, v in entry.items() if k not in ("code", "rules")}
        award, new = award_model.objects.get_or_create(
            code=entry["code"], defaults={**fields, "required_documents": DOSSIER}
        )
        by_code[entry["code"]] = award
        if new:
            created.append((award, entry))
    for award, entry in created:
        for source, start, end in SOURCES:
            for item in entry["rules"]:
                row = rule_model.objects.create(
                    award=award, effective_from=start, effective_to=end, **rule_values(item, source)
                )
                row.required_awards.set([by_code[code] for code in item.get("required", [])])

"""Saved certificate templates whose lines are still the old defaults take the new ones.

Before, every award's default heading was "{signer_position}\\nTẶNG" and a title's certificate
read like a form of reward's. A line an administrator changed stays as they wrote it; a line
still equal to the old default becomes the default of the award's kind (a form of reward, an
individual title, a collective title). Frozen copies of both sets of defaults: the code's may
change again.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

OLD = {
    "authority": "{signer_position}\nTẶNG",
    "title": "{award}",
    "recipient": "{recipient}",
    "recipient_detail": "{recipient_position}, {unit}",
    "achievement": "Đã có thành tích xuất sắc trong Phong trào Thi đua Quyết thắng năm {year}",
    "place_date": "{place}, ngày {day} tháng {month} năm {decision_year}",
    "signer_position": "{signer_position}",
    "signer_rank": "{signer_rank}",
    "signer_name": "{signer_name}",
    "decision": "Quyết định số {decision_number} ngày {decision_date}",
    "serial": "Số: {serial}",
}
FORM = {**OLD, "authority": "{conferrer}\nTẶNG"}
INDIVIDUAL_TITLE = {
    **FORM,
    "authority": "{conferrer}\nTẶNG DANH HIỆU",
    "achievement": "Đạt danh hiệu {award} năm {year}",
}
COLLECTIVE_TITLE = {
    **INDIVIDUAL_TITLE,
    "recipient_detail": "",
    "achievement": "Đã có thành tích xuất sắc trong Phong trào Thi đua Quyết thắng\n"
    "đạt danh hiệu {award} năm {year}",
}
TITLES = {"bang-khen": "Bằng khen", "giay-khen": "Giấy khen"}


def _defaults(award: Any) -> tuple[dict[str, str], dict[str, str]]:
    """The award's old default lines and its new ones."""
    collective = award.nominee_kind == "collective"
    old = dict(OLD)
    if collective:
        old["recipient_detail"] = ""
    for prefix, name in TITLES.items():
        if award.code.startswith(prefix):
            old["title"] = name
    if award.category == "title":
        return old, dict(COLLECTIVE_TITLE if collective else INDIVIDUAL_TITLE)
    return old, {**old, "authority": FORM["authority"]}


def templates_follow_their_kind(apps: Any, schema_editor: Any) -> None:
    CertificateTemplate = apps.get_model("certificates", "CertificateTemplate")
    for template in CertificateTemplate.objects.select_related("award"):
        old, new = _defaults(template.award)
        changed = {
            name: new[name]
            for name, text in template.texts.items()
            if name in old and text == old[name] and new[name] != text
        }
        if changed:
            template.texts = {**template.texts, **changed}
            template.save(update_fields=["texts"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_text_limits"),
        ("awards", "0018_rules_current_sources"),
    ]

    operations = [
        migrations.RunPython(templates_follow_their_kind, migrations.RunPython.noop),
    ]

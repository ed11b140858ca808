"""The national motto, written once (templates/documents/motto.html) and the same in every
document: “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc” with a solid rule
under the motto as long as it (Decree 30/2020/NĐ-CP)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pypdfium2
from django.conf import settings
from django.utils import translation

from awards.models import AwardRule, AwardType
from awards.rules import awards_ensure
from certificates.documents import certificates_pdf
from certificates.services import certificates_issue
from emulation_portal.lib.pdf import render_pdf
from tests.certificates.conftest import decision_create
from tests.conftest import World

COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOCUMENTS = Path(settings.BASE_DIR) / "templates" / "documents"


def _motto(pdf: bytes) -> tuple[str, tuple[float, float], list[tuple[float, float]]]:
    """The first page's text, where the motto's words lie (left and right, in points) and the
    dark horizontal lines drawn just under them, as (left, right) in points, found on the
    rendered page (however the PDF draws them)."""
    scale = 4
    page = pypdfium2.PdfDocument(pdf)[0]
    text = page.get_textpage()
    index, count = text.search(MOTTO).get_next()
    boxes = [text.get_charbox(i) for i in range(index, index + count)]
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    bottom = min(b[1] for b in boxes)
    image = page.render(scale=scale).to_pil().convert("L")
    height = page.get_height()
    lines = []
    for y in range(round((height - bottom) * scale), round((height - bottom + 8) * scale)):
        dark = [
            x
            for x in range(round((left - 30) * scale), round((right + 30) * scale))
            if image.getpixel((x, y)) < 128
        ]
        if dark and len(dark) == dark[-1] - dark[0] + 1 and len(dark) > 20 * scale:
            lines.append((dark[0] / scale, (dark[-1] + 1) / scale))
    return text.get_text_range(), (left, right), sorted(set(lines))


def _check(pdf: bytes) -> None:
    text, (left, right), under = _motto(pdf)
    assert f"{COUNTRY}\n{MOTTO}" in text.replace("\r\n", "\n")
    assert "CỘNG HOÀ" not in text
    assert under, "no rule under the motto"
    rule_left, rule_right = under[0]
    assert abs(rule_left - left) < 1 and abs(rule_right - right) < 1  # as long as the motto


def test_no_document_writes_the_motto_but_the_shared_partial() -> None:
    for template in DOCUMENTS.glob("*.html"):
        source = template.read_text(encoding="utf-8")
        if template.name == "motto.html":
            continue
        assert "REPUBLIC OF VIETNAM" not in source and "CỘNG H" not in source, template.name
    for name in ("base.html", "certificates.html"):
        assert '{% include "documents/motto.html" %}' in (DOCUMENTS / name).read_text()


def test_a_document_has_the_motto_with_its_rule(world: World) -> None:
    with translation.override("vi"):
        pdf = render_pdf(
            template_name="documents/base.html",
            context={
                "command": world.command,
                "bloc": world.bloc,
                "number": 7,
                "series": "DS",
                "place": "Hà Nội",
                "date": datetime.date(2026, 12, 20),
            },
        )
    _check(pdf)


def test_a_certificate_has_the_same_motto_with_its_rule(world: World) -> None:
    awards_ensure(AwardType, AwardRule)
    decision = decision_create(world, 1)
    issued = certificates_issue(
        user=world.users["reviewer"], decision=decision, proposals=list(decision.recipients.all())
    )
    _check(certificates_pdf(issued))

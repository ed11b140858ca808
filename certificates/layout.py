"""What a certificate prints, and where: its lines, their placeholders and their boxes.

A certificate template is a text for each line of ``LINES``; the texts may use only the
placeholders of ``PLACEHOLDERS`` (``{recipient_name}``), never attributes, indexes, format
specifications or conversions, so a template can print data but cannot reach into objects.
Positions are fixed in millimetres on an A4 landscape page, so the same boxes serve the full
certificate and the "pre-printed blanks" mode, which prints only the variable lines, moved by
the printer's offsets.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

PAGE_WIDTH_MM = 297
PAGE_HEIGHT_MM = 210


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Line:
    name: str
    label: object
    box: Box
    variable: bool  # printed on pre-printed blanks too
    max_length: int
    css: str = ""
    help: object = ""


LINES: tuple[Line, ...] = (
    Line("authority", _("Issuing authority"), Box(20, 32, 257, 16), False, 200, "authority"),
    Line("title", _("Title line"), Box(20, 50, 257, 22), False, 80, "title"),
    Line("recipient", _("Recipient"), Box(20, 76, 257, 14), True, 120, "recipient"),
    Line(
        "recipient_detail",
        _("Recipient's position and unit"),
        Box(20, 90, 257, 10),
        True,
        200,
        "detail",
    ),
    Line("achievement", _("Achievement line"), Box(35, 102, 227, 26), True, 400, "achievement"),
    Line("place_date", _("Place and date"), Box(150, 134, 130, 8), True, 120, "place-date"),
    Line("signer_position", _("Signer's position"), Box(150, 143, 130, 16), True, 200, "signer"),
    Line("signer_rank", _("Signer's rank"), Box(150, 176, 130, 8), True, 100, "signer-rank"),
    Line("signer_name", _("Signer's name"), Box(150, 185, 130, 10), True, 100, "signer-name"),
    Line("decision", _("Decision number and date"), Box(18, 160, 120, 8), True, 200, "decision"),
    Line(
        "serial",
        _("Register number"),
        Box(18, 168, 120, 8),
        True,
        100,
        "serial",
        _(
            "The certificate's number with the label you choose: “Số: {serial}”, "
            "“Vào sổ số: {serial}”."
        ),
    ),
)
LINE_NAMES = tuple(line.name for line in LINES)
# A title line longer than this ("Chiến sĩ thi đua toàn quân") is set smaller, to fit one line.
TITLE_SHORT = 20
QR_BOX = Box(18, 134, 24, 24)  # the verification QR code, printed on blanks too
MOTTO_BOX = Box(20, 15, 257, 16)

PLACEHOLDERS: dict[str, object] = {
    "award": _("the award's name"),
    "recipient": _("rank and name, or the unit's name for a collective"),
    "recipient_rank": _("the recipient's rank"),
    "recipient_name": _("the recipient's full name, or the unit's name"),
    "recipient_position": _("the recipient's position"),
    "unit": _("the recipient's unit"),
    "year": _("the year of the achievement"),
    "campaign": _("the campaign's name"),
    "conferrer": _(
        "who confers it, for the heading: the signer's position and the decision's authority "
        "(“Lữ đoàn trưởng Lữ đoàn 144”), the authority once if the position names it"
    ),
    "decision_authority": _("the decision's issuing authority"),
    "decision_number": _("the decision's number"),
    "decision_date": _("the decision's date, dd/mm/yyyy"),
    "place": _("the place of issue"),
    "day": _("the day of the decision"),
    "month": _("the month of the decision"),
    "decision_year": _("the year of the decision"),
    "signer_position": _("the signer's position"),
    "signer_rank": _("the signer's rank"),
    "signer_name": _("the signer's name"),
    "serial": _("the certificate's serial number"),
}

# Vietnamese practice; certificates are printed in Vietnamese whatever the interface language.
# The heading names who confers the award, from the decision. A form of reward is given
# ("… TẶNG / BẰNG KHEN"); a title is conferred as a title ("… TẶNG DANH HIỆU / CHIẾN SĨ TIÊN
# TIẾN", "Đạt danh hiệu … năm …"), an individual's naming their position and unit, a
# collective's the unit alone. The register number's label ("Số:") is the template's to change.
FORM_TEXTS = {
    "authority": "{conferrer}\nTẶNG",
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
INDIVIDUAL_TITLE_TEXTS = {
    **FORM_TEXTS,
    "authority": "{conferrer}\nTẶNG DANH HIỆU",
    "achievement": "Đạt danh hiệu {award} năm {year}",
}
COLLECTIVE_TITLE_TEXTS = {
    **INDIVIDUAL_TITLE_TEXTS,
    "recipient_detail": "",
    "achievement": "Đã có thành tích xuất sắc trong Phong trào Thi đua Quyết thắng\n"
    "đạt danh hiệu {award} năm {year}",
}
# The large line of a form of reward names the form, not the whole award.
TITLES = {"bang-khen": "Bằng khen", "giay-khen": "Giấy khen"}


def default_texts(*, award_code: str, title: bool, collective: bool) -> dict[str, str]:
    """The default lines of an award's certificate: a title's (a collective's or an
    individual's) or a form of reward's."""
    if title:
        return dict(COLLECTIVE_TITLE_TEXTS if collective else INDIVIDUAL_TITLE_TEXTS)
    texts = dict(FORM_TEXTS)
    if collective:
        texts["recipient_detail"] = ""
    for prefix, name in TITLES.items():
        if award_code.startswith(prefix):
            texts["title"] = name
    return texts


def conferrer(*, position: str, authority: str) -> str:
    """Who confers, as a certificate's heading names them: the position, then the authority
    ("Lữ đoàn trưởng Lữ đoàn 144"), which is not repeated when the position names it already
    ("Bộ trưởng Bộ Quốc phòng")."""
    if authority.strip().casefold() in position.casefold():
        return position.strip()
    return f"{position.strip()} {authority.strip()}".strip()


def line_problems(line: Line, text: str) -> list[str]:
    """What is wrong with a line's template text, in words naming what to fix."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return [
            _("%(line)s has a brace that opens or closes no field; write {{ or }} to print one.")
            % {"line": line.label}
        ]
    unknown, formatted = [], []
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in PLACEHOLDERS:
            unknown.append(field)
        elif spec or conversion:
            formatted.append(field)
    problems = []
    if unknown:
        problems.append(
            ngettext(
                "%(line)s refers to an unknown field: %(names)s.",
                "%(line)s refers to unknown fields: %(names)s.",
                len(unknown),
            )
            % {"line": line.label, "names": ", ".join("{" + name + "}" for name in unknown)}
        )
    if formatted:
        problems.append(
            _("%(line)s: write fields plainly, as {%(name)s}, without “:” or “!”.")
            % {"line": line.label, "name": formatted[0]}
        )
    return problems


def placeholders_used(text: str) -> set[str]:
    return {field for _l, field, _s, _c in string.Formatter().parse(text) if field is not None}


def fill(text: str, values: dict[str, str]) -> str:
    """Fill a checked template text; an empty placeholder leaves no stray separators."""
    filled = text.format_map(values)
    lines = [line.strip(" ,") for line in filled.splitlines()]
    return "\n".join(line for line in lines if line)

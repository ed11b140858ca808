"""Word (.docx) drafts in the Vietnamese administrative layout (Decree 30/2020/NĐ-CP).

The building blocks every draft shares: the page (A4, the decree's margins, Times New Roman),
the two-column header (issuing body with its number on the left, the national motto with the
place and date on the right), the title with its subject, body paragraphs, grid tables, and
the recipients with the signature block. The documents themselves live in the apps that own
their data (``awards/drafts.py``).

Unlike the PDFs these are drafts the clerk edits before signing: where a figure is only known
then (the number, the day), the text leaves a dotted ``BLANK``.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document as new_document
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .numbers import number

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Where the clerk writes a number or a day by hand before signing.
BLANK = "......."
FONT = "Times New Roman"
# Decree 30/2020/NĐ-CP, Appendix I: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm;
# body text 13-14 pt.
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
BODY_SIZE = Pt(14)
HEADER_SIZE = Pt(13)
TABLE_SIZE = Pt(12)
TABLE_STYLE = "Table Text"  # the paragraphs of grids: 12 pt, set once rather than per run
SMALL_SIZE = Pt(11)
LEFT = WD_ALIGN_PARAGRAPH.LEFT
# What follows w:pBdr inside w:pPr (ECMA-376 order): Word refuses a file whose order differs.
AFTER_BORDER = [
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]


def document_new(*, title: str, author: str) -> Document:
    """An empty A4 document with the decree's margins, Times New Roman 14 pt, in Vietnamese."""
    document = new_document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    run_properties = normal.element.get_or_add_rPr()
    fonts = run_properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    fonts.set(qn("w:cs"), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN" if get_language() == "vi" else "en-GB")
    run_properties.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    normal.paragraph_format.space_after = Pt(0)
    table_text = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = TABLE_SIZE
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = title, author, author
    properties.created = properties.modified = timezone.now()
    properties.revision = 1
    properties.comments = ""
    return document


def document_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def count(value: int) -> str:
    """A count as Vietnamese administrative texts write it: two digits below ten ("05 tập
    thể"), so the figure cannot be altered by hand; other languages write it plainly."""
    if get_language() == "vi" and 0 <= value < 10:
        return f"{value:02d}"
    return number(value)


def place_date(place: str, *, year: int | None = None) -> str:
    """ "Hà Nội, ngày ....... tháng ....... năm 2026": the day is written on signing."""
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place,
        "day": BLANK,
        "month": BLANK,
        "year": year if year is not None else BLANK,
    }


def number_line(series: str, code: str) -> str:
    """ "Số: ......./TTr-KTĐ4": the number is given on signing."""
    return f"{_('No.')}: {BLANK}/{series}-{code}" if code else f"{_('No.')}: {BLANK}/{series}"


def _paragraph(
    container: Document | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: Pt | None = None,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    before: int = 0,
    after: int = 0,
    style: str = "",
) -> Paragraph:
    paragraph = container.add_paragraph()
    if style:  # by its id: python-docx looks a style object up among every style, per call
        paragraph._p.style = style
    paragraph.alignment = align
    if before:
        paragraph.paragraph_format.space_before = Pt(before)
    if after:
        paragraph.paragraph_format.space_after = Pt(after)
    if text:
        run = paragraph.add_run(text)
        # None inherits the style (plain text) without writing w:b="0" into every run.
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if size is not None:
            run.font.size = size
    return paragraph


def _cell_paragraph(cell: _Cell, text: str = "", **style: Any) -> Paragraph:
    """The cell's first paragraph on first use (a new cell holds an empty one), then new ones."""
    first = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and not first.text and not first.runs:
        first._p.getparent().remove(first._p)
    return _paragraph(cell, text, **style)


def rule(container: Document | _Cell, *, indent: float) -> Paragraph:
    """A short solid rule, centred by ``indent`` mm on each side, as the decree draws under the
    issuing body (a third of its line) and under the subject."""
    paragraph = _paragraph(container, size=Pt(4))
    paragraph.paragraph_format.left_indent = Mm(indent)
    paragraph.paragraph_format.right_indent = Mm(indent)
    paragraph.paragraph_format.line_spacing = Pt(4)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{name}"), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(border, *AFTER_BORDER)
    return paragraph


def _widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Fixed column widths, in the grid (LibreOffice reads it) and in each cell (Word does)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _text_width(document: Document) -> float:
    section = document.sections[0]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def header(
    document: Document, *, issuer: Sequence[str], number_text: str, place_date_text: str
) -> Table:
    """The two-column header: the issuing body (its superior above it, in capitals, the body
    itself in bold, a rule, then the number) beside the national motto (the country in bold
    capitals, the motto in bold and underlined as long as it, then the place and date)."""
    total = _text_width(document)
    left, right = total * 0.42, total * 0.58
    table = document.add_table(rows=1, cols=2)
    _widths(table, [left, right])
    issuer_cell, motto_cell = table.rows[0].cells
    *parents, body = [line.upper() for line in issuer]
    for line in parents:
        _cell_paragraph(issuer_cell, line, size=HEADER_SIZE)
    _cell_paragraph(issuer_cell, body, bold=True, size=HEADER_SIZE)
    rule(issuer_cell, indent=left / 3)
    if number_text:  # a list attached to another document has none of its own
        _cell_paragraph(issuer_cell, number_text, size=HEADER_SIZE, before=6)
    _cell_paragraph(motto_cell, _("SOCIALIST REPUBLIC OF VIETNAM"), bold=True, size=HEADER_SIZE)
    _cell_paragraph(motto_cell, _("Independence - Freedom - Happiness"), bold=True, underline=True)
    _cell_paragraph(motto_cell, place_date_text, italic=True, before=12)
    return table


def title(document: Document, kind: str, subject: Sequence[str], *, note: str = "") -> None:
    """The kind of document in bold capitals, its subject (trích yếu) in bold under it with a
    short rule, and an optional italic note such as what a list is attached to."""
    _paragraph(document, kind.upper(), bold=True, before=18)
    for line in subject:
        _paragraph(document, line, bold=True)
    if note:
        _paragraph(document, note, italic=True)
    width = _text_width(document)
    rule(document, indent=width * 3 / 8)
    _paragraph(document, after=6)


def centred(document: Document, text: str, *, bold: bool = False, before: int = 6) -> Paragraph:
    return _paragraph(document, text, bold=bold, before=before, after=6)


def body(document: Document, text: str, *, indent: bool = True, bold_lead: str = "") -> Paragraph:
    """A justified paragraph of the body, its first line indented; ``bold_lead`` starts it in
    bold ("Điều 1.")."""
    paragraph = _paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=6)
    paragraph.paragraph_format.line_spacing = 1.15
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    if bold_lead:
        paragraph.add_run(bold_lead + " ").bold = True
    paragraph.add_run(text)
    return paragraph


def page_break(document: Document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


@dataclass
class Row:
    """A row of a grid: its cells, or a heading across the whole row (``heading``)."""

    cells: Sequence[str] = ()
    heading: str = ""
    # Extra lines under a cell's text, in italics (a person's unit under their name).
    notes: dict[int, str] = field(default_factory=dict)


def grid(
    document: Document, *, columns: Sequence[str], widths: Sequence[float], rows: Sequence[Row]
) -> Table:
    """A bordered table whose header row repeats on every page; a ``heading`` row spans it.

    Each shape of row (a heading; cells with notes under some of them) is laid out once with
    python-docx, then copied and filled for every row of that shape: laying out each cell
    through python-docx cost about 6 ms of CPU a row, a minute for a few thousand nominees.
    """
    table = document.add_table(rows=0, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # add_row gives each new cell its column's width
    style = document.styles[TABLE_STYLE].style_id
    header_cells = _row_add(table)
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for cell, label in zip(header_cells, columns, strict=True):
        _cell_paragraph(cell, label, bold=True, style=style)
    shapes: dict[tuple[object, ...], BaseOxmlElement] = {}
    for row in rows:
        shape = ("heading",) if row.heading else tuple(sorted(row.notes))
        if shape not in shapes:
            shapes[shape] = _row_shape(table, row, style=style, width=sum(widths))
        tr = copy.deepcopy(shapes[shape])
        table._tbl.append(tr)
        texts = [row.heading] if row.heading else _row_texts(row)
        for element, value in zip(tr.iter(qn("w:t")), texts, strict=True):
            element.text = value
            if value != value.strip():
                element.set(qn("xml:space"), "preserve")
    return table


def _row_shape(table: Table, row: Row, *, style: str, width: float) -> BaseOxmlElement:
    """The ``w:tr`` of a row shaped like ``row``, each text a placeholder, not in the table."""
    cells = _row_add(table)
    if row.heading:
        merged = cells[0].merge(cells[-1])
        merged.width = Mm(width)
        _cell_paragraph(merged, "-", bold=True, style=style, align=LEFT)
    else:
        for index, cell in enumerate(cells):
            align = WD_ALIGN_PARAGRAPH.CENTER if index == 0 else LEFT
            _cell_paragraph(cell, "-", style=style, align=align)
            if index in row.notes:
                _cell_paragraph(cell, "-", italic=True, style=style, align=align)
    tr = cells[0]._tc.getparent()
    table._tbl.remove(tr)
    return tr


def _row_texts(row: Row) -> list[str]:
    """A row's texts in the order its ``w:t`` elements come: each cell, then its note."""
    texts = []
    for index, value in enumerate(row.cells):
        texts.append(value)
        if index in row.notes:
            texts.append(row.notes[index])
    return texts


def _row_add(table: Table) -> list[_Cell]:
    row = table.add_row()
    return [_Cell(tc, table) for tc in row._tr.tc_lst]


@dataclass
class Signer:
    """Who signs: "TM." (for a collective body) or "KT." (a deputy for the head) with the
    body, the position, an optional line under it, and the name (dotted when not known)."""

    position: str
    on_behalf: str = ""
    under: str = ""
    name: str = ""


def closing(document: Document, *, recipients: Sequence[str], signer: Signer) -> Table:
    """The recipients (Nơi nhận) on the left, the signature block on the right."""
    total = _text_width(document)
    table = document.add_table(rows=1, cols=2)
    _widths(table, [total * 0.45, total * 0.55])
    left, right = table.rows[0].cells
    _cell_paragraph(left, _("Recipients:"), bold=True, italic=True, size=Pt(12), align=LEFT)
    for line in recipients:
        _cell_paragraph(left, f"- {line}", size=SMALL_SIZE, align=LEFT)
    if signer.on_behalf:
        _cell_paragraph(right, signer.on_behalf.upper(), bold=True)
    _cell_paragraph(right, signer.position.upper(), bold=True)
    if signer.under:
        _cell_paragraph(right, signer.under, bold=True)
    for _line in range(4):  # room for the signature and the seal
        _cell_paragraph(right)
    _cell_paragraph(right, signer.name or BLANK, bold=True)
    return table

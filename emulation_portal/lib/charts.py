"""Bar charts as SVG markup, the same on a web page and inside a PDF.

Hand-drawn on purpose: a horizontal bar chart is a few rectangles and labels, and drawing it
here keeps the charts in the document's own font (Vietnamese diacritics included), free of
scripts (the Content-Security-Policy allows none inline) and identical in WeasyPrint and the
browser. Presentation is in SVG attributes, not CSS, for the same reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .numbers import number

WIDTH = 640
ROW = 26
LABEL_WIDTH = 230
FONT = "Liberation Serif, Times New Roman, serif"
COLOUR = "#2e7d32"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""  # shown at the bar's end; the value if empty


def bar_chart(bars: Sequence[Bar], *, title: str, maximum: float | None = None) -> SafeString:
    """A horizontal bar per item, scaled to ``maximum`` (the largest value if not given)."""
    top = maximum if maximum else max((bar.value for bar in bars), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - 60
    height = 30 + ROW * max(len(bars), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-family="{FONT}" '
        f'font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="bold" font-size="14">{escape(title)}</text>',
    ]
    for index, bar in enumerate(bars):
        y = 26 + index * ROW
        length = max(0.0, min(bar.value, top)) / top * plot
        label = bar.label if len(bar.label) <= 34 else bar.label[:33] + "…"
        shown = bar.text or number(bar.value)
        parts += [
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="{ROW - 8}" '
            f'fill="{COLOUR}"/>',
            f'<text x="{LABEL_WIDTH + length + 5:.1f}" y="{y + 15}">{escape(shown)}</text>',
        ]
    if not bars:
        parts.append(f'<text x="{LABEL_WIDTH}" y="41" fill="#666">—</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)

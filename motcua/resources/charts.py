"""Server-side SVG charts for the resource pages: no script, no external library.

Every label is escaped (``format_html``); sizes are computed here so the
template only places the returned markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ROW = 22
LABEL_WIDTH = 170
BAR_WIDTH = 320
VALUE_WIDTH = 70
# Inside each chart, so the page's stylesheet need not know about charts.
STYLE = SafeString(
    "<style>text{font:12px sans-serif;fill:#333}.bar{fill:#2f6f9f}.bar.warn{fill:#c0392b}"
    ".target{stroke:#222;stroke-dasharray:4 3}</style>"
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as printed beside the bar
    warn: bool = False  # drawn in the warning colour (below target)


def bar_chart(bars: Sequence[Bar], *, title: str, target: float | None = None) -> SafeString:
    """Horizontal bars scaled to the largest value (or the target), a dashed target line."""
    top = max([b.value for b in bars] + [target or 0, 1e-9])
    height = ROW * len(bars) + 30
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    rows = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="{}" y="15" text-anchor="end">{}</text>'
        '<rect x="{}" y="3" width="{}" height="15" class="{}"/>'
        '<text x="{}" y="15">{}</text></g>',
        (
            (
                i * ROW,
                LABEL_WIDTH - 6,
                b.label[:28],
                LABEL_WIDTH,
                f"{BAR_WIDTH * b.value / top:.1f}",
                "bar warn" if b.warn else "bar",
                f"{LABEL_WIDTH + BAR_WIDTH * b.value / top + 4:.1f}",
                b.shown,
            )
            for i, b in enumerate(bars)
        ),
    )
    line = SafeString("")
    if target is not None:
        x = f"{LABEL_WIDTH + BAR_WIDTH * target / top:.1f}"
        line = format_html(
            '<line x1="{}" x2="{}" y1="0" y2="{}" class="target"/>',
            x,
            x,
            ROW * len(bars),
        )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" '
        'height="{}"><title>{}</title>{}{}{}</svg>',
        title,
        width,
        height,
        width,
        height,
        title,
        STYLE,
        rows,
        line,
    )

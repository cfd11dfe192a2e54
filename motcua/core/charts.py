"""Server-side SVG charts for every page: no script, no external library.

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


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]  # 0–1 per point; None: no data that month (a gap)
    css: str  # "s1" or "s2": the series colour


LINE_STYLE = SafeString(
    "<style>text{font:11px sans-serif;fill:#333}.grid{stroke:#ddd}.s1{stroke:#2f6f9f}"
    ".s2{stroke:#d35400}.s1,.s2{fill:none;stroke-width:2}.s1 circle,.s2 circle{stroke:none}"
    ".d1{fill:#2f6f9f}.d2{fill:#d35400}</style>"
)
PLOT_LEFT, PLOT_TOP, PLOT_WIDTH, PLOT_HEIGHT = 40, 10, 480, 160


def line_chart(labels: Sequence[str], series: Sequence[Series], *, title: str) -> SafeString:
    """Rates (0–100 %) over time, one polyline per series, broken where a value is None;
    a legend under the plot."""
    step = PLOT_WIDTH / max(1, len(labels) - 1)

    def xy(i: int, value: float) -> str:
        y = PLOT_TOP + PLOT_HEIGHT * (1 - max(0.0, min(1.0, value)))
        return f"{PLOT_LEFT + i * step:.1f},{y:.1f}"

    grid = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/><text x="{}" y="{}" '
        'text-anchor="end">{} %</text>',
        (
            (
                PLOT_LEFT,
                PLOT_LEFT + PLOT_WIDTH,
                f"{PLOT_TOP + PLOT_HEIGHT * (1 - p / 100):.1f}",
                f"{PLOT_TOP + PLOT_HEIGHT * (1 - p / 100):.1f}",
                PLOT_LEFT - 4,
                f"{PLOT_TOP + PLOT_HEIGHT * (1 - p / 100) + 4:.1f}",
                p,
            )
            for p in (0, 25, 50, 75, 100)
        ),
    )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (f"{PLOT_LEFT + i * step:.1f}", PLOT_TOP + PLOT_HEIGHT + 16, label)
            for i, label in enumerate(labels)
        ),
    )
    lines = []
    for n, s in enumerate(series):
        runs: list[list[str]] = [[]]
        for i, value in enumerate(s.values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append(xy(i, value))
        polylines = format_html_join(
            "", '<polyline class="{}" points="{}"/>', ((s.css, " ".join(r)) for r in runs if r)
        )
        dots = format_html_join(
            "",
            '<circle class="{}" cx="{}" cy="{}" r="2.5"><title>{}: {}</title></circle>',
            (
                (
                    s.css.replace("s", "d"),
                    *xy(i, v).split(","),
                    labels[i],
                    f"{v:.0%}",
                )
                for i, v in enumerate(s.values)
                if v is not None
            ),
        )
        legend_y = PLOT_TOP + PLOT_HEIGHT + 34 + 16 * n
        lines.append(
            format_html(
                '{}{}<line class="{}" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text x="{}" y="{}">{}</text>',
                polylines,
                dots,
                s.css,
                PLOT_LEFT,
                PLOT_LEFT + 24,
                legend_y - 4,
                legend_y - 4,
                PLOT_LEFT + 30,
                legend_y,
                s.label,
            )
        )
    width = PLOT_LEFT + PLOT_WIDTH + 20
    height = PLOT_TOP + PLOT_HEIGHT + 34 + 16 * len(series)
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" '
        'height="{}"><title>{}</title>{}{}{}{}</svg>',
        title,
        width,
        height,
        width,
        height,
        title,
        LINE_STYLE,
        grid,
        ticks,
        SafeString("".join(lines)),
    )

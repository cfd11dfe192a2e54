"""The indicator report as a file: xlsx laid out like an official report table, and CSV.

Both are built from the same rows (``report_rows``), so they always agree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.reporting.indicators import Indicator, Report


@dataclass(frozen=True)
class Row:
    number: str  # "I", "1", ... as official tables number groups and items
    label: str
    numerator: int | float | None  # an average time's numerator in days
    denominator: int | None
    rate: str
    threshold: str
    points_possible: float | None
    points: float | None
    is_group: bool = False


def numerator_shown(indicator: Indicator) -> int | float | None:
    """The numerator as people read it: an average time's total in days, else the count."""
    if indicator.unit == "seconds" and indicator.numerator is not None:
        return round(indicator.numerator / 86400, 1)
    return indicator.numerator


def rate_text(indicator: Indicator) -> str:
    """The rate as people read it: a percentage, days for an average time, or "no data"."""
    if indicator.rate is None:
        return _("no data")
    if indicator.unit == "seconds":
        return _("%(days)s days") % {"days": f"{indicator.rate / 86400:.1f}"}
    return f"{indicator.rate:.1%}"


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][n - 1]


def report_rows(report: Report) -> list[Row]:
    rows = []
    for g_index, group in enumerate(report.groups, start=1):
        rows.append(
            Row(
                _roman(g_index),
                group.label,
                None,
                None,
                "",
                "",
                group.points,
                None if group.total is None else round(group.total, 2),
                is_group=True,
            )
        )
        for i_index, indicator in enumerate(group.indicators, start=1):
            points = group.points_of(indicator)
            rows.append(
                Row(
                    str(i_index),
                    indicator.label,
                    numerator_shown(indicator),
                    indicator.denominator,
                    rate_text(indicator),
                    "" if indicator.threshold is None else f"{indicator.threshold:.0%}",
                    None if points is None else round(points[1], 2),
                    None if points is None else round(points[0], 2),
                )
            )
    return rows


def _header() -> list[str]:
    return [
        _("No."),
        _("Group / indicator"),
        _("Numerator"),
        _("Denominator"),
        _("Rate"),
        _("Full score at"),
        _("Maximum points"),
        _("Points"),
    ]


def _title(report: Report) -> str:
    return _("Decision 766/QĐ-TTg indicators of %(name)s (%(code)s), from %(start)s to %(end)s") % {
        "name": report.target.name,
        "code": report.target.code,
        "start": report.start.strftime("%d/%m/%Y"),
        "end": report.end.strftime("%d/%m/%Y"),
    }


def _total_line(report: Report) -> str:
    if report.total is None:
        return _("Total: no data")
    return _("Total: %(total)s of %(possible)s points (%(band)s)") % {
        "total": f"{report.total:.2f}",
        "possible": report.points_possible,
        "band": report.band,
    }


def report_csv(report: Report) -> bytes:
    """UTF-8 with a byte-order mark, so a spreadsheet opens the Vietnamese text right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_title(report)])
    writer.writerow(_header())
    for row in report_rows(report):
        writer.writerow(
            [
                row.number,
                row.label,
                "" if row.numerator is None else row.numerator,
                "" if row.denominator is None else row.denominator,
                row.rate,
                row.threshold,
                "" if row.points_possible is None else row.points_possible,
                "" if row.points is None else row.points,
            ]
        )
    writer.writerow([_total_line(report)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_xlsx(report: Report, *, ranking: list[Report] | None = None) -> bytes:
    """The report as an official-looking table: national title, the unit, a numbered table
    with group rows in bold, the total and band; the commune ranking on a second sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = _("Indicators")[:31]
    bold = Font(name="Times New Roman", bold=True, size=12)
    plain = Font(name="Times New Roman", size=12)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells("A1:H1")
    sheet["A1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet.merge_cells("A2:H2")
    sheet["A2"] = "Độc lập - Tự do - Hạnh phúc"
    sheet.merge_cells("A4:H4")
    sheet["A4"] = _title(report)
    for ref in ("A1", "A2", "A4"):
        sheet[ref].font = bold
        sheet[ref].alignment = centre
    sheet.row_dimensions[4].height = 36
    start = 6
    for col, text in enumerate(_header(), start=1):
        head = sheet.cell(row=start, column=col, value=text)
        head.font, head.alignment, head.border = bold, centre, border
    line = start
    for line, row in enumerate(report_rows(report), start=start + 1):
        values = [
            row.number,
            row.label,
            row.numerator,
            row.denominator,
            row.rate,
            row.threshold,
            row.points_possible,
            row.points,
        ]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=line, column=col, value=value)
            cell.font = bold if row.is_group else plain
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    total = sheet.cell(row=line + 2, column=2, value=_total_line(report))
    total.font = bold
    for col, width in enumerate((6, 60, 12, 12, 12, 12, 12, 10), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    if ranking:
        ranked = book.create_sheet(_("Ranking")[:31])
        for col, text in enumerate((_("Rank"), _("Unit"), _("Points"), _("Band")), start=1):
            title = ranked.cell(row=1, column=col, value=text)
            title.font, title.border = bold, border
        for n, unit in enumerate(ranking, start=1):
            cells = (
                n,
                unit.target.name,
                None if unit.total is None else round(unit.total, 2),
                unit.band,
            )
            for col, value in enumerate(cells, start=1):
                ranked.cell(row=n + 1, column=col, value=value).border = border
        ranked.column_dimensions["B"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""The Decision 766 dashboard: scores, trend, ranking, what hurts, the dossiers behind a
figure, and the report as xlsx or CSV. Thin: every figure comes from the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalogue.admin_xlsx import XLSX_CONTENT_TYPE
from motcua.core.charts import Bar, Series, bar_chart, line_chart
from motcua.core.errors import DomainError, NotFound
from motcua.core.lib.params import id_param
from motcua.dossiers.views import officer_required
from motcua.reporting.access import target_get_for_officer
from motcua.reporting.dashboard import (
    DRILLS,
    INDICATOR_DRILLS,
    drill_dossiers,
    hurts,
    trend,
)
from motcua.reporting.exports import numerator_shown, rate_text, report_csv, report_xlsx
from motcua.reporting.indicators import Report, Target, indicators_report, period_check
from motcua.reporting.rankings import Ranking, ranking
from motcua.units.models import AdministrativeUnit, Officer, Role

DRILL_PAGE = 50


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    error: str = ""

    @property
    def query(self) -> str:
        return f"from={self.start.isoformat()}&to={self.end.isoformat()}"


def _period(request: HttpRequest) -> Period:
    """The period asked for; by default this year up to today. A bad date falls back to
    the default with the reason shown, never an error page."""
    today = timezone.localdate()
    default = Period(date(today.year, 1, 1), today)
    raw_start, raw_end = request.GET.get("from", ""), request.GET.get("to", "")
    if not raw_start and not raw_end:
        return default
    try:
        start = date.fromisoformat(raw_start[:10]) if raw_start else default.start
        end = date.fromisoformat(raw_end[:10]) if raw_end else default.end
        period_check(start, end)
    except ValueError:
        return Period(default.start, default.end, _("A date must be written YYYY-MM-DD."))
    except DomainError as exc:
        return Period(default.start, default.end, exc.message)
    return Period(start, end)


def _target(request: HttpRequest, code: str) -> Target:
    try:
        return target_get_for_officer(user=request.user, code=code)
    except NotFound as exc:
        raise Http404(exc.message) from None


@officer_required
def index(request: HttpRequest, officer: Officer) -> HttpResponse:
    """The officer's own dashboard: the province for its administrators, else their unit
    (a commune) or their agency."""
    if officer.role == Role.PROVINCE_ADMIN:
        code = officer.agency.province.code
    elif officer.agency.unit.level == AdministrativeUnit.Level.COMMUNE:
        code = officer.agency.unit.code
    else:
        code = officer.agency.code
    return redirect("reporting:dashboard", code=code)


def _ranking_for(target: Target, period: Period) -> Ranking | None:
    if target.unit is None or target.unit.level != AdministrativeUnit.Level.PROVINCE:
        return None
    return ranking(province=target.unit, start=period.start, end=period.end)


def _charts(report: Report, rank: Ranking | None) -> dict[str, Any]:
    points = trend(target=report.target, end=report.end)
    labels = [p.month.strftime("%m/%y") for p in points]
    charts: dict[str, Any] = {
        "trend": line_chart(
            labels,
            [
                Series(_("Decided on time or early"), [p.on_time_rate for p in points], "s1"),
                Series(_("Received online"), [p.online_rate for p in points], "s2"),
            ],
            title=_("On-time and online rates per month"),
        )
    }
    if rank is not None and rank.communes:
        charts["communes"] = bar_chart(
            [
                Bar(r.target.name, r.total or 0, f"{r.total or 0:.1f}", (r.total or 0) < 50)
                for r in rank.communes
            ],
            title=_("Communes by total points"),
            target=90,
        )
    return charts


def _indicator_rows(report: Report) -> list[dict[str, Any]]:
    rows = []
    for group in report.groups:
        for indicator in group.indicators:
            points = group.points_of(indicator)
            rows.append(
                {
                    "group": group,
                    "indicator": indicator,
                    "points": points,
                    "rate": rate_text(indicator),
                    "numerator": numerator_shown(indicator),
                    "drills": [
                        (k, DRILLS[k].label) for k in INDICATOR_DRILLS.get(indicator.key, ())
                    ],
                }
            )
    return rows


@officer_required
def dashboard(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    target = _target(request, code)
    period = _period(request)
    report = indicators_report(target=target, start=period.start, end=period.end)
    rank = _ranking_for(target, period)
    return render(
        request,
        "reporting/dashboard.html",
        {
            "report": report,
            "period": period,
            "rows": _indicator_rows(report),
            "charts": _charts(report, rank),
            "ranking": rank,
            "hurts": hurts(report=report),
        },
    )


@officer_required
def drill(request: HttpRequest, officer: Officer, code: str, key: str) -> HttpResponse:
    """The dossiers behind a figure, with who holds them now."""
    target = _target(request, code)
    if key not in DRILLS:
        raise Http404(_("No such list."))
    period = _period(request)
    dossiers = drill_dossiers(
        target=target,
        start=period.start,
        end=period.end,
        key=key,
        procedure_id=id_param(request.GET.get("procedure", "")),
        agency_id=id_param(request.GET.get("agency", "")),
    )
    page = Paginator(dossiers, DRILL_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/drill.html",
        {"target": target, "period": period, "drill": DRILLS[key], "page": page},
    )


def _export(request: HttpRequest, code: str) -> tuple[Report, Ranking | None, str]:
    target = _target(request, code)
    period = _period(request)
    report = indicators_report(target=target, start=period.start, end=period.end)
    name = f"chi-so-766-{target.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return report, _ranking_for(target, period), name


@officer_required
def export_xlsx(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    report, rank, name = _export(request, code)
    data = report_xlsx(report, ranking=rank.communes if rank else None)
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@officer_required
def export_csv(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    report, _rank, name = _export(request, code)
    response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response

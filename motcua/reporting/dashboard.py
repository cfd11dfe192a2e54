"""What the dashboard shows beside the scores: the monthly trend, what hurts the score
most, and the dossiers behind each figure.

The trend and the "what hurts" list read the aggregates (grouped queries); the
drill-down lists read the dossiers themselves, so every figure can be checked
against the raw records (the tests compare the two).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalogue.models import Procedure
from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.dossiers.models import (
    ApplicantKind,
    Channel,
    Dossier,
    DossierDocument,
    Rating,
    ResultFile,
    Verdict,
)
from motcua.reporting.indicators import (
    DUE_SOON,
    GROUP_POINTS,
    Report,
    Target,
    live,
    period_bounds,
    period_rows,
    rows_in,
    scope,
)
from motcua.units.models import Agency
from motcua.warehouse.models import ItemReuse

# Months the trend chart covers, ending with the report's last month.
TREND_MONTHS = 12
# Rows of the "what hurts most" list.
HURTS_SHOWN = 8


@dataclass(frozen=True)
class MonthPoint:
    month: date
    decided: int
    on_time: int
    received: int
    online: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.decided if self.decided else None

    @property
    def online_rate(self) -> float | None:
        return self.online / self.received if self.received else None


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def trend(*, target: Target, end: date, months: int = TREND_MONTHS) -> list[MonthPoint]:
    """On-time and online counts per month, the ``months`` months up to ``end``: the
    monthly rows of the whole months, the daily rows of ``end``'s month if it is not
    over (two queries at most)."""
    first = _month_start(end, months - 1)
    sums = {
        "early": Sum("decided_early"),
        "on_time": Sum("decided_on_time"),
        "late": Sum("decided_late"),
        "received": Sum("received"),
        "online": Sum("received_online"),
    }
    whole, days = period_rows(scope(target), first, end)
    parts: list[Any] = []
    if whole is not None:
        parts.append(whole.values("month").annotate(**sums).order_by())
    if days is not None:
        parts.append(days.annotate(month=TruncMonth("day")).values("month").annotate(**sums))
    by_month: dict[date, dict[str, Any]] = {}
    for rows in parts:
        for found in rows:
            month = found["month"]
            month = month.date() if isinstance(month, datetime) else month
            into = by_month.setdefault(month, {})
            for k in sums:
                into[k] = (into.get(k) or 0) + (found[k] or 0)
    points = []
    for back in range(months - 1, -1, -1):
        month = _month_start(end, back)
        row = by_month.get(month, {})
        early, on_time, late = (int(row.get(k) or 0) for k in ("early", "on_time", "late"))
        points.append(
            MonthPoint(
                month=month,
                decided=early + on_time + late,
                on_time=early + on_time,
                received=row.get("received") or 0,
                online=row.get("online") or 0,
            )
        )
    return points


# --- the dossiers behind a figure -----------------------------------------------------


@dataclass(frozen=True)
class Drill:
    key: str
    label: str | Promise
    dossiers: Callable[[Target, date, date], QuerySet[Dossier]]


def _received(target: Target, start: date, end: date) -> QuerySet[Dossier]:
    since, until = period_bounds(start, end)
    return Dossier.objects.filter(scope(target), received_at__gte=since, received_at__lt=until)


def _decided(target: Target, start: date, end: date) -> QuerySet[Dossier]:
    """Dossiers whose result was issued in the period (``finished_at`` is the issue)."""
    since, until = period_bounds(start, end)
    return Dossier.objects.filter(scope(target), finished_at__gte=since, finished_at__lt=until)


def _e_result() -> Exists:
    return Exists(
        ResultFile.objects.filter(dossier=OuterRef("pk"), uploaded_at__lte=OuterRef("finished_at"))
    )


def _component_without_file() -> Exists:
    """A component handed in with neither a store entry nor a scan made by the issue."""
    scanned = ScannedDocument.objects.filter(
        dossier_document=OuterRef("pk"),
        created_at__lte=OuterRef(OuterRef("finished_at")),
    ).exclude(status=ScanStatus.REFUSED)
    return Exists(
        DossierDocument.objects.filter(
            dossier=OuterRef("pk"), provided=True, from_store=False
        ).exclude(Exists(scanned))
    )


def _now_late(target: Target, start: date, end: date) -> QuerySet[Dossier]:
    return live(target).filter(due_at__lt=timezone.now())


def _due_soon(target: Target, start: date, end: date) -> QuerySet[Dossier]:
    now = timezone.now()
    return live(target).filter(due_at__gte=now, due_at__lt=now + DUE_SOON)


DRILLS: dict[str, Drill] = {
    d.key: d
    for d in (
        Drill("received", gettext_lazy("Received in the period"), _received),
        Drill(
            "received_online",
            gettext_lazy("Received online"),
            lambda t, s, e: _received(t, s, e).filter(channel=Channel.ONLINE),
        ),
        Drill(
            "not_synced",
            gettext_lazy("Not synced to the national portal"),
            lambda t, s, e: _received(t, s, e).filter(synced_at__isnull=True),
        ),
        Drill(
            "not_checked",
            gettext_lazy("Applicant not checked against population data"),
            lambda t, s, e: _received(t, s, e).filter(
                applicant_kind=ApplicantKind.PERSON, applicant_verified_by=""
            ),
        ),
        Drill(
            "reuse_missed",
            gettext_lazy("A document the data store held was asked for again"),
            lambda t, s, e: _received(t, s, e).filter(
                Exists(
                    ItemReuse.objects.filter(
                        item__dossier=OuterRef("pk"), held_at_intake=True, entry__isnull=True
                    )
                )
            ),
        ),
        Drill("decided", gettext_lazy("Decided in the period"), _decided),
        Drill(
            "decided_late",
            gettext_lazy("Decided late"),
            lambda t, s, e: _decided(t, s, e).filter(timeliness=Verdict.LATE),
        ),
        Drill(
            "no_e_result",
            gettext_lazy("Decided without an electronic result"),
            lambda t, s, e: _decided(t, s, e).exclude(_e_result()),
        ),
        Drill(
            "not_digitized",
            gettext_lazy("Decided without every component digitized and an electronic result"),
            lambda t, s, e: _decided(t, s, e).filter(~_e_result() | _component_without_file()),
        ),
        Drill(
            "rated_negative",
            gettext_lazy("Rated “not satisfied”"),
            lambda t, s, e: _decided(t, s, e).filter(rating__value=Rating.BAD),
        ),
        Drill("now_late", gettext_lazy("Open and now late"), _now_late),
        Drill("due_soon", gettext_lazy("Open and due within a day"), _due_soon),
    )
}

# The lists behind each indicator: what it misses first.
INDICATOR_DRILLS: dict[str, tuple[str, ...]] = {
    "synced_rate": ("not_synced",),
    "on_time_rate": ("decided_late", "decided"),
    "handling_time": ("decided",),
    "now_late": ("now_late",),
    "due_soon": ("due_soon",),
    "online_rate": ("received_online", "received"),
    "e_result_rate": ("no_e_result",),
    "digitization_rate": ("not_digitized",),
    "reuse_rate": ("reuse_missed",),
    "population_data": ("not_checked",),
    "satisfaction": ("decided_late", "rated_negative"),
    "rated_negative": ("rated_negative",),
}


def drill_dossiers(
    *,
    target: Target,
    start: date,
    end: date,
    key: str,
    procedure_id: int | None = None,
    agency_id: int | None = None,
) -> QuerySet[Dossier]:
    """The dossiers behind a figure, newest first, with who holds them now."""
    dossiers = DRILLS[key].dossiers(target, start, end)
    if procedure_id is not None:
        dossiers = dossiers.filter(procedure_id=procedure_id)
    if agency_id is not None:
        dossiers = dossiers.filter(
            Q(competent_agency_id=agency_id) | Q(current_agency_id=agency_id)
        )
    return dossiers.select_related("procedure", "current_agency", "handler").order_by(
        "-received_at", "-pk"
    )


# --- what hurts the score most ---------------------------------------------------------


@dataclass(frozen=True)
class Hurt:
    """A cluster of dossiers that costs the score points, with the list behind it."""

    text: str
    count: int
    points: float  # an estimate: what the score would gain if these had gone right
    drill: str
    procedure_id: int
    agency_id: int


def _cost_per_dossier(report: Report, key: str) -> float:
    """Points one more success would add to ``key``'s group, while below full score."""
    for group in report.groups:
        scored = [i for i in group.indicators if i.score is not None]
        for indicator in scored:
            if indicator.key != key:
                continue
            if indicator.score is None or indicator.score >= 1 or not indicator.denominator:
                return 0.0
            threshold = indicator.threshold or 1.0
            return GROUP_POINTS[group.key] / len(scored) / (indicator.denominator * threshold)
    return 0.0


def hurts(*, report: Report) -> list[Hurt]:
    """The procedure × agency clusters that cost the most points, largest first (two
    grouped queries and two name look-ups)."""
    target, start, end = report.target, report.start, report.end
    clusters = (
        rows_in(target, start, end)
        .values("procedure_id", "competent_agency_id")
        .annotate(
            late=Sum("decided_late"),
            early=Sum("decided_early"),
            on_time=Sum("decided_on_time"),
            digitized=Sum("decided_digitized"),
            negative=Sum("rated_negative"),
        )
    )
    found: list[tuple[str, int, float, str, int, int]] = []
    cost = {
        key: _cost_per_dossier(report, key)
        for key in ("on_time_rate", "digitization_rate", "satisfaction", "now_late")
    }
    for row in clusters:
        decided = (row["late"] or 0) + (row["early"] or 0) + (row["on_time"] or 0)
        late, negative = row["late"] or 0, row["negative"] or 0
        key = (row["procedure_id"], row["competent_agency_id"])
        if late:
            points = late * (cost["on_time_rate"] + cost["satisfaction"])
            found.append(("late", late, points, "decided_late", *key))
        missing = decided - (row["digitized"] or 0)
        if missing:
            found.append(
                ("digitized", missing, missing * cost["digitization_rate"], "not_digitized", *key)
            )
        if negative:
            found.append(
                ("negative", negative, negative * cost["satisfaction"], "rated_negative", *key)
            )
    # Dossiers late now will be decided late: they cost on-time points to come.
    now = timezone.now()
    late_now = list(
        live(target)
        .filter(due_at__lt=now)
        .values("procedure_id", "current_agency_id")
        .annotate(n=Count("pk"))
    )
    per_late = cost["on_time_rate"]
    if not per_late:  # full score or nothing decided yet: what they will weigh when decided
        decided_total = report.indicator("on_time_rate").denominator or 0
        per_late = GROUP_POINTS["progress"] / max(1, decided_total + sum(h["n"] for h in late_now))
    for held in late_now:
        found.append(
            (
                "now_late",
                held["n"],
                held["n"] * per_late,
                "now_late",
                held["procedure_id"],
                held["current_agency_id"],
            )
        )
    found.sort(key=lambda f: (-f[2], -f[1]))
    top = found[:HURTS_SHOWN]
    names = dict(Procedure.objects.filter(pk__in={f[4] for f in top}).values_list("pk", "code"))
    agencies = dict(Agency.objects.filter(pk__in={f[5] for f in top}).values_list("pk", "name"))
    texts = {
        "late": _("%(n)s dossiers of procedure %(procedure)s decided late at %(agency)s"),
        "digitized": _(
            "%(n)s dossiers of procedure %(procedure)s decided at %(agency)s without every "
            "component digitized and an electronic result"
        ),
        "negative": _(
            "%(n)s dossiers of procedure %(procedure)s at %(agency)s rated “not satisfied”"
        ),
        "now_late": _("%(n)s dossiers of procedure %(procedure)s late now, held by %(agency)s"),
    }
    return [
        Hurt(
            text=texts[kind]
            % {"n": n, "procedure": names.get(procedure, "?"), "agency": agencies.get(agency, "?")},
            count=n,
            points=points,
            drill=drill,
            procedure_id=procedure,
            agency_id=agency,
        )
        for kind, n, points, drill, procedure, agency in top
    ]

"""Decision 766/QĐ-TTg indicators of a unit over a period, read from the aggregates.

The national set scores a province or agency out of 100 points in five
groups; this step computes three of them (see ``/shared/reference/domain.md``):

===================  ======  ===============================================
group                points  indicators computed here (full-score threshold)
===================  ======  ===============================================
Progress, results      20    on-time-or-early rate (100 %, (check)); dossiers
                             now late and about to be late (counts, unscored)
Online services        22    online dossier rate (50 %)
Digitization           22    reuse rate (80 %); digitization rate (80 %):
                             no data yet, reported as None
===================  ======  ===============================================

Below full score a rate scores proportionally: ``score = min(rate ÷
threshold, 1)`` of the indicator's points. The official point table per
indicator is still to be checked, so a group's points here are its maximum
times the mean score of the indicators it could score (None when none could
be). Publicity (18) and satisfaction (18) are not computed yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.models import CLOCK_RUNNING_STATUSES, Dossier
from motcua.reporting.models import COUNTERS, DailyCount
from motcua.units.models import AdministrativeUnit, Agency
from motcua.units.selectors import unit_ids_in_province
from motcua.warehouse.selectors import reuse_rate

# Decision 766: thresholds that give full score (reference, "Decision 766 indicators").
ONLINE_RATE_FULL = 0.5  # online dossier rate, full score at 50 %
REUSE_RATE_FULL = 0.8  # reuse rate, full score at 80 %
DIGITIZATION_RATE_FULL = 0.8  # digitization rate, full score at 80 %
# The reference gives no threshold for the on-time rate: full score only at 100 % (check).
ON_TIME_RATE_FULL = 1.0
GROUP_POINTS = {"progress": 20, "online": 22, "digitization": 22}
# "About to be late": due within this time from now.
DUE_SOON = timedelta(days=1)
# The live lists show this many dossiers; their counts are exact.
LIVE_LIST_LIMIT = 20
# Longest period a report may cover.
MAX_PERIOD = timedelta(days=366 * 5)


class PeriodInvalid(DomainError):
    status = 422


@dataclass(frozen=True)
class Target:
    """What a report is about: an administrative unit (with the units merged into it)
    or one agency."""

    code: str
    name: str
    unit_id: int  # the unit, or the agency's own unit
    unit: AdministrativeUnit | None = None
    agency: Agency | None = None


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    numerator: int | None
    denominator: int | None
    rate: float | None  # numerator ÷ denominator; None: no data
    threshold: float | None  # the rate that gives full score; None: not scored
    score: float | None  # 0–1 of the indicator's points; None: not scored or no data


@dataclass(frozen=True)
class LiveDossier:
    code: str
    procedure: str
    held_by: str
    due_at: str


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    points: int
    total: float | None  # points earned; None when no indicator of the group had data
    indicators: list[Indicator]


@dataclass(frozen=True)
class Report:
    target: Target
    start: date
    end: date
    groups: list[Group]
    now_late: list[LiveDossier]
    due_soon: list[LiveDossier]

    @property
    def total(self) -> float | None:
        totals = [g.total for g in self.groups if g.total is not None]
        return sum(totals) if totals else None

    @property
    def points_possible(self) -> int:
        return sum(g.points for g in self.groups)


def target_get(*, code: str) -> Target:
    """The unit (by statistical code) or agency (by electronic identifier) with ``code``."""
    unit = AdministrativeUnit.objects.filter(code=code).first()
    if unit is not None:
        return Target(code=unit.code, name=unit.name, unit_id=unit.pk, unit=unit)
    agency = Agency.objects.select_related("unit").filter(code=code).first()
    if agency is not None:
        return Target(code=agency.code, name=agency.name, unit_id=agency.unit_id, agency=agency)
    raise NotFound(_("No unit or agency has the code %(code)s.") % {"code": code})


def period_check(start: date, end: date) -> None:
    if start > end:
        raise PeriodInvalid(_("The period must start on or before its end."), field="from")
    if end - start > MAX_PERIOD:
        raise PeriodInvalid(_("The period may cover at most five years."), field="to")


def _scope(target: Target) -> Q:
    """Dossiers (or aggregate rows) of the target: those received by the agencies of a
    unit, with the units merged into it; or those an agency received or was competent for."""
    if target.unit is not None:
        return Q(receiving_agency__unit_id__in=unit_ids_in_province(target.unit))
    return Q(receiving_agency=target.agency) | Q(competent_agency=target.agency)


def _live(target: Target) -> QuerySet[Dossier]:
    """Dossiers of the target whose clock is running now."""
    return Dossier.objects.filter(_scope(target), status__in=CLOCK_RUNNING_STATUSES)


def counts_sum(*, target: Target, start: date, end: date) -> dict[str, int]:
    """Every counter of the target's aggregates over the period (one query)."""
    totals = (
        DailyCount.objects.filter(_scope(target))
        .filter(day__gte=start, day__lte=end)
        .aggregate(**{c: Sum(c) for c in COUNTERS})
    )
    return {c: totals[c] or 0 for c in COUNTERS}


def _indicator(
    key: str,
    label: str | Promise,
    numerator: int | None,
    denominator: int | None,
    threshold: float | None,
) -> Indicator:
    rate = numerator / denominator if numerator is not None and denominator else None
    score = min(rate / threshold, 1.0) if rate is not None and threshold else None
    return Indicator(key, str(label), numerator, denominator, rate, threshold, score)


def _group(key: str, label: str | Promise, indicators: list[Indicator]) -> Group:
    points = GROUP_POINTS[key]
    scores = [i.score for i in indicators if i.score is not None]
    total = points * sum(scores) / len(scores) if scores else None
    return Group(key, str(label), points, total, indicators)


def _live_list(dossiers: QuerySet[Dossier]) -> list[LiveDossier]:
    rows = dossiers.select_related("procedure", "current_agency").order_by("due_at", "pk")
    return [
        LiveDossier(
            code=d.code,
            procedure=d.procedure.code,
            held_by=d.current_agency.name,
            due_at=timezone.localtime(d.due_at).isoformat(),
        )
        for d in rows[:LIVE_LIST_LIMIT]
    ]


def progress_group(
    *, target: Target, counts: dict[str, int]
) -> tuple[Group, list[LiveDossier], list[LiveDossier]]:
    """Progress and results (20 points).

    - On-time-or-early rate = (decided early + decided on time) ÷ dossiers decided
      in the period. "Decided" is the issue of the result; the verdict is the one
      ``dossiers.deadlines.timeliness`` gave at that moment: the citizen's
      supplement time is deducted, and a dossier with more than one supplement
      request counts as late. Full score at 100 % (no threshold in the reference).
    - Now late: dossiers whose clock runs (not waiting for a supplement) and whose
      legal due time has passed; about to be late: due within ``DUE_SOON``. Counted
      over every open dossier, not the period; the lists are the first
      ``LIVE_LIST_LIMIT`` by due time.
    """
    now = timezone.now()
    decided = counts["decided_early"] + counts["decided_on_time"] + counts["decided_late"]
    live = _live(target)
    late = live.filter(due_at__lt=now)
    soon = live.filter(due_at__gte=now, due_at__lt=now + DUE_SOON)
    open_count = live.count()
    indicators = [
        _indicator(
            "on_time_rate",
            gettext_lazy("Decided on time or early"),
            counts["decided_early"] + counts["decided_on_time"],
            decided,
            ON_TIME_RATE_FULL,
        ),
        _indicator(
            "decided_repeat_supplement",
            gettext_lazy("Decided after more than one supplement request (late)"),
            counts["decided_repeat_supplement"],
            decided,
            None,
        ),
        _indicator(
            "now_late", gettext_lazy("Open dossiers now late"), late.count(), open_count, None
        ),
        _indicator(
            "due_soon",
            gettext_lazy("Open dossiers due within a day"),
            soon.count(),
            open_count,
            None,
        ),
    ]
    group = _group("progress", gettext_lazy("Progress and results"), indicators)
    return group, _live_list(late), _live_list(soon)


def online_group(*, counts: dict[str, int]) -> Group:
    """Online services (22 points).

    - Online dossier rate = dossiers received online ÷ dossiers received in the
      period; full score at 50 % (Decision 766).
    """
    return _group(
        "online",
        gettext_lazy("Online services"),
        [
            _indicator(
                "online_rate",
                gettext_lazy("Dossiers received online"),
                counts["received_online"],
                counts["received"],
                ONLINE_RATE_FULL,
            )
        ],
    )


def digitization_group(*, target: Target, start: date, end: date) -> Group:
    """Digitization (22 points).

    - Reuse rate = checklist items reused from the citizen's data store ÷ items
      that could have been (``warehouse.selectors.reuse_rate``); full score at 80 %.
    - Digitization rate (components with files and an electronic result; full
      score at 80 %): the aggregates do not record scans or electronic results
      yet, so it is reported as no data (None), not estimated.
    """
    reuse = reuse_rate(start=start, end=end, agency=target.agency, unit=target.unit)
    return _group(
        "digitization",
        gettext_lazy("Digitization"),
        [
            _indicator(
                "reuse_rate",
                gettext_lazy("Documents reused from the data store"),
                reuse.reused,
                reuse.possible,
                REUSE_RATE_FULL,
            ),
            _indicator(
                "digitization_rate",
                gettext_lazy("Components digitized, with an electronic result"),
                None,
                None,
                DIGITIZATION_RATE_FULL,
            ),
        ],
    )


def indicators_report(*, target: Target, start: date, end: date) -> Report:
    """The indicators of ``target`` for the dossiers events from ``start`` to ``end``
    (Vietnam dates, both included). A bounded number of queries, whatever the volume."""
    period_check(start, end)
    counts = counts_sum(target=target, start=start, end=end)
    progress, now_late, due_soon = progress_group(target=target, counts=counts)
    groups = [
        progress,
        online_group(counts=counts),
        digitization_group(target=target, start=start, end=end),
    ]
    return Report(target, start, end, groups, now_late, due_soon)

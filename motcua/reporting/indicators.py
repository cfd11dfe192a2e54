"""Decision 766/QĐ-TTg indicators of a unit over a period, read from the aggregates.

The national set scores a province, commune or agency out of 100 points in
five groups (``/shared/reference/domain.md``, "Decision 766 indicators"):

===================  ======  ==================================================
group                points  indicators (full-score threshold)
===================  ======  ==================================================
Publicity              18    dossiers synced to the national portal (100 %);
                             procedures published on time: no data
Progress, results      20    on-time-or-early rate (100 %); average handling
                             time, now late, due soon (shown, unscored)
Online services        22    procedures offered online (80 %); online
                             procedures that received online dossiers (100 %);
                             online dossier rate (50 %); online payment: no data
Digitization           22    electronic results (100 %); digitization rate
                             (80 %); reuse rate (80 %); population data used
                             to check the applicant (100 %)
Satisfaction           18    satisfaction = 100 % − (late rate + rate rated "not
                             satisfied") (90 %); feedback handled: no data
===================  ======  ==================================================

Below full score a rate scores proportionally: ``score = min(rate ÷
threshold, 1)`` of the indicator's share. The reference gives thresholds for
the online, digitization, reuse and satisfaction rates; where it gives none
the full score is at 100 % (marked "(check)" in docs). The official point table
per indicator is also still to be checked, so a group's points are its
maximum times the mean score of the indicators it could score; an indicator
with no data (None) is left out of the mean, never counted as zero. The
rating band follows the total (``BANDS``).

Everything here is pure arithmetic over a ``Counts`` (the sums of the
aggregates, a few catalogue counts and the live dossiers), so a single
unit's report and the ranking of every commune share one computation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalogue.models import Procedure
from motcua.core.errors import DomainError, NotFound
from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.models import CLOCK_RUNNING_STATUSES, Dossier
from motcua.reporting.models import COUNTERS, DailyCount, MonthlyCount
from motcua.units.models import AdministrativeUnit, Agency
from motcua.units.selectors import unit_ids_in_province

# Decision 766: thresholds that give full score (reference, "Decision 766 indicators").
ONLINE_RATE_FULL = 0.5  # online dossier rate
PROCEDURES_ONLINE_FULL = 0.8  # procedures offered online
ONLINE_PAYMENT_FULL = 0.8  # procedures with online payment
REUSE_RATE_FULL = 0.8  # reuse rate
DIGITIZATION_RATE_FULL = 0.8  # digitization rate
SATISFACTION_FULL = 0.9  # satisfaction
# The reference gives no threshold for these: full score only at 100 % (check).
FULL = 1.0
GROUP_POINTS = {
    "publicity": 18,
    "progress": 20,
    "online": 22,
    "digitization": 22,
    "satisfaction": 18,
}
# Rating bands by total points (check against the decision's annex).
BANDS: tuple[tuple[float, str | Promise], ...] = (
    (90, gettext_lazy("Excellent")),
    (80, gettext_lazy("Good")),
    (70, gettext_lazy("Fair")),
    (50, gettext_lazy("Average")),
    (0, gettext_lazy("Weak")),
)
# "About to be late": due within this time from now.
DUE_SOON = timedelta(days=1)
# The live lists show this many dossiers; their counts are exact.
LIVE_LIST_LIMIT = 20
# Longest period a report may cover.
MAX_PERIOD = timedelta(days=366 * 5)
ONLINE_LEVELS = (Procedure.OnlineLevel.PARTIAL, Procedure.OnlineLevel.FULL)


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

    @cached_property
    def unit_ids(self) -> set[int]:
        """The unit with every unit merged into it, or under it (read once per target)."""
        return unit_ids_in_province(self.unit) if self.unit is not None else set()


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    numerator: int | None
    denominator: int | None
    # numerator ÷ denominator; None: no data. For ``unit == "seconds"`` an average duration.
    rate: float | None
    threshold: float | None  # the rate that gives full score; None: not scored
    score: float | None  # 0–1 of the indicator's points; None: not scored or no data
    unit: str = "ratio"  # "ratio" (shown as %) or "seconds" (an average time)


@dataclass(frozen=True)
class LiveDossier:
    code: str
    procedure: str
    held_by: str
    due_at: str  # ISO 8601, Vietnam time
    due: datetime


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    points: int
    total: float | None  # points earned; None when no indicator of the group had data
    indicators: list[Indicator]

    def points_of(self, indicator: Indicator) -> tuple[float, float] | None:
        """(earned, possible) points of one of the group's indicators; None if unscored.
        The group's points are shared equally by the indicators that had data."""
        scored = [i for i in self.indicators if i.score is not None]
        if indicator.score is None or not scored:
            return None
        share = self.points / len(scored)
        return share * indicator.score, share


@dataclass
class Counts:
    """Everything the indicators are computed from, for one target and period."""

    sums: dict[str, int]  # the aggregates' counters
    procedures: int = 0  # active procedures the target handles
    procedures_online: int = 0  # of which offered online (partly or fully)
    procedures_online_used: int = 0  # of which received an online dossier in the period
    open_now: int = 0  # live dossiers whose clock runs
    late_now: int = 0
    due_soon: int = 0

    def __getitem__(self, counter: str) -> int:
        return self.sums.get(counter, 0)

    @property
    def decided(self) -> int:
        return self["decided_early"] + self["decided_on_time"] + self["decided_late"]


@dataclass(frozen=True)
class Report:
    target: Target
    start: date
    end: date
    groups: list[Group]
    now_late: list[LiveDossier] = field(default_factory=list)
    due_soon: list[LiveDossier] = field(default_factory=list)

    @property
    def total(self) -> float | None:
        totals = [g.total for g in self.groups if g.total is not None]
        return sum(totals) if totals else None

    @property
    def points_possible(self) -> int:
        return sum(g.points for g in self.groups)

    @property
    def points_measured(self) -> int:
        """Points of the groups that had data: the total is out of these."""
        return sum(g.points for g in self.groups if g.total is not None)

    @property
    def band(self) -> str | None:
        return band_of(self.total)

    def indicator(self, key: str) -> Indicator:
        return next(i for g in self.groups for i in g.indicators if i.key == key)


def band_of(total: float | None) -> str | None:
    if total is None:
        return None
    return next(str(label) for floor, label in BANDS if total >= floor)


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


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as instants: from ``start`` 00:00 to the day after ``end``, Vietnam time."""
    since = datetime.combine(start, time.min, tzinfo=VN_TZ)
    return since, datetime.combine(end + timedelta(days=1), time.min, tzinfo=VN_TZ)


def scope(target: Target) -> Q:
    """Dossiers (or aggregate rows) of the target: those received by the agencies of a
    unit, with the units merged into it; or those an agency received or was competent for."""
    if target.unit is not None:
        return Q(receiving_agency__unit_id__in=target.unit_ids)
    return Q(receiving_agency=target.agency) | Q(competent_agency=target.agency)


# The statuses of the partial index ``dossier_running_due``, in its order.
RUNNING = sorted(CLOCK_RUNNING_STATUSES)


def live(target: Target) -> QuerySet[Dossier]:
    """Dossiers of the target whose clock is running now (the partial index
    ``dossier_running_due`` holds exactly these)."""
    return Dossier.objects.filter(scope(target), status__in=RUNNING)


def rows_in(target: Target, start: date, end: date) -> QuerySet[DailyCount]:
    return DailyCount.objects.filter(scope(target), day__gte=start, day__lte=end)


@dataclass(frozen=True)
class Split:
    """A period cut into whole months (``months``: their first days, ``first`` to ``last``
    included; None when none) and the days of the partial months at each end (``days``:
    a filter on ``DailyCount.day``; None when none)."""

    months: tuple[date, date] | None
    days: Q | None


def period_split(start: date, end: date) -> Split:
    """The whole months inside ``start`` to ``end`` (read from MonthlyCount) and the
    days before and after them (read from DailyCount): together, every day once."""
    first = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    after = (end + timedelta(days=1)).replace(day=1)  # the first month not whole in the period
    if first >= after:
        return Split(None, Q(day__gte=start, day__lte=end))
    last = (after - timedelta(days=1)).replace(day=1)
    days = Q()
    if start < first:
        days |= Q(day__gte=start, day__lt=first)
    if after <= end:
        days |= Q(day__gte=after, day__lte=end)
    return Split((first, last), days or None)


def period_rows(
    where: Q, start: date, end: date
) -> tuple[QuerySet[MonthlyCount] | None, QuerySet[DailyCount] | None]:
    """The MonthlyCount rows of the whole months and the DailyCount rows of the other days
    of the period, filtered by ``where`` (on the agency and procedure columns both share)."""
    split = period_split(start, end)
    months = (
        MonthlyCount.objects.filter(where, month__gte=split.months[0], month__lte=split.months[1])
        if split.months
        else None
    )
    days = DailyCount.objects.filter(where, split.days) if split.days is not None else None
    return months, days


def sums_of(*rows: QuerySet[DailyCount] | QuerySet[MonthlyCount] | None) -> dict[str, int]:
    """The counters summed over the rows of each query given (one query each)."""
    sums = dict.fromkeys(COUNTERS, 0)
    for query in rows:
        if query is None:
            continue
        totals = query.aggregate(**{c: Sum(c) for c in COUNTERS})
        for c in COUNTERS:
            sums[c] += totals[c] or 0
    return sums


def period_sums(target: Target, start: date, end: date) -> dict[str, int]:
    """The sums of the target's aggregates over the period: monthly rows for the whole
    months, daily rows for the rest (equal to the daily rows' sums over every day)."""
    return sums_of(*period_rows(scope(target), start, end))


def procedures_used_online(where: Q, start: date, end: date) -> Q:
    """A filter on Procedure: received an online dossier in the period, among the
    aggregate rows that ``where`` selects."""
    used = Q(pk__in=[])
    for rows in period_rows(where, start, end):
        if rows is not None:
            used |= Q(pk__in=rows.filter(received_online__gt=0).values("procedure_id"))
    return used


def procedures_of(target: Target) -> QuerySet[Procedure]:
    """The active procedures the target handles: a province every procedure, a commune
    the commune-level ones, an agency those it is competent for (else its unit's level)."""
    procedures = Procedure.objects.filter(is_active=True)
    if target.agency is not None:
        own = procedures.filter(competent_agency=target.agency)
        if own.exists():
            return own
        level = target.agency.unit.level
    else:
        level = target.unit.level if target.unit is not None else ""
    if level == AdministrativeUnit.Level.COMMUNE:
        return procedures.filter(level=Procedure.Level.COMMUNE)
    return procedures


def counts_get(*, target: Target, start: date, end: date) -> Counts:
    """The counts of ``target`` over the period: a fixed number of queries, whatever the volume."""
    procedures = procedures_of(target)
    online = Q(online_level__in=ONLINE_LEVELS)
    catalogue = procedures.aggregate(
        all=Count("pk"),
        online=Count("pk", filter=online),
        used=Count("pk", filter=online & procedures_used_online(scope(target), start, end)),
    )
    now = timezone.now()
    live_counts = live(target).aggregate(
        open=Count("pk"),
        late=Count("pk", filter=Q(due_at__lt=now)),
        soon=Count("pk", filter=Q(due_at__gte=now, due_at__lt=now + DUE_SOON)),
    )
    return Counts(
        sums=period_sums(target, start, end),
        procedures=catalogue["all"],
        procedures_online=catalogue["online"],
        procedures_online_used=catalogue["used"],
        open_now=live_counts["open"],
        late_now=live_counts["late"],
        due_soon=live_counts["soon"],
    )


def _indicator(
    key: str,
    label: str | Promise,
    numerator: int | None,
    denominator: int | None,
    threshold: float | None,
    *,
    unit: str = "ratio",
) -> Indicator:
    rate = numerator / denominator if numerator is not None and denominator else None
    score = min(rate / threshold, 1.0) if rate is not None and threshold else None
    return Indicator(key, str(label), numerator, denominator, rate, threshold, score, unit)


def _group(key: str, label: str | Promise, indicators: list[Indicator]) -> Group:
    points = GROUP_POINTS[key]
    scores = [i.score for i in indicators if i.score is not None]
    total = points * sum(scores) / len(scores) if scores else None
    return Group(key, str(label), points, total, indicators)


def publicity_group(c: Counts) -> Group:
    """Publicity (18 points): share of the dossiers received in the period that were
    synced to the national portal (the flag ``Dossier.synced_at``). Procedures
    published on time and complete: the catalogue does not record it, so no data."""
    return _group(
        "publicity",
        gettext_lazy("Publicity and transparency"),
        [
            _indicator(
                "synced_rate",
                gettext_lazy("Dossiers synced to the national portal"),
                c["synced"],
                c["received"],
                FULL,
            ),
            _indicator(
                "procedures_published",
                gettext_lazy("Procedures published on time and complete"),
                None,
                None,
                FULL,
            ),
        ],
    )


def progress_group(c: Counts) -> Group:
    """Progress and results (20 points).

    - On-time-or-early rate = (decided early + decided on time) ÷ dossiers decided
      in the period. "Decided" is the issue of the result; the verdict is the one
      ``dossiers.deadlines.timeliness`` gave at that moment: the citizen's
      supplement time is deducted, and a dossier with more than one supplement
      request counts as late. Full score at 100 % (no threshold in the reference).
    - Average handling time: from receipt to the issue of the result, calendar
      time, over the dossiers decided in the period (unscored: no threshold).
    - Now late: dossiers whose clock runs (not waiting for a supplement) and whose
      legal due time has passed; about to be late: due within ``DUE_SOON``.
      Counted over every open dossier, not the period.
    """
    decided = c.decided
    return _group(
        "progress",
        gettext_lazy("Progress and results"),
        [
            _indicator(
                "on_time_rate",
                gettext_lazy("Decided on time or early"),
                c["decided_early"] + c["decided_on_time"],
                decided,
                FULL,
            ),
            _indicator(
                "decided_repeat_supplement",
                gettext_lazy("Decided after more than one supplement request (late)"),
                c["decided_repeat_supplement"],
                decided,
                None,
            ),
            _indicator(
                "handling_time",
                gettext_lazy("Average handling time"),
                c["handling_seconds"],
                decided,
                None,
                unit="seconds",
            ),
            _indicator(
                "now_late", gettext_lazy("Open dossiers now late"), c.late_now, c.open_now, None
            ),
            _indicator(
                "due_soon",
                gettext_lazy("Open dossiers due within a day"),
                c.due_soon,
                c.open_now,
                None,
            ),
        ],
    )


def online_group(c: Counts) -> Group:
    """Online services (22 points).

    - Procedures offered online (partly or fully) ÷ procedures the target
      handles; full score at 80 %.
    - Online procedures that received at least one online dossier in the period
      ÷ procedures offered online; full score at 100 % (check).
    - Online dossier rate = dossiers received online ÷ dossiers received; full
      score at 50 %.
    - Online payment: motcua records no payments yet, so no data.
    """
    return _group(
        "online",
        gettext_lazy("Online services"),
        [
            _indicator(
                "procedures_online",
                gettext_lazy("Procedures offered online"),
                c.procedures_online,
                c.procedures,
                PROCEDURES_ONLINE_FULL,
            ),
            _indicator(
                "procedures_online_used",
                gettext_lazy("Online procedures that received online dossiers"),
                c.procedures_online_used,
                c.procedures_online,
                FULL,
            ),
            _indicator(
                "online_rate",
                gettext_lazy("Dossiers received online"),
                c["received_online"],
                c["received"],
                ONLINE_RATE_FULL,
            ),
            _indicator(
                "online_payment",
                gettext_lazy("Procedures with online payment"),
                None,
                None,
                ONLINE_PAYMENT_FULL,
            ),
        ],
    )


def digitization_group(c: Counts) -> Group:
    """Digitization (22 points).

    - Electronic results: dossiers decided in the period with a result file
      attached by the issue ÷ dossiers decided; full score at 100 % (check).
    - Digitization rate: dossiers decided whose every component handed in had a
      file (a scan or a data-store entry) and whose result was electronic ÷
      dossiers decided; full score at 80 %.
    - Reuse rate: checklist items reused from the citizen's data store ÷ items
      it could provide (``warehouse.selectors.reuse_rate`` defines both), of the
      dossiers received in the period; full score at 80 %.
    - Population data: person applicants checked against the population
      registry or VNeID at intake ÷ person applicants; full score at 100 % (check).
    """
    decided = c.decided
    return _group(
        "digitization",
        gettext_lazy("Digitization"),
        [
            _indicator(
                "e_result_rate",
                gettext_lazy("Decided with an electronic result"),
                c["decided_e_result"],
                decided,
                FULL,
            ),
            _indicator(
                "digitization_rate",
                gettext_lazy("Components digitized, with an electronic result"),
                c["decided_digitized"],
                decided,
                DIGITIZATION_RATE_FULL,
            ),
            _indicator(
                "reuse_rate",
                gettext_lazy("Documents reused from the data store"),
                c["items_reused"],
                c["items_reusable"],
                REUSE_RATE_FULL,
            ),
            _indicator(
                "population_data",
                gettext_lazy("Applicants checked against population data"),
                c["received_checked"],
                c["received_person"],
                FULL,
            ),
        ],
    )


def satisfaction_group(c: Counts) -> Group:
    """Satisfaction (18 points).

    - Satisfaction = 100 % − (late rate + rate of dossiers rated "not
      satisfied"), both over the dossiers decided in the period (a rating counts
      on its dossier's decision day); full score at 90 %. As a fraction:
      (decided − late − rated negatively) ÷ decided, never below 0.
    - Rated, and rated negatively: shown, unscored.
    - Feedback handled on time: motcua records no complaints yet, so no data.
    """
    decided = c.decided
    satisfied = max(0, decided - c["decided_late"] - c["rated_negative"])
    return _group(
        "satisfaction",
        gettext_lazy("Satisfaction"),
        [
            _indicator(
                "satisfaction",
                gettext_lazy("Satisfaction (100 % − late − rated “not satisfied”)"),
                satisfied,
                decided,
                SATISFACTION_FULL,
            ),
            _indicator("rated", gettext_lazy("Decided dossiers rated"), c["rated"], decided, None),
            _indicator(
                "rated_negative",
                gettext_lazy("Rated “not satisfied”"),
                c["rated_negative"],
                decided,
                None,
            ),
            _indicator(
                "feedback_on_time",
                gettext_lazy("Feedback and complaints handled on time"),
                None,
                None,
                FULL,
            ),
        ],
    )


def groups_of(c: Counts) -> list[Group]:
    return [
        publicity_group(c),
        progress_group(c),
        online_group(c),
        digitization_group(c),
        satisfaction_group(c),
    ]


def _live_list(dossiers: QuerySet[Dossier]) -> list[LiveDossier]:
    rows = dossiers.select_related("procedure", "current_agency").order_by("due_at", "pk")
    return [
        LiveDossier(
            code=d.code,
            procedure=d.procedure.code,
            held_by=d.current_agency.name,
            due_at=timezone.localtime(d.due_at).isoformat(),
            due=d.due_at,
        )
        for d in rows[:LIVE_LIST_LIMIT]
    ]


def indicators_report(*, target: Target, start: date, end: date) -> Report:
    """The indicators of ``target`` for the dossier events from ``start`` to ``end``
    (Vietnam dates, both included). A bounded number of queries, whatever the volume."""
    period_check(start, end)
    counts = counts_get(target=target, start=start, end=end)
    now = timezone.now()
    running = live(target)
    return Report(
        target,
        start,
        end,
        groups_of(counts),
        now_late=_live_list(running.filter(due_at__lt=now)),
        due_soon=_live_list(running.filter(due_at__gte=now, due_at__lt=now + DUE_SOON)),
    )


def reports_of(targets: Iterable[tuple[Target, Counts]], *, start: date, end: date) -> list[Report]:
    """Reports (without live lists) of targets whose counts were summed elsewhere."""
    return [Report(target, start, end, groups_of(counts)) for target, counts in targets]

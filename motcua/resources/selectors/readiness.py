"""Readiness: each unit's facts against the policy's targets, gauge by gauge."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from math import ceil, floor
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.resources.policy import Policy, Targets
from motcua.resources.selectors.facts import BudgetYear, UnitFacts, unit_facts
from motcua.units.models import AdministrativeUnit


@dataclass(frozen=True)
class Gauge:
    """One readiness line: measured value, target, gap (in ``gap_unit``), met or not."""

    key: str
    label: str
    measured: float | None
    target: float
    gap: float
    gap_unit: str
    met: bool


@dataclass(frozen=True)
class UnitReadiness:
    facts: UnitFacts
    gauges: list[Gauge]

    @property
    def unit(self) -> AdministrativeUnit:
        return self.facts.unit

    @property
    def gaps(self) -> int:
        return sum(1 for g in self.gauges if not g.met)

    @property
    def priority(self) -> float:
        """Unmet targets weighted by the workload: where a gap hurts most."""
        return round(self.gaps * self.facts.workload.factor, 2)

    def gauge(self, key: str) -> Gauge:
        return next(g for g in self.gauges if g.key == key)


# --- readiness ------------------------------------------------------------------


def readiness_of(facts: UnitFacts, *, targets: Targets, year: int) -> UnitReadiness:
    """The readiness sheet of one unit: one gauge per target."""
    return UnitReadiness(
        facts=facts,
        gauges=[
            _computers_gauge(facts, targets),
            _weak_gauge(facts, targets),
            _scanner_gauge(facts),
            _it_gauge(facts),
            _network_gauge(facts),
            _budget_gauge(facts, targets, year),
        ],
    )


def _computers_gauge(facts: UnitFacts, targets: Targets) -> Gauge:
    have = len(facts.available_computers)
    target = targets.computers_per_officer
    measured = have / facts.officers if facts.officers else None
    # Rounded first: 1.3 × 10 officers is 13.000000000000002 in floating point.
    missing = max(0, ceil(round(target * facts.officers, 6)) - have)
    return Gauge(
        "computers_per_officer",
        _("Computers per officer"),
        measured,
        target,
        missing,
        _("computers missing"),
        missing == 0,
    )


def _weak_gauge(facts: UnitFacts, targets: Targets) -> Gauge:
    available = facts.available_computers
    weak = len(facts.weak_computers)
    share = 100 * weak / len(available) if available else None
    allowed = floor(round(targets.max_weak_share * len(available) / 100, 6))
    excess = max(0, weak - allowed)
    return Gauge(
        "weak_share",
        _("Computers below the minimum specification"),
        share,
        targets.max_weak_share,
        excess,
        _("computers to upgrade or replace"),
        excess == 0,
    )


def _scanner_gauge(facts: UnitFacts) -> Gauge:
    counters = len(facts.counters)
    bare = len(facts.uncovered_counters())
    return Gauge(
        "scanners",
        _("Counters with a compliant scanner"),
        counters - bare,
        counters,
        bare,
        _("counters without one"),
        bare == 0,
    )


def _it_gauge(facts: UnitFacts) -> Gauge:
    measured = 1.0 if facts.it_dedicated else 0.5 if facts.it_part_time else 0.0
    return Gauge(
        "it_officer",
        _("Dedicated IT officer"),
        measured,
        1.0,
        1.0 - measured,
        "",
        measured == 1.0,
    )


def _network_gauge(facts: UnitFacts) -> Gauge:
    measured = 1.0 if facts.dedicated_line else 0.0
    return Gauge(
        "network",
        _("Dedicated government network line"),
        measured,
        1.0,
        1.0 - measured,
        "",
        facts.dedicated_line,
    )


def _budget_gauge(facts: UnitFacts, targets: Targets, year: int) -> Gauge:
    budget = facts.budget_for(year)
    target = targets.budget_share_percent
    if budget is None:
        return Gauge(
            "budget_share", _("Digital-transformation budget share"), None, target, 0, "VND", False
        )
    missing = max(0, round(target * budget.recurrent_total / 100) - budget.engaged)
    return Gauge(
        "budget_share",
        _("Digital-transformation budget share"),
        budget.share,
        target,
        missing,
        "VND",
        missing == 0,
    )


def readiness_list(
    units: Sequence[AdministrativeUnit], *, policy: Policy, now: datetime | None = None
) -> list[UnitReadiness]:
    """The readiness of each unit, in the order given, in a bounded number of queries."""
    now = now or timezone.now()
    year = timezone.localdate(now).year
    return [
        readiness_of(f, targets=policy.targets, year=year)
        for f in unit_facts(units, policy=policy, now=now)
    ]


SORT_KEYS: dict[str, Callable[[UnitReadiness], Any]] = {
    "name": lambda r: r.unit.name,
    "priority": lambda r: r.priority,
    "workload": lambda r: r.facts.workload.factor,
    "gaps": lambda r: r.gaps,
}


GAUGE_KEYS = (
    "computers_per_officer",
    "weak_share",
    "scanners",
    "it_officer",
    "network",
    "budget_share",
)


def _measured(key: str) -> Callable[[UnitReadiness], float]:
    def getter(row: UnitReadiness) -> float:
        measured = row.gauge(key).measured
        return -1.0 if measured is None else measured

    return getter


def readiness_sorted(
    rows: Iterable[UnitReadiness], *, key: str, descending: bool
) -> list[UnitReadiness]:
    """Rows sorted by a column of the province table; an unknown column sorts by priority."""
    getter: Callable[[UnitReadiness], Any]
    if key in SORT_KEYS:
        getter = SORT_KEYS[key]
    elif key in GAUGE_KEYS:
        getter = _measured(key)
    else:
        getter = SORT_KEYS["priority"]
    return sorted(rows, key=getter, reverse=descending)


# --- province figures for the charts ----------------------------------------------

AGE_BUCKETS = ((0, 2), (3, 5), (6, 8), (9, None))


def age_distribution(facts: Iterable[UnitFacts], *, today: date) -> list[tuple[str, int]]:
    """Working computers by age in years: 0–2, 3–5, 6–8, 9 and more."""
    counts = [0] * len(AGE_BUCKETS)
    for unit in facts:
        for computer in unit.available_computers:
            age = computer.age(today)
            for i, (low, high) in enumerate(AGE_BUCKETS):
                if age >= low and (high is None or age <= high):
                    counts[i] += 1
                    break
    labels = [f"{low}–{high}" if high is not None else f"{low}+" for low, high in AGE_BUCKETS]
    return list(zip(labels, counts, strict=True))


def budget_share_by_year(facts: Iterable[UnitFacts]) -> list[BudgetYear]:
    """The units' budgets summed per year: recurrent total and digital-transformation money."""
    years: dict[int, list[int]] = {}
    for unit in facts:
        for b in unit.budgets:
            total = years.setdefault(b.year, [0, 0, 0])
            total[0] += b.recurrent_total
            total[1] += b.engaged
            total[2] += b.planned
    return [BudgetYear(y, *years[y]) for y in sorted(years)]

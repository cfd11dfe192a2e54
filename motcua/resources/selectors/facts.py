"""The facts of units: registers and workload, for any number of units in a fixed number
of queries (one per register, plus officers, counters, budgets, dossiers and scans
grouped by unit), so the province page costs the same for 5 units or 500.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from motcua.core.calendar import calendar_for
from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.dossiers.models import CLOCK_RUNNING_STATUSES, Dossier, Verdict
from motcua.resources.models import (
    UNAVAILABLE,
    Computer,
    ItStaff,
    NetworkLink,
    Printer,
    Scanner,
    SpendingLine,
    UnitBudget,
)
from motcua.resources.policy import BenefitWeights, Policy, Targets
from motcua.units.models import AdministrativeUnit, Officer, OneStopCounter

# Scans not yet turned into an archival copy: the unit's digitization backlog.
BACKLOG_STATUSES = [ScanStatus.QUEUED, ScanStatus.PROCESSING, ScanStatus.FAILED, ScanStatus.REFUSED]
# A load or backlog far above the reference adds nothing more: one busy unit
# must not take the whole budget.
LOAD_CAP = 3.0
ENGAGED = [SpendingLine.Stage.COMMITTED, SpendingLine.Stage.SPENT]


@dataclass(frozen=True)
class ComputerFact:
    """A computer as readiness and the planner see it."""

    id: int
    unit_id: int
    label: str
    counter_id: int | None
    purchase_year: int
    ram_gb: int
    disk_type: str
    cpu_class: str
    available: bool
    deficits: frozenset[str]  # among "ram", "ssd", "age", "cpu"

    def age(self, today: date) -> int:
        return max(0, today.year - self.purchase_year)


@dataclass(frozen=True)
class Workload:
    """The unit's load from motcua's own data over the policy's window."""

    dossiers: int
    late: int
    backlog: int
    officers: int
    working_days: int
    factor: float

    @property
    def per_officer_day(self) -> float:
        if not self.officers or not self.working_days:
            return 0.0
        return self.dossiers / self.officers / self.working_days

    @property
    def late_rate(self) -> float:
        return self.late / self.dossiers if self.dossiers else 0.0


@dataclass(frozen=True)
class BudgetYear:
    year: int
    recurrent_total: int
    engaged: int  # committed + spent
    planned: int

    @property
    def share(self) -> float:
        """Percent of the recurrent budget engaged in digital transformation."""
        return 100 * self.engaged / self.recurrent_total if self.recurrent_total else 0.0


@dataclass
class UnitFacts:
    """Everything known about one unit's resources and load."""

    unit: AdministrativeUnit
    officers: int = 0
    counters: dict[int, str] = field(default_factory=dict)
    officers_by_counter: dict[int, int] = field(default_factory=dict)
    computers: list[ComputerFact] = field(default_factory=list)
    scanners_total: int = 0
    compliant_by_counter: dict[int, int] = field(default_factory=dict)
    compliant_unassigned: int = 0
    printer_counters: set[int] = field(default_factory=set)
    printers: int = 0
    dedicated_line: bool = False
    links: int = 0
    it_dedicated: int = 0
    it_part_time: int = 0
    budgets: list[BudgetYear] = field(default_factory=list)
    workload: Workload = field(default_factory=lambda: Workload(0, 0, 0, 0, 0, 1.0))

    @property
    def available_computers(self) -> list[ComputerFact]:
        return [c for c in self.computers if c.available]

    @property
    def weak_computers(self) -> list[ComputerFact]:
        return [c for c in self.available_computers if c.deficits]

    def uncovered_counters(self) -> list[int]:
        """Counters without a compliant scanner, after unassigned compliant
        scanners of the unit are given one each to the counters without."""
        bare = [pk for pk in self.counters if not self.compliant_by_counter.get(pk)]
        return bare[self.compliant_unassigned :]

    def counter_rows(self) -> list[tuple[str, int, bool, bool]]:
        """Per counter: name, officers, a compliant scanner (after pooling), a printer."""
        bare = set(self.uncovered_counters())
        return [
            (name, self.officers_by_counter.get(pk, 0), pk not in bare, pk in self.printer_counters)
            for pk, name in self.counters.items()
        ]

    def budget_for(self, year: int) -> BudgetYear | None:
        """The budget of ``year``, or of the latest year before it."""
        earlier = [b for b in self.budgets if b.year <= year]
        return max(earlier, key=lambda b: b.year) if earlier else None


# --- facts ----------------------------------------------------------------------


def computer_deficits(
    *,
    ram_gb: int,
    disk_type: str,
    cpu_class: str,
    purchase_year: int,
    targets: Targets,
    today: date,
) -> frozenset[str]:
    """Why a computer is below the minimum specification (empty: it is not)."""
    found = set()
    if ram_gb < targets.min_ram_gb:
        found.add("ram")
    if targets.ssd_required and disk_type == Computer.DiskType.HDD:
        found.add("ssd")
    if today.year - purchase_year > targets.max_age_years:
        found.add("age")
    if cpu_class == Computer.CpuClass.ENTRY:
        found.add("cpu")
    return frozenset(found)


def scanner_compliant(*, max_dpi: int, colour: bool, condition: str, targets: Targets) -> bool:
    """Digitization's rule (Decree 30/2020): colour, at least 200 dpi; and working."""
    return (
        max_dpi >= targets.scanner_min_dpi
        and (colour or not targets.scanner_colour_required)
        and condition not in UNAVAILABLE
    )


def workload_factor(
    *, per_officer_day: float, late_rate: float, backlog_days: float, weights: BenefitWeights
) -> float:
    """1 for an idle unit, more the busier, later and further behind it is (docs/resources.md)."""
    load = min(LOAD_CAP, per_officer_day / weights.reference_dossiers_per_officer_day)
    backlog = min(LOAD_CAP, backlog_days)
    return round(
        1
        + weights.weight_load * load
        + weights.weight_late * late_rate
        + weights.weight_backlog * backlog,
        3,
    )


def unit_facts(
    units: Sequence[AdministrativeUnit],
    *,
    policy: Policy,
    now: datetime | None = None,
) -> list[UnitFacts]:
    """The facts of ``units`` in a bounded number of queries, in the order given."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    facts = {u.pk: UnitFacts(unit=u) for u in units}
    ids = list(facts)
    _people(facts, ids)
    _computers(facts, ids, policy.targets, today)
    _scanners_printers(facts, ids, policy.targets)
    _network_staff(facts, ids)
    _budgets(facts, ids)
    _workload(facts, ids, policy, now)
    return [facts[u.pk] for u in units]


def _people(facts: dict[int, UnitFacts], ids: list[int]) -> None:
    officers = Officer.objects.filter(agency__unit_id__in=ids, user__is_active=True)
    for row in officers.values("agency__unit_id").annotate(n=Count("pk")):
        facts[row["agency__unit_id"]].officers = row["n"]
    counters = OneStopCounter.objects.filter(agency__unit_id__in=ids, agency__is_one_stop=True)
    for row in counters.values("pk", "agency__unit_id", "name").annotate(
        n=Count("officers", filter=Q(officers__user__is_active=True))
    ):
        unit = facts[row["agency__unit_id"]]
        unit.counters[row["pk"]] = row["name"]
        unit.officers_by_counter[row["pk"]] = row["n"]


def _computers(facts: dict[int, UnitFacts], ids: list[int], targets: Targets, today: date) -> None:
    rows = Computer.objects.filter(unit_id__in=ids).order_by("purchase_year", "pk")
    for c in rows.values(
        "pk",
        "unit_id",
        "inventory_code",
        "model_name",
        "counter_id",
        "purchase_year",
        "ram_gb",
        "disk_type",
        "cpu_class",
        "condition",
    ):
        deficits = computer_deficits(
            ram_gb=c["ram_gb"],
            disk_type=c["disk_type"],
            cpu_class=c["cpu_class"],
            purchase_year=c["purchase_year"],
            targets=targets,
            today=today,
        )
        facts[c["unit_id"]].computers.append(
            ComputerFact(
                id=c["pk"],
                unit_id=c["unit_id"],
                label=c["inventory_code"] or c["model_name"] or f"#{c['pk']}",
                counter_id=c["counter_id"],
                purchase_year=c["purchase_year"],
                ram_gb=c["ram_gb"],
                disk_type=c["disk_type"],
                cpu_class=c["cpu_class"],
                available=c["condition"] not in UNAVAILABLE,
                deficits=deficits,
            )
        )


def _scanners_printers(facts: dict[int, UnitFacts], ids: list[int], targets: Targets) -> None:
    for s in Scanner.objects.filter(unit_id__in=ids).values(
        "unit_id", "counter_id", "max_dpi", "colour", "condition"
    ):
        unit = facts[s["unit_id"]]
        unit.scanners_total += 1
        ok = scanner_compliant(
            max_dpi=s["max_dpi"], colour=s["colour"], condition=s["condition"], targets=targets
        )
        if not ok:
            continue
        if s["counter_id"] in unit.counters:
            unit.compliant_by_counter[s["counter_id"]] = (
                unit.compliant_by_counter.get(s["counter_id"], 0) + 1
            )
        else:
            unit.compliant_unassigned += 1
    printers = Printer.objects.filter(unit_id__in=ids).exclude(condition__in=UNAVAILABLE)
    for unit_id, counter_id in printers.values_list("unit_id", "counter_id"):
        facts[unit_id].printers += 1
        if counter_id is not None:
            facts[unit_id].printer_counters.add(counter_id)


def _network_staff(facts: dict[int, UnitFacts], ids: list[int]) -> None:
    links = NetworkLink.objects.filter(unit_id__in=ids).exclude(condition__in=UNAVAILABLE)
    for unit_id, dedicated in links.values_list("unit_id", "dedicated"):
        facts[unit_id].links += 1
        facts[unit_id].dedicated_line |= dedicated
    for unit_id, kind in ItStaff.objects.filter(unit_id__in=ids).values_list("unit_id", "kind"):
        if kind == ItStaff.Kind.DEDICATED:
            facts[unit_id].it_dedicated += 1
        else:
            facts[unit_id].it_part_time += 1


def _budgets(facts: dict[int, UnitFacts], ids: list[int]) -> None:
    rows = (
        UnitBudget.objects.filter(unit_id__in=ids)
        .annotate(
            engaged=Sum("lines__amount", filter=Q(lines__stage__in=ENGAGED), default=0),
            planned=Sum("lines__amount", filter=Q(lines__stage="planned"), default=0),
        )
        .order_by("year")
    )
    for b in rows.values("unit_id", "year", "recurrent_total", "engaged", "planned"):
        facts[b["unit_id"]].budgets.append(
            BudgetYear(b["year"], b["recurrent_total"], b["engaged"], b["planned"])
        )


def _working_days(since: date, until: date) -> int:
    calendar = calendar_for(around=until)
    days = (until - since).days
    return sum(1 for n in range(days) if calendar.is_working_day(since + timedelta(days=n)))


def _workload(facts: dict[int, UnitFacts], ids: list[int], policy: Policy, now: datetime) -> None:
    today = timezone.localdate(now)
    since = today - timedelta(days=policy.targets.workload_window_days)
    working_days = _working_days(since, today)
    late = Q(timeliness=Verdict.LATE) | Q(status__in=list(CLOCK_RUNNING_STATUSES), due_at__lt=now)
    received: dict[int, tuple[int, int]] = {}
    for row in (
        Dossier.objects.filter(
            receiving_agency__unit_id__in=ids,
            received_at__gte=now - timedelta(days=policy.targets.workload_window_days),
        )
        .values("receiving_agency__unit_id")
        .annotate(total=Count("pk"), late=Count("pk", filter=late))
        .order_by()
    ):
        received[row["receiving_agency__unit_id"]] = (row["total"], row["late"])
    backlog = dict(
        ScannedDocument.objects.filter(
            dossier__receiving_agency__unit_id__in=ids, status__in=BACKLOG_STATUSES
        )
        .values("dossier__receiving_agency__unit_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("dossier__receiving_agency__unit_id", "n")
    )
    weights = policy.weights
    for pk, unit in facts.items():
        total, late_count = received.get(pk, (0, 0))
        waiting = backlog.get(pk, 0)
        per_day = total / unit.officers / working_days if unit.officers and working_days else 0.0
        capacity = max(unit.officers, 1) * weights.reference_dossiers_per_officer_day
        unit.workload = Workload(
            dossiers=total,
            late=late_count,
            backlog=waiting,
            officers=unit.officers,
            working_days=working_days,
            factor=workload_factor(
                per_officer_day=per_day,
                late_rate=late_count / total if total else 0.0,
                backlog_days=waiting / capacity,
                weights=weights,
            ),
        )

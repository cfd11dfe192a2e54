"""The investment plan: which actions do the most good within a budget.

Candidates (an upgrade of a weak computer, a scanner for a counter without a
compliant one, ...) each have a cost from the price list and a benefit from
the benefit model (docs/resources.md). The plan is the 0/1 choice of
candidates that maximises the total benefit, solved exactly as a mixed-integer
linear programme by HiGHS through ``scipy.optimize.milp``:

    maximise   Σ benefit_i · x_i
    subject to Σ cost_i · x_i ≤ budget
               Σ_{i ∈ machine m} x_i ≤ 1     (one action per machine or counter)
               Σ_{i ∈ counter c} x_i ≥ 1     (every counter ends with a compliant scanner)
               x_i ∈ {0, 1}

The naive plan it is compared with buys the same compulsory scanners (the
cheapest) and then replaces the oldest computers below specification first
while the budget lasts.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from motcua.core.errors import DomainError
from motcua.resources.models import Computer
from motcua.resources.policy import Action, BenefitWeights, Policy, policy_get, price_list
from motcua.resources.selectors import (
    LOAD_CAP,
    ComputerFact,
    UnitFacts,
    readiness_list,
)
from motcua.units.models import AdministrativeUnit

SOLVER_SECONDS = 30.0
# Both upgrades on one machine: priced as the sum of the two.
RAM_SSD = "ram_ssd_upgrade"


def action_label(action: str) -> str:
    if action == RAM_SSD:
        return _("RAM and SSD upgrade")
    return str(Action(action).label) if action in Action.values else action


@dataclass(frozen=True)
class Candidate:
    """One action the plan may take, with its price, benefit and the reason for it."""

    key: str
    action: str
    unit_id: int
    unit_name: str
    target: str
    cost: int
    benefit: float
    reason: str
    group: str | None = None  # candidates sharing a group exclude each other
    covers: str | None = None  # counter that must end with a compliant scanner
    age: int = 0  # of the computer replaced, for the naive plan


@dataclass(frozen=True)
class Plan:
    budget: int
    chosen: list[Candidate]
    naive: list[Candidate]
    minimum_budget: int
    feasible: bool
    proven_optimal: bool = True
    message: str = ""
    candidates: int = 0

    @property
    def cost(self) -> int:
        return sum(c.cost for c in self.chosen)

    @property
    def benefit(self) -> float:
        return round(sum(c.benefit for c in self.chosen), 2)

    @property
    def naive_cost(self) -> int:
        return sum(c.cost for c in self.naive)

    @property
    def naive_benefit(self) -> float:
        return round(sum(c.benefit for c in self.naive), 2)


# --- candidates -------------------------------------------------------------------


@dataclass
class _Context:
    facts: UnitFacts
    weights: BenefitWeights
    prices: dict[str, int]
    today: date
    out: list[Candidate] = field(default_factory=list)

    def place(self, counter_id: int | None) -> tuple[float, str]:
        """Equipment at a counter serves citizens directly: it counts ``counter_factor`` times."""
        if counter_id is not None and counter_id in self.facts.counters:
            return self.weights.counter_factor, self.facts.counters[counter_id]
        return 1.0, ""

    def add(
        self,
        key: str,
        action: str,
        target: str,
        benefit: float,
        why: str,
        *,
        group: str | None = None,
        covers: str | None = None,
        age: int = 0,
        cost: int | None = None,
    ) -> None:
        workload = self.facts.workload
        reason = _("%(why)s; workload ×%(factor).2f (%(per_day).1f dossiers per officer a day)") % {
            "why": why,
            "factor": workload.factor,
            "per_day": workload.per_officer_day,
        }
        self.out.append(
            Candidate(
                key=key,
                action=action,
                unit_id=self.facts.unit.pk,
                unit_name=self.facts.unit.name,
                target=target,
                cost=self.prices[action] if cost is None else cost,
                benefit=round(benefit, 2),
                reason=reason,
                group=group,
                covers=covers,
                age=age,
            )
        )


def candidates_build(
    facts: Sequence[UnitFacts],
    *,
    weights: BenefitWeights,
    prices: dict[str, int],
    today: date,
    missing_computers: dict[int, int],
) -> list[Candidate]:
    """Every action the benefit model values, per unit (``missing_computers``:
    computers each unit lacks to reach its computers-per-officer target)."""
    out: list[Candidate] = []
    for unit in facts:
        ctx = _Context(unit, weights, prices, today)
        for computer in unit.weak_computers:
            _computer_options(ctx, computer)
        for n in range(missing_computers.get(unit.unit.pk, 0)):
            ctx.add(
                f"u{unit.unit.pk}:extra{n + 1}",
                Action.NEW_COMPUTER,
                unit.unit.name,
                weights.value_extra_computer * unit.workload.factor,
                _("below the computers-per-officer target"),
            )
        _counter_options(ctx)
        _unit_options(ctx)
        out += ctx.out
    return out


def _computer_options(ctx: _Context, c: ComputerFact) -> None:
    w = ctx.weights
    factor, counter = ctx.place(c.counter_id)
    scale = factor * ctx.facts.workload.factor
    old = "age" in c.deficits
    upgrade_scale = scale * (w.old_upgrade_factor if old else 1.0)
    where = _(" at %(counter)s") % {"counter": counter} if counter else ""
    target = f"{c.label}{where}"
    group = f"pc{c.id}"
    ram = w.value_ram if "ram" in c.deficits else 0
    ssd = w.value_ssd if "ssd" in c.deficits else 0
    if ram:
        ctx.add(
            f"{group}:ram",
            Action.RAM_UPGRADE,
            target,
            ram * upgrade_scale,
            _("%(ram)d GB RAM") % {"ram": c.ram_gb},
            group=group,
        )
    if ssd:
        ctx.add(
            f"{group}:ssd",
            Action.SSD_UPGRADE,
            target,
            ssd * upgrade_scale,
            _("HDD system disk"),
            group=group,
        )
    if ram and ssd:
        # Both upgrades on one machine: a candidate of its own, so the
        # at-most-one rule per machine still holds.
        ctx.add(
            f"{group}:ram+ssd",
            RAM_SSD,
            target,
            (ram + ssd) * upgrade_scale,
            _("%(ram)d GB RAM and HDD system disk") % {"ram": c.ram_gb},
            group=group,
            cost=ctx.prices[Action.RAM_UPGRADE] + ctx.prices[Action.SSD_UPGRADE],
        )
    total = ram + ssd + (w.value_age if old else 0)
    total += w.value_cpu if "cpu" in c.deficits else 0
    why = _("bought in %(year)d, %(ram)d GB RAM, %(disk)s, CPU: %(cpu)s") % {
        "year": c.purchase_year,
        "ram": c.ram_gb,
        "disk": c.disk_type.upper(),
        "cpu": Computer.CpuClass(c.cpu_class).label,
    }
    ctx.add(
        f"{group}:replace",
        Action.NEW_COMPUTER,
        target,
        total * scale,
        why,
        group=group,
        age=c.age(ctx.today),
    )


def _counter_options(ctx: _Context) -> None:
    w, unit = ctx.weights, ctx.facts
    load = min(LOAD_CAP, unit.workload.per_officer_day / w.reference_dossiers_per_officer_day)
    base = w.value_scanner * w.counter_factor * unit.workload.factor
    for pk in unit.uncovered_counters():
        name, key = unit.counters[pk], f"counter{pk}"
        why = _("no scanner meeting the digitization rule")
        ctx.add(f"{key}:scanner", Action.SCANNER, name, base, why, group=key, covers=key)
        # A feeder scanner saves most where dossiers pile up: up to twice the value.
        ctx.add(
            f"{key}:fast",
            Action.FAST_SCANNER,
            name,
            base * (1 + load / LOAD_CAP),
            why,
            group=key,
            covers=key,
        )
    for pk, name in unit.counters.items():
        if pk not in unit.printer_counters:
            ctx.add(
                f"counter{pk}:printer",
                Action.PRINTER,
                name,
                w.value_printer * w.counter_factor * unit.workload.factor,
                _("no working printer at the counter"),
            )


def _unit_options(ctx: _Context) -> None:
    w, unit = ctx.weights, ctx.facts
    name = unit.unit.name
    if not unit.dedicated_line:
        ctx.add(
            f"u{unit.unit.pk}:network",
            Action.NETWORK_LINE,
            name,
            w.value_network * unit.workload.factor,
            _("no dedicated government line"),
        )
    if not unit.it_dedicated:
        ctx.add(
            f"u{unit.unit.pk}:it",
            Action.IT_TRAINING,
            name,
            w.value_it_training * unit.workload.factor,
            _("no dedicated IT officer"),
        )


# --- solving --------------------------------------------------------------------


def minimum_budget(candidates: Sequence[Candidate]) -> int:
    """The least any plan must spend: the cheapest compliant scanner per bare counter."""
    cheapest: dict[str, int] = {}
    for c in candidates:
        if c.covers is not None:
            cheapest[c.covers] = min(cheapest.get(c.covers, c.cost), c.cost)
    return sum(cheapest.values())


def plan_solve(candidates: Sequence[Candidate], *, budget: int) -> Plan:
    """The benefit-maximising plan within ``budget``, and the naive plan beside it."""
    floor = minimum_budget(candidates)
    if budget < floor:
        message = _(
            "The budget of %(budget)s VND cannot give every counter a compliant scanner: "
            "at least %(minimum)s VND is needed."
        ) % {"budget": f"{budget:,}", "minimum": f"{floor:,}"}
        return Plan(budget, [], [], floor, False, message=message, candidates=len(candidates))
    chosen, optimal = _milp(candidates, budget) if candidates else ([], True)
    return Plan(
        budget=budget,
        chosen=chosen,
        naive=naive_plan(candidates, budget=budget),
        minimum_budget=floor,
        feasible=True,
        proven_optimal=optimal,
        candidates=len(candidates),
    )


def _milp(candidates: Sequence[Candidate], budget: int) -> tuple[list[Candidate], bool]:
    n = len(candidates)
    rows, cols, data, lower, upper = (
        [0] * n,
        list(range(n)),
        [float(c.cost) for c in candidates],
        [-np.inf],
        [float(budget)],
    )
    groups: dict[str, list[int]] = defaultdict(list)
    covers: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        if c.group is not None:
            groups[c.group].append(i)
        if c.covers is not None:
            covers[c.covers].append(i)
    for members, (low, high) in [(m, (-np.inf, 1.0)) for m in groups.values()] + [
        (m, (1.0, np.inf)) for m in covers.values()
    ]:
        row = len(lower)
        rows += [row] * len(members)
        cols += members
        data += [1.0] * len(members)
        lower.append(low)
        upper.append(high)
    matrix = csr_array((data, (rows, cols)), shape=(len(lower), n))
    result = milp(
        c=-np.array([c.benefit for c in candidates]),
        constraints=LinearConstraint(matrix, np.array(lower), np.array(upper)),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"time_limit": SOLVER_SECONDS},
    )
    if result.x is None:  # infeasible is ruled out above; a solver failure is not
        raise RuntimeError(f"the plan could not be solved: {result.message}")
    picked = [c for c, x in zip(candidates, result.x, strict=True) if x > 0.5]
    return picked, result.status == 0


def naive_plan(candidates: Sequence[Candidate], *, budget: int) -> list[Candidate]:
    """The compulsory scanners (cheapest), then the oldest weak computers replaced first."""
    chosen: list[Candidate] = []
    left = budget
    cheapest: dict[str, Candidate] = {}
    for c in candidates:
        if c.covers is not None and (c.covers not in cheapest or c.cost < cheapest[c.covers].cost):
            cheapest[c.covers] = c
    for c in cheapest.values():
        chosen.append(c)
        left -= c.cost
    replacements = [c for c in candidates if c.key.endswith(":replace")]
    for c in sorted(replacements, key=lambda c: (-c.age, c.key)):
        if c.cost > left:
            break
        chosen.append(c)
        left -= c.cost
    return chosen


# --- from the database ------------------------------------------------------------


def plan_make(
    units: Sequence[AdministrativeUnit],
    *,
    budget: int,
    policy: Policy | None = None,
    prices: dict[str, int] | None = None,
    now: datetime | None = None,
) -> Plan:
    """The plan for these units: facts and readiness read once, candidates built, solved."""
    if budget < 0:
        raise DomainError(_("The budget cannot be negative."), field="budget")
    policy = policy or policy_get()
    now = now or timezone.now()
    rows = readiness_list(units, policy=policy, now=now)
    missing = {r.unit.pk: int(r.gauge("computers_per_officer").gap) for r in rows}
    candidates = candidates_build(
        [r.facts for r in rows],
        weights=policy.weights,
        prices=prices or price_list(),
        today=timezone.localdate(now),
        missing_computers=missing,
    )
    return plan_solve(candidates, budget=budget)


def plan_export_xlsx(plan: Plan) -> bytes:
    """The plan and the naive plan as a workbook: a sheet each, and a summary."""
    book = Workbook(write_only=True)
    summary = book.create_sheet(_("summary"))
    summary.append([_("budget"), plan.budget])
    summary.append([_("minimum needed"), plan.minimum_budget])
    summary.append([_("plan cost"), plan.cost])
    summary.append([_("plan benefit"), plan.benefit])
    summary.append([_("naive plan cost"), plan.naive_cost])
    summary.append([_("naive plan benefit"), plan.naive_benefit])
    if plan.message:
        summary.append([plan.message])
    for title, actions in ((_("plan"), plan.chosen), (_("naive plan"), plan.naive)):
        sheet = book.create_sheet(title)
        sheet.append([_("unit"), _("action"), _("for"), _("cost (VND)"), _("benefit"), _("why")])
        for c in actions:
            sheet.append(
                [c.unit_name, action_label(c.action), c.target, c.cost, c.benefit, c.reason]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

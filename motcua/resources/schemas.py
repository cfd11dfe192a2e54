"""Response and request shapes of the resources API."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from motcua.resources.planning import Candidate, Plan, action_label
from motcua.resources.selectors import UnitReadiness
from motcua.resources.xlsx import BIG_INT_MAX


class GaugeOut(Schema):
    key: str
    label: str
    measured: float | None
    target: float
    gap: float
    gap_unit: str
    met: bool


class WorkloadOut(Schema):
    dossiers: int
    late: int
    backlog: int
    officers: int
    working_days: int
    per_officer_day: float
    late_rate: float
    factor: float


class ReadinessOut(Schema):
    code: str
    name: str
    gauges: list[GaugeOut]
    workload: WorkloadOut
    gaps: int
    priority: float

    @classmethod
    def of(cls, row: UnitReadiness) -> ReadinessOut:
        w = row.facts.workload
        return cls(
            code=row.unit.code,
            name=row.unit.name,
            gauges=[GaugeOut(**g.__dict__) for g in row.gauges],
            workload=WorkloadOut(
                dossiers=w.dossiers,
                late=w.late,
                backlog=w.backlog,
                officers=w.officers,
                working_days=w.working_days,
                per_officer_day=round(w.per_officer_day, 3),
                late_rate=round(w.late_rate, 3),
                factor=w.factor,
            ),
            gaps=row.gaps,
            priority=row.priority,
        )


class UnitOut(Schema):
    readiness: ReadinessOut
    registers: dict[str, list[dict[str, Any]]] = Field(
        description="One list per register, rows keyed as the xlsx columns."
    )


class PlanIn(Schema):
    budget: int = Field(ge=0, le=BIG_INT_MAX, description="VND")


class ActionOut(Schema):
    unit: str
    action: str
    action_label: str
    target: str
    cost: int
    benefit: float
    reason: str

    @classmethod
    def of(cls, c: Candidate) -> ActionOut:
        return cls(
            unit=c.unit_name,
            action=c.action,
            action_label=action_label(c.action),
            target=c.target,
            cost=c.cost,
            benefit=c.benefit,
            reason=c.reason,
        )


class PlanOut(Schema):
    budget: int
    feasible: bool
    message: str
    minimum_budget: int
    proven_optimal: bool
    cost: int
    benefit: float
    actions: list[ActionOut]
    naive_cost: int
    naive_benefit: float
    naive_actions: list[ActionOut]

    @classmethod
    def of(cls, plan: Plan) -> PlanOut:
        return cls(
            budget=plan.budget,
            feasible=plan.feasible,
            message=plan.message,
            minimum_budget=plan.minimum_budget,
            proven_optimal=plan.proven_optimal,
            cost=plan.cost,
            benefit=plan.benefit,
            actions=[ActionOut.of(c) for c in plan.chosen],
            naive_cost=plan.naive_cost,
            naive_benefit=plan.naive_benefit,
            naive_actions=[ActionOut.of(c) for c in plan.naive],
        )

"""IT resources: units' readiness and registers, and the investment plan."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from motcua.api.auth import OFFICER_AUTH, request_actor
from motcua.api.schemas import ErrorOut
from motcua.resources.access import get_unit_for_officer, units_visible_to
from motcua.resources.planning import plan_make
from motcua.resources.policy import policy_get
from motcua.resources.schemas import PlanIn, PlanOut, ReadinessOut, UnitOut
from motcua.resources.selectors import readiness_list
from motcua.resources.services import registers_tables

router = Router(tags=["resources"], auth=OFFICER_AUTH)


@router.get(
    "/units", response={200: list[ReadinessOut], 401: ErrorOut}, summary="Readiness of units"
)
def units_list(request: HttpRequest) -> list[ReadinessOut]:
    """The readiness of every unit the officer may see (the province for its administrator)."""
    units = list(units_visible_to(request_actor(request)))
    return [ReadinessOut.of(row) for row in readiness_list(units, policy=policy_get())]


@router.get(
    "/units/{code}",
    response={200: UnitOut, 401: ErrorOut, 404: ErrorOut},
    summary="A unit's readiness and registers",
)
def units_detail(request: HttpRequest, code: str) -> UnitOut:
    unit = get_unit_for_officer(user=request_actor(request), code=code[:16])
    [row] = readiness_list([unit], policy=policy_get())
    return UnitOut(readiness=ReadinessOut.of(row), registers=registers_tables(unit_ids=[unit.pk]))


@router.post(
    "/plan", response={200: PlanOut, 401: ErrorOut, 422: ErrorOut}, summary="Investment plan"
)
def plan_create(request: HttpRequest, payload: PlanIn) -> PlanOut:
    """The plan for the units the officer may see; ``feasible`` false with ``message``
    and ``minimum_budget`` when the budget cannot meet the constraints."""
    units = list(units_visible_to(request_actor(request)))
    return PlanOut.of(plan_make(units, budget=payload.budget))

"""Builders shared by the dossier tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from motcua.dossiers.inputs import ActionInput, ApplicantInput, IntakeInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_receive, dossier_transition

HUNG = ApplicantInput(
    name="Nguyễn Văn Hùng",
    id_number="024090001234",
    birth_date=date(1990, 5, 17),
    sex="male",
    address="Thôn Đồng Mới, xã Đèo Gia, Bắc Ninh",
    phone="0912345678",
)


def receive(
    actor: Any,
    procedure_code: str = "1.000894",
    *,
    at: datetime | None = None,
    applicant: ApplicantInput = HUNG,
) -> Dossier:
    return dossier_receive(
        actor=actor, data=IntakeInput(procedure_code=procedure_code, applicant=applicant), at=at
    )


def act(
    actor: Any, dossier: Dossier, action: str, *, at: datetime | None = None, **params: Any
) -> Dossier:
    if "missing" in params:
        params["missing"] = tuple(params["missing"])
    return dossier_transition(
        actor=actor, code=dossier.code, action=action, params=ActionInput(**params), at=at
    )


def walk_to_returned(world: Any, dossier: Dossier, *, start: datetime | None = None) -> Dossier:
    """Move a received dossier through the whole happy path."""
    steps: list[tuple[Any, str, dict[str, Any]]] = [
        (world.counter, "assign", {"assignee": "specialist"}),
        (world.specialist, "appraise", {}),
        (world.leader, "approve", {}),
        (world.leader, "sign", {}),
        (world.clerk, "issue", {"result_number": "12/2026/GCN"}),
        (world.counter, "return", {}),
    ]
    for actor, action, params in steps:
        dossier = act(actor, dossier, action, **params)
    return dossier


def bundle_child_decide(world: Any, birth: Any, child: Dossier, *, at: datetime) -> Dossier:
    """A bundle's child handled by its own agency (``birth.staff``): assigned from the
    counter, appraised, approved, signed and issued there."""
    staff = birth.staff[child.competent_agency_id]
    act(world.counter, child, "assign", assignee=staff.specialist.username, at=at)
    act(staff.specialist, child, "appraise", at=at)
    act(staff.leader, child, "approve", at=at)
    act(staff.leader, child, "sign", at=at)
    return act(staff.clerk, child, "issue", result_number="1/KQ", at=at)

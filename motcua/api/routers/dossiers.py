"""Dossiers for officers: intake, worklists, detail and transitions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status, codes_4xx

from motcua.api.auth import OFFICER_AUTH, request_actor
from motcua.api.schemas import (
    ActionIn,
    DossierCode,
    DossierIn,
    DossierListQuery,
    DossierOut,
    DossierPage,
    DossierRowOut,
    ErrorOut,
)
from motcua.dossiers.access import dossier_read_record, get_dossier_for_officer
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import (
    DossierFilter,
    dossier_flag,
    dossier_list,
    due_soon_threshold,
)
from motcua.dossiers.services import dossier_actions_for, dossier_receive, dossier_transition

router = Router(tags=["dossiers"], auth=OFFICER_AUTH)


def _detail(dossier: Dossier, actor: Any) -> DossierOut:
    return DossierOut.of(dossier, actions=dossier_actions_for(actor=actor, dossier=dossier))


@router.post(
    "", response={201: DossierOut, codes_4xx: ErrorOut}, summary="Receive a dossier at the counter"
)
def dossiers_create(request: HttpRequest, payload: DossierIn) -> Status[DossierOut]:
    """Receive a complete dossier in person or by post (counter officers only)."""
    actor = request_actor(request)
    dossier = dossier_receive(actor=actor, data=payload.to_input())
    return Status(201, _detail(dossier, actor))


@router.get("", response={200: DossierPage, codes_4xx: ErrorOut}, summary="List dossiers")
def dossiers_list(request: HttpRequest, filters: Query[DossierListQuery]) -> DossierPage:
    """Dossiers the caller may see, most urgent first when a deadline filter is on."""
    actor, now = request_actor(request), timezone.now()
    dossiers = dossier_list(
        user=actor,
        now=now,
        filters=DossierFilter(
            status=filters.status or "",
            query=filters.q,
            late=filters.late,
            due_soon=filters.due_soon,
            mine=filters.mine,
            procedure=filters.procedure,
        ),
    )
    soon = due_soon_threshold(user=actor, now=now)
    page = dossiers[filters.offset : filters.offset + filters.limit]
    items = [DossierRowOut.of(d, flag=dossier_flag(d, now=now, soon=soon)) for d in page]
    return DossierPage(count=dossiers.count(), items=items)


@router.get(
    "/{code}", response={200: DossierOut, codes_4xx: ErrorOut}, summary="A dossier with its history"
)
def dossiers_detail(request: HttpRequest, code: DossierCode) -> DossierOut:
    actor = request_actor(request)
    dossier = get_dossier_for_officer(user=actor, code=code)
    dossier_read_record(user=actor, dossier=dossier, via="api")
    return _detail(dossier, actor)


@router.post(
    "/{code}/transitions",
    response={200: DossierOut, codes_4xx: ErrorOut},
    summary="Take an action on a dossier",
)
def dossiers_transition(request: HttpRequest, code: DossierCode, payload: ActionIn) -> DossierOut:
    """Assign, appraise, approve, sign, issue, return, request a supplement, refuse..."""
    actor = request_actor(request)
    dossier = dossier_transition(
        actor=actor, code=code, action=payload.action, params=payload.to_input()
    )
    return _detail(dossier, actor)

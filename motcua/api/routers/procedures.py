"""The procedure catalogue, for the counter's software."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from motcua.api.auth import OFFICER_AUTH
from motcua.api.schemas import ErrorOut, ProcedureOut, ProcedurePage, ProcedureQuery
from motcua.catalogue.selectors import procedure_list

router = Router(tags=["procedures"], auth=OFFICER_AUTH)


@router.get(
    "",
    response={200: ProcedurePage, 401: ErrorOut, 422: ErrorOut},
    summary="List active procedures",
)
def procedures_list(request: HttpRequest, filters: Query[ProcedureQuery]) -> ProcedurePage:
    """Active procedures, Project 06 services first; ``q`` matches without accents."""
    procedures = procedure_list(query=filters.q).prefetch_related("required_documents")
    page = procedures[filters.offset : filters.offset + filters.limit]
    return ProcedurePage(count=procedures.count(), items=[ProcedureOut.of(p) for p in page])

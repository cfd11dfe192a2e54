"""The REST API under /api/v1/: one NinjaAPI, a router per area, errors as plain JSON.

Every error answers ``{"detail": "<message for a person>", "field": "<name or null>"}``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from motcua.api.routers import (
    bundles,
    documents,
    dossiers,
    indicators,
    procedures,
    public,
    warehouse,
)
from motcua.api.routers import resources as resource_registers
from motcua.api.routers import search as document_search
from motcua.core.errors import DomainError

api = NinjaAPI(
    title="motcua API",
    version="1",
    description="One-stop shop (một cửa) dossiers and procedures. Officers authenticate "
    "with `Authorization: Bearer <token>` (`motcua token USERNAME`).",
    urls_namespace="api-v1",
)
api.add_router("/procedures", procedures.router)
api.add_router("/dossiers", dossiers.router)
api.add_router("/dossiers", documents.router)
api.add_router("/dossiers", warehouse.router)
api.add_router("/documents", document_search.router)
api.add_router("/public", public.router)
api.add_router("/resources", resource_registers.router)
api.add_router("/indicators", indicators.router)
api.add_router("/bundles", bundles.router)


def error_response(
    request: HttpRequest, status: int, detail: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "field": field}, status=status)


def _location(loc: Any) -> str:
    # ninja prefixes the source ("body", "query", "path") and the parameter name.
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[2:] if len(parts) > 2 and parts[0] == "body" else parts[1:]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [(_location(e.get("loc", ())), str(e.get("msg", ""))) for e in exc.errors]
    listed = "; ".join(f"{where}: {msg}" if where else msg for where, msg in problems)
    detail = _("Some fields are not valid: %(problems)s") % {"problems": listed}
    first = problems[0][0] if problems else None
    return error_response(request, 422, detail, first or None)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(request, exc.status, exc.message, exc.field)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(
        request,
        401,
        _("Authentication required: send a valid API token as “Authorization: Bearer <token>”."),
    )


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = error_response(request, 429, _("Too many requests; try again later."))
    if exc.wait:
        response["Retry-After"] = str(exc.wait)
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja raises HttpError(400) for a body that is not JSON, 403 for a failed CSRF check.
    messages = {
        400: _("The request body is not valid JSON."),
        403: _("The request was refused (CSRF check failed)."),
    }
    return error_response(request, exc.status_code, messages.get(exc.status_code, str(exc.message)))


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(request, 413, _("The request body is too large."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, _("Not found."))

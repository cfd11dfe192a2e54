"""Public pages: anyone may look a dossier up by its code and follow its progress."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError
from motcua.core.ratelimit import client_ip
from motcua.portal.selectors import (
    LOOKUP_WINDOW_SECONDS,
    clean_code,
    public_lookup,
    public_lookup_throttled,
)
from motcua.portal.services import dossier_rate

TEMPLATE = "portal/lookup.html"


def lookup(request: HttpRequest) -> HttpResponse:
    # The form posts, so the ID digits never reach a URL, a log line or the
    # browser history; a plain link with ?code= still shows the status.
    params = request.POST if request.method == "POST" else request.GET
    raw_code = params.get("code", "")
    if not raw_code.strip():
        return render(request, TEMPLATE, {"asked": False})
    if public_lookup_throttled(client_ip(request)):
        return _throttled(request)
    last4 = request.POST.get("id_last4", "")
    result = public_lookup(raw_code, id_last4=last4)
    context = {"asked": True, "code": clean_code(raw_code), "result": result}
    # Carried into the rating form only when it proved right.
    context["id_last4"] = last4 if result is not None and result.verified else ""
    return render(request, TEMPLATE, context)


def _throttled(request: HttpRequest) -> HttpResponse:
    response = render(request, TEMPLATE, {"asked": False, "throttled": True}, status=429)
    response["Retry-After"] = str(LOOKUP_WINDOW_SECONDS)
    return response


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    """The one-tap rating: each button of the form posts its value."""
    if public_lookup_throttled(client_ip(request)):
        return _throttled(request)
    code, last4 = request.POST.get("code", ""), request.POST.get("id_last4", "")
    context: dict[str, object] = {"asked": True, "code": clean_code(code)}
    status = 200
    try:
        dossier_rate(
            code=code,
            id_last4=last4,
            value=request.POST.get("value", ""),
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        context["rate_error"] = exc.message
        status = exc.status
    else:
        context["rate_thanks"] = _("Thank you: your rating has been recorded.")
    result = public_lookup(code, id_last4=last4)
    context["result"] = result
    context["id_last4"] = last4 if result is not None and result.verified else ""
    return render(request, TEMPLATE, context, status=status)

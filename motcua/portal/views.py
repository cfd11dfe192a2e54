"""Public pages: anyone may look a dossier up by its code and follow its progress."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.core.ratelimit import client_ip
from motcua.portal.selectors import (
    LOOKUP_WINDOW_SECONDS,
    clean_code,
    public_lookup,
    public_lookup_throttled,
)

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
    result = public_lookup(raw_code, id_last4=request.POST.get("id_last4", ""))
    return render(
        request, TEMPLATE, {"asked": True, "code": clean_code(raw_code), "result": result}
    )


def _throttled(request: HttpRequest) -> HttpResponse:
    response = render(request, TEMPLATE, {"asked": False, "throttled": True}, status=429)
    response["Retry-After"] = str(LOOKUP_WINDOW_SECONDS)
    return response

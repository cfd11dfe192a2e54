"""Public pages: anyone may look a dossier up by its code and see its masked status."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.portal.selectors import public_lookup

MAX_CODE = 64


def lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()[:MAX_CODE]
    return render(
        request,
        "portal/lookup.html",
        {
            "code": code,
            "result": public_lookup(code) if code else None,
        },
    )

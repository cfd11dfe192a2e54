"""What anyone may ask without an account: the progress of a dossier."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params.functions import Path as PathParam
from ninja.params.functions import Query as QueryParam

from motcua.api.schemas import ErrorOut, PublicDossierOut
from motcua.core.errors import NotFound
from motcua.core.ratelimit import client_ip
from motcua.portal.selectors import LOOKUP_WINDOW_SECONDS, public_lookup, public_lookup_throttled

router = Router(tags=["public"], auth=None)

# Not bounded here: control characters and over-long codes answer 404 like any
# unknown code (the selector refuses them before the database sees them).
PublicCode = Annotated[str, PathParam(..., description="The dossier code, as on the receipt.")]
IdLast4 = Annotated[
    str,
    QueryParam(
        "",
        description="Last 4 digits of the applicant's ID number or tax code. "
        "When right, the answer also names the procedure and the (masked) applicant; "
        "when wrong, the answer is the same as without it.",
    ),
]


@router.get(
    "/lookup/{code}",
    response={200: PublicDossierOut, 404: ErrorOut, 429: ErrorOut},
    summary="Look up a dossier by its code",
)
def public_lookup_get(
    request: HttpRequest, response: HttpResponse, code: PublicCode, id_last4: IdLast4 = ""
) -> PublicDossierOut | Status[ErrorOut]:
    """Status and dates of the dossier; the same limit per address as the public page."""
    if public_lookup_throttled(client_ip(request)):
        response["Retry-After"] = str(LOOKUP_WINDOW_SECONDS)
        detail = _("You have looked up too many times; please try again in a minute.")
        return Status(429, ErrorOut(detail=detail))
    found = public_lookup(code, id_last4=id_last4)
    if found is None:
        raise NotFound(_("No dossier with this code."))
    return PublicDossierOut.of(found)

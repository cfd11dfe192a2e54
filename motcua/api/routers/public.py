"""What anyone may ask without an account: the masked status of a dossier."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.throttling import AnonRateThrottle

from motcua.api.schemas import DossierCode, ErrorOut, PublicDossierOut
from motcua.core.errors import NotFound
from motcua.portal.selectors import public_lookup

router = Router(tags=["public"], auth=None)


# Codes are sequential, so the rate is bounded against walking through them.
@router.get(
    "/lookup/{code}",
    response={200: PublicDossierOut, 404: ErrorOut, 429: ErrorOut},
    throttle=[AnonRateThrottle("60/m")],
    summary="Look up a dossier by its code",
)
def public_lookup_get(request: HttpRequest, code: DossierCode) -> PublicDossierOut:
    """Status and dates of the dossier; the applicant's name and ID number are masked."""
    found = public_lookup(code)
    if found is None:
        raise NotFound(_("No dossier with this code."))
    return PublicDossierOut.of(found)

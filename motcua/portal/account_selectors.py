"""Reads for the signed-in citizen's pages (``portal.account``).

Kept apart from ``portal.selectors`` (the public lookup) while both grow; one
module once they settle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from motcua.citizens.models import Citizen
from motcua.dossiers.models import Dossier

MAX_LISTED = 200


@dataclass(frozen=True)
class CitizenDossierRow:
    code: str
    procedure: str
    status: str
    status_label: str
    received_at: datetime
    promised_at: datetime


def citizen_of(user: Any) -> Citizen | None:
    """The citizen account of the signed-in user, or None (anonymous, officer, other)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Citizen.objects.filter(user=user).first()


def citizen_dossier_list(citizen: Citizen) -> list[CitizenDossierRow]:
    """The citizen's own dossiers (applicant ID number is theirs), newest first; one query."""
    rows = (
        Dossier.objects.filter(applicant_id=citizen.id_number)
        .select_related("procedure")
        .only(
            "code",
            "status",
            "received_at",
            "due_at",
            "extended_due_at",
            "procedure__name",
        )
        .order_by("-received_at", "-pk")[:MAX_LISTED]
    )
    return [
        CitizenDossierRow(
            code=d.code,
            procedure=d.procedure.name,
            status=d.status,
            status_label=d.get_status_display(),
            received_at=d.received_at,
            promised_at=d.promised_at,
        )
        for d in rows
    ]

"""What the public may read about a dossier: status and dates, personal data masked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from motcua.dossiers.models import Dossier


def mask_name(name: str) -> str:
    """Keep the family name, reduce the rest to initials: "Nguyễn Văn Hùng" → "Nguyễn V. H."."""
    parts = name.split()
    if len(parts) <= 1:
        return (name[:1] + "***") if name else ""
    return " ".join([parts[0], *(p[0] + "." for p in parts[1:])])


def mask_id(identifier: str) -> str:
    return ("*" * max(len(identifier) - 3, 0)) + identifier[-3:]


@dataclass(frozen=True)
class PublicDossier:
    code: str
    procedure: str
    status: str
    status_label: str
    applicant: str
    applicant_id: str
    receiving_agency: str
    received_at: datetime
    due_at: datetime
    finished_at: datetime | None
    returned: bool


def public_lookup(code: str) -> PublicDossier | None:
    """The masked public view of the dossier with exactly this code, or None."""
    code = code.strip()
    if not code or len(code) > 64:
        return None
    dossier = (
        Dossier.objects.select_related("procedure", "receiving_agency").filter(code=code).first()
    )
    if dossier is None:
        return None
    return PublicDossier(
        code=dossier.code,
        procedure=dossier.procedure.name,
        status=dossier.status,
        status_label=str(dossier.get_status_display()),
        applicant=mask_name(dossier.applicant_name),
        applicant_id=mask_id(dossier.applicant_id),
        receiving_agency=dossier.receiving_agency.name,
        received_at=dossier.received_at,
        due_at=dossier.promised_at,
        finished_at=dossier.finished_at,
        returned=dossier.status == "returned",
    )

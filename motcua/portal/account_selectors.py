"""Reads for the signed-in citizen's pages (``portal.account``).

Kept apart from ``portal.selectors`` (the public lookup) while both grow; one
module once they settle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.citizens.models import Citizen
from motcua.core.errors import NotFound
from motcua.dossiers.models import (
    FINISHED_STATUSES,
    Dossier,
    DossierBundle,
    DossierDocument,
    DossierRating,
    ResultFile,
    Status,
)
from motcua.dossiers.templatetags.dossier_tags import vn_datetime
from motcua.dossiers.transitions import BY_ACTION
from motcua.portal.models import OnlineDraft

RECEIVED_LABEL = gettext_lazy("Received")

MAX_LISTED = 200


@dataclass(frozen=True)
class CitizenDossierRow:
    code: str
    procedure: str
    status: str
    status_label: str
    received_at: datetime
    promised_at: datetime
    bundle_code: str = ""  # the bundle filing it is part of, if any


def citizen_of(user: Any) -> Citizen | None:
    """The citizen account of the signed-in user, or None (anonymous, officer, other)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Citizen.objects.filter(user=user).first()


def citizen_dossier_list(citizen: Citizen) -> list[CitizenDossierRow]:
    """The citizen's own dossiers (applicant ID number is theirs), newest first; one query."""
    rows = (
        Dossier.objects.filter(applicant_id=citizen.id_number)
        .select_related("procedure", "part_of")
        .only(
            "code",
            "status",
            "received_at",
            "due_at",
            "extended_due_at",
            "procedure__name",
            "part_of__code",
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
            bundle_code=d.part_of.code if d.part_of else "",
        )
        for d in rows
    ]


# --- one of the citizen's own dossiers ----------------------------------------------


@dataclass(frozen=True)
class TimelineRow:
    at: datetime
    label: str
    agency: str
    details: list[str]  # what the citizen must know: missing items, reasons, new date


@dataclass(frozen=True)
class MyDossier:
    dossier: Dossier
    timeline: list[TimelineRow]
    results: list[ResultFile]  # downloadable once the result is ready
    rating: DossierRating | None
    may_rate: bool
    # While a supplement is asked: the checklist, and the files sent since the request.
    items: list[DossierDocument] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)


def citizen_dossier_get(*, citizen: Citizen | None, code: str) -> Dossier:
    """One of the citizen's own dossiers; anyone else's (or none) is "not found"."""
    dossier = (
        Dossier.objects.select_related("procedure", "receiving_agency", "current_agency")
        .filter(code=code[:64])
        .first()
        if citizen is not None
        else None
    )
    if dossier is None or citizen is None or dossier.applicant_id != citizen.id_number:
        raise NotFound(_("You have no dossier with this code."))
    return dossier


def _details(data: dict[str, Any], note: str) -> list[str]:
    details = []
    missing = data.get("missing")
    if isinstance(missing, list) and missing:
        details.append(_("Missing: %(items)s") % {"items": "; ".join(str(m) for m in missing)})
    for key in ("reason",):
        if data.get(key):
            details.append(str(data[key]))
    if data.get("new_due_at"):
        try:
            new = datetime.fromisoformat(str(data["new_due_at"]))
            details.append(_("New date: %(at)s") % {"at": vn_datetime(new)})
        except ValueError:
            pass
    if note:
        details.append(note)
    return details


def my_dossier(*, citizen: Citizen | None, code: str) -> MyDossier:
    """The citizen's view of their dossier: status, timeline, results, rating (five queries)."""
    dossier = citizen_dossier_get(citizen=citizen, code=code)
    history = dossier.history.select_related("agency").order_by("at", "pk")
    timeline = [
        TimelineRow(
            at=row.at,
            label=str(BY_ACTION[row.action].label)
            if row.action in BY_ACTION
            else str(RECEIVED_LABEL if row.action == "receive" else row.action),
            agency=row.agency.name if row.agency else "",
            details=_details(row.data or {}, row.note),
        )
        for row in history
    ]
    ready = dossier.status in FINISHED_STATUSES
    results = (
        list(ResultFile.objects.filter(dossier=dossier).order_by("uploaded_at")) if ready else []
    )
    rating = DossierRating.objects.filter(dossier=dossier).first()
    items: list[DossierDocument] = []
    sent: list[str] = []
    if dossier.status == Status.SUPPLEMENT_REQUESTED:
        items = list(dossier.documents.order_by("pk"))
        asked = max((r.at for r in history if r.action == "request_supplement"), default=None)
        if asked is not None:
            sent = list(
                dossier.scans.filter(created_at__gte=asked)
                .order_by("pk")
                .values_list("original_name", flat=True)
            )
    return MyDossier(
        dossier=dossier,
        timeline=timeline,
        results=results,
        rating=rating,
        may_rate=rating is None and dossier.status == Status.RETURNED,
        items=items,
        sent=sent,
    )


def citizen_result_file(*, citizen: Citizen | None, code: str, file_id: int) -> ResultFile:
    """A result file of the citizen's own dossier, once the result is ready."""
    dossier = citizen_dossier_get(citizen=citizen, code=code)
    row = None
    if dossier.status in FINISHED_STATUSES and 0 < file_id < 2**63:
        row = ResultFile.objects.filter(dossier=dossier, pk=file_id).first()
    if row is None:
        raise NotFound(_("No such file."))
    return row


def citizen_drafts(citizen: Citizen) -> list[OnlineDraft]:
    """The citizen's drafts not yet submitted, latest first (one query)."""
    return list(
        OnlineDraft.objects.filter(citizen=citizen, submitted_at__isnull=True)
        .select_related("procedure", "bundle")
        .order_by("-updated_at")[:50]
    )


def citizen_filing_get(*, citizen: Citizen | None, code: str) -> DossierBundle:
    """One of the citizen's own bundle filings; anyone else's (or none) is "not found"."""
    filing = (
        DossierBundle.objects.select_related("bundle", "receiving_agency")
        .filter(code=code[:64])
        .first()
        if citizen is not None
        else None
    )
    if filing is None or citizen is None or filing.applicant_id != citizen.id_number:
        raise NotFound(_("You have no dossier with this code."))
    return filing

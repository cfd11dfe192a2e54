"""Electronic results: the signed PDF of a decision, attached to its dossier.

A dossier "has an electronic result" (Decision 766, digitization) when a
result file is attached; the citizen downloads it from the portal. The file
goes through the same checks as every upload (``checks.inspect_upload``) and
must be a PDF.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import audit_record
from motcua.core.errors import NotFound, TransitionNotAllowed
from motcua.digitization.checks import ScanRefused, inspect_upload
from motcua.dossiers.access import get_dossier_for_officer, officer_of
from motcua.dossiers.models import Dossier, ResultFile, Status
from motcua.dossiers.services import ActionForbidden
from motcua.units.models import Role

# Who attaches the result: the leader who signs it, the clerk who issues it,
# the specialist who drafted it — of the agency that holds the dossier.
RESULT_ROLES = frozenset({Role.LEADER, Role.CLERK, Role.SPECIALIST})
# From approval until it is handed over.
RESULT_STATUSES = frozenset({Status.APPROVED, Status.SIGNED, Status.RESULT_READY})


def result_files(*, dossier: Dossier) -> QuerySet[ResultFile]:
    return ResultFile.objects.filter(dossier=dossier).order_by("uploaded_at", "pk")


def result_file_get(*, dossier: Dossier, file_id: int) -> ResultFile | None:
    if not 0 < file_id < 2**63:
        return None
    return ResultFile.objects.filter(dossier=dossier, pk=file_id).first()


def result_attach(
    *, actor: Any, dossier_code: str, data: bytes, filename: str, at: datetime | None = None
) -> ResultFile:
    """Check the PDF, store it, attach it to the dossier; nothing is kept when refused."""
    dossier = get_dossier_for_officer(user=actor, code=dossier_code)
    _check_may_attach(actor, dossier)
    inspection = inspect_upload(data, filename=filename)
    if inspection.detected_type != "pdf":
        raise ScanRefused(_("An electronic result must be a PDF file."))
    month = timezone.localtime().strftime("%Y/%m")
    name = default_storage.save(f"results/{month}/{inspection.sha256[:32]}.pdf", ContentFile(data))
    try:
        return _create_row(
            actor,
            dossier_code,
            name,
            Path(filename).name[:255] or "result.pdf",
            inspection.sha256,
            inspection.size,
            inspection.citizen_signed,
            at or timezone.now(),
        )
    except BaseException:
        default_storage.delete(name)  # no row, so no file either
        raise


def _check_may_attach(actor: Any, dossier: Dossier) -> None:
    officer = officer_of(actor)
    if officer is None or officer.role not in RESULT_ROLES:
        raise ActionForbidden(_("Only a specialist, leader or clerk attaches the result."))
    if officer.agency_id != dossier.current_agency_id:
        raise ActionForbidden(_("Only the agency that holds the dossier attaches the result."))
    if dossier.status not in RESULT_STATUSES:
        raise TransitionNotAllowed(
            _("The result can be attached once the dossier is approved, until it is returned.")
        )


@transaction.atomic
def _create_row(
    actor: Any,
    dossier_code: str,
    name: str,
    filename: str,
    sha256: str,
    size: int,
    signed: bool,
    at: datetime,
) -> ResultFile:
    # Checked again under the dossier's lock: it may have moved on meanwhile.
    dossier = get_dossier_for_officer(user=actor, code=dossier_code, for_update=True)
    _check_may_attach(actor, dossier)
    if ResultFile.objects.filter(dossier=dossier, sha256=sha256).exists():
        raise TransitionNotAllowed(_("This file is already attached as the result."))
    row = ResultFile.objects.create(
        dossier=dossier,
        file=name,
        name=filename,
        sha256=sha256,
        size=size,
        signed=signed,
        uploaded_at=at,
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action="result.attach",
        object_type="dossier",
        object_id=dossier.code,
        data={"file": row.pk, "sha256": sha256, "signed": signed},
    )
    return row


def result_file_for_officer(*, actor: Any, dossier_code: str, file_id: int) -> ResultFile:
    """A result file of a dossier the officer may see; NotFound otherwise."""
    dossier = get_dossier_for_officer(user=actor, code=dossier_code)
    row = result_file_get(dossier=dossier, file_id=file_id)
    if row is None:
        raise NotFound(_("No such file."))
    return row

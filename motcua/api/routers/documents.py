"""Digitized documents of a dossier: upload (multipart) and their progress."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status, codes_4xx

from motcua.api.auth import OFFICER_AUTH, request_actor
from motcua.api.schemas import DossierCode, ErrorOut, VnDatetime
from motcua.core.errors import DomainError
from motcua.digitization.models import ScannedDocument
from motcua.digitization.selectors import scan_list
from motcua.digitization.services import scan_upload
from motcua.dossiers.access import get_dossier_for_officer

router = Router(tags=["digitization"], auth=OFFICER_AUTH)


class PageOut(Schema):
    number: int
    dpi: int
    is_colour: bool
    ocr_confidence: float | None
    flags: list[dict[str, object]]


class ScanOut(Schema):
    id: int
    checklist_item_id: int | None
    original_name: str
    original_sha256: str
    archival_sha256: str
    detected_type: str
    page_count: int
    born_digital: bool
    citizen_signed: bool
    status: str
    step: str
    progress: int
    error: str
    created_at: VnDatetime
    pages: list[PageOut]

    @classmethod
    def of(cls, scan: ScannedDocument) -> ScanOut:
        return cls(
            id=scan.pk,
            checklist_item_id=scan.dossier_document_id,
            original_name=scan.original_name,
            original_sha256=scan.original_sha256,
            archival_sha256=scan.archival_sha256,
            detected_type=scan.detected_type,
            page_count=scan.page_count,
            born_digital=scan.born_digital,
            citizen_signed=scan.citizen_signed,
            status=scan.status,
            step=scan.step,
            progress=scan.progress,
            error=scan.error,
            created_at=scan.created_at,
            pages=[PageOut.model_validate(p, from_attributes=True) for p in scan.pages.all()],
        )


@router.post(
    "/{code}/documents",
    response={201: ScanOut, codes_4xx: ErrorOut},
    summary="Upload a scan or file for a dossier; digitization starts after the upload",
)
def documents_upload(
    request: HttpRequest,
    code: DossierCode,
    file: File[UploadedFile],
    checklist_item_id: Form[int | None] = None,
) -> Status[ScanOut]:
    actor = request_actor(request)
    if file.size is None or file.size > settings.MOTCUA_SCAN_MAX_BYTES:
        raise DomainError(
            _("The file is larger than %(mb)s MB.")
            % {"mb": settings.MOTCUA_SCAN_MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    scan = scan_upload(
        actor=actor,
        dossier_code=code,
        data=file.read(),
        filename=file.name or "upload",
        checklist_item_id=checklist_item_id,
    )
    return Status(201, ScanOut.of(scan))


@router.get(
    "/{code}/documents",
    response={200: list[ScanOut], codes_4xx: ErrorOut},
    summary="The dossier's digitized documents, with step and progress",
)
def documents_list(request: HttpRequest, code: DossierCode) -> list[ScanOut]:
    dossier = get_dossier_for_officer(user=request_actor(request), code=code)
    return [ScanOut.of(scan) for scan in scan_list(dossier=dossier)]

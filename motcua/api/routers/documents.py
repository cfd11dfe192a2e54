"""Digitized documents of a dossier: upload (multipart), their progress, their files."""

from __future__ import annotations

from typing import Annotated

from django.conf import settings
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.params.functions import Path as PathParam
from ninja.responses import Status, codes_4xx

from motcua.api.auth import OFFICER_AUTH, request_actor
from motcua.api.schemas import DossierCode, ErrorOut, VnDatetime
from motcua.core.errors import DomainError, NotFound
from motcua.digitization.models import ScannedDocument
from motcua.digitization.selectors import scan_get, scan_list
from motcua.digitization.services import scan_upload
from motcua.dossiers.access import get_dossier_for_officer

router = Router(tags=["digitization"], auth=OFFICER_AUTH)

# Bounded so that an id past the databases' 64-bit integers answers 404, not a crash.
DocumentId = Annotated[int, PathParam(..., ge=1, le=2**63 - 1)]


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


@router.get(
    "/{code}/documents/{document_id}/download",
    response={codes_4xx: ErrorOut},
    url_name="documents_download",
    summary="The file of a digitized document: its PDF/A copy, or the original",
    description="The PDF/A copy once digitization has made it, the original until then; "
    "`original=true` always gives the original, as uploaded.",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file",
                "content": {"application/pdf": {}, "application/octet-stream": {}},
            }
        }
    },
)
def documents_download(
    request: HttpRequest, code: DossierCode, document_id: DocumentId, original: bool = False
) -> FileResponse:
    dossier = get_dossier_for_officer(user=request_actor(request), code=code)
    scan = scan_get(dossier=dossier, document_id=document_id)
    if scan is None:
        raise NotFound(_("No such file."))
    if original or not scan.archival:
        return FileResponse(
            scan.original.open("rb"), as_attachment=True, filename=scan.original_name
        )
    return FileResponse(scan.archival.open("rb"), filename=f"{dossier.code}-{scan.pk}.pdf")

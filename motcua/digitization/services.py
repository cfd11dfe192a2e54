"""Every change of a scanned document: upload (original stored) and processing."""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.core.audit import audit_record
from motcua.core.errors import DomainError, NotFound
from motcua.core.jobs import enqueue
from motcua.digitization.checks import Inspection, inspect_upload
from motcua.digitization.models import ScannedDocument, ScannedPage, ScanStatus
from motcua.digitization.pipeline import STEPS, Context, QualityRefused, ScanConfig, StepError
from motcua.digitization.pipeline import run_steps as run_pipeline
from motcua.dossiers.access import get_dossier_for_officer, officer_of
from motcua.dossiers.models import Dossier, DossierDocument, Status
from motcua.dossiers.services import ActionForbidden
from motcua.units.models import Role

logger = logging.getLogger(__name__)

# Officers who digitize: the counter receiving the file, the specialist handling it.
SCANNING_ROLES = frozenset({Role.COUNTER, Role.SPECIALIST})
# Nothing left to do: a re-run returns the row as it is.
FINAL_STATUSES = frozenset({ScanStatus.DONE, ScanStatus.REFUSED})
CRASH_MESSAGE = gettext_noop("Processing stopped unexpectedly; it can be run again.")


# --- upload ---------------------------------------------------------------------


def scan_upload(
    *,
    actor: Any,
    dossier_code: str,
    data: bytes,
    filename: str,
    checklist_item_id: int | None = None,
) -> ScannedDocument:
    """Check the file, then store the original untouched and queue it.

    A refused file (ScanRefused) stores nothing: no row, no file.
    """
    dossier = get_dossier_for_officer(user=actor, code=dossier_code)
    officer = officer_of(actor)
    if officer is None or officer.role not in SCANNING_ROLES:
        raise ActionForbidden(_("Only counter officers and specialists digitize documents."))
    item = _checklist_item(dossier, checklist_item_id)
    inspection = inspect_upload(data, filename=filename)
    name = default_storage.save(_original_key(inspection), ContentFile(data))
    try:
        return _create_row(actor, dossier, item, name, filename, inspection)
    except BaseException:
        # The row was not written: the file must not stay behind as an orphan.
        default_storage.delete(name)
        raise


# Where the applicant's own files are accepted: the filing itself, a supplement asked for.
APPLICANT_UPLOAD_STATUSES = frozenset({Status.RECEIVED, Status.SUPPLEMENT_REQUESTED})


def scan_add_from_applicant(
    *, actor: Any, dossier: Dossier, item: DossierDocument | None, data: bytes, filename: str
) -> ScannedDocument:
    """A file the applicant sent online for ``dossier`` (which the caller made sure is
    theirs): the same checks, storage and processing as a scan made at the counter."""
    if dossier.status not in APPLICANT_UPLOAD_STATUSES:
        raise DomainError(_("Files can be sent only with the dossier or for a supplement."))
    if item is not None and item.dossier_id != dossier.pk:
        raise NotFound(_("This dossier has no such checklist item."), field="checklist_item")
    inspection = inspect_upload(data, filename=filename)
    name = default_storage.save(_original_key(inspection), ContentFile(data))
    try:
        return _create_row(actor, dossier, item, name, filename, inspection)
    except BaseException:
        default_storage.delete(name)
        raise


def _original_key(inspection: Inspection) -> str:
    # Named by content, never by the uploaded name (untrusted); the month folder as upload_to.
    month = timezone.localtime().strftime("%Y/%m")
    return f"originals/{month}/{inspection.sha256[:32]}.{inspection.detected_type}"


def _checklist_item(dossier: Dossier, item_id: int | None) -> DossierDocument | None:
    if item_id is None:
        return None
    # A number no key can have is no item (and must not reach the database:
    # SQLite refuses integers beyond 64 bits with an error, not an empty result).
    if not 0 < item_id < 2**63:
        raise NotFound(_("This dossier has no such checklist item."), field="checklist_item")
    item = DossierDocument.objects.filter(dossier=dossier, pk=item_id).first()
    if item is None:
        raise NotFound(_("This dossier has no such checklist item."), field="checklist_item")
    return item


@transaction.atomic
def _create_row(
    actor: Any,
    dossier: Dossier,
    item: DossierDocument | None,
    name: str,
    filename: str,
    inspection: Inspection,
) -> ScannedDocument:
    document = ScannedDocument.objects.create(
        dossier=dossier,
        dossier_document=item,
        original=name,
        original_name=Path(filename).name[:255],
        original_sha256=inspection.sha256,
        original_size=inspection.size,
        detected_type=inspection.detected_type,
        page_count=inspection.page_count,
        born_digital=inspection.born_digital,
        citizen_signed=inspection.citizen_signed,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="scan_upload",
        object_type="scanned_document",
        object_id=document.pk,
        data={
            "dossier": dossier.code,
            "sha256": inspection.sha256,
            "type": inspection.detected_type,
            "pages": inspection.page_count,
        },
    )
    _enqueue_processing(document.pk)
    return document


def _enqueue_processing(document_id: int) -> None:
    from motcua.digitization.tasks import scan_process_task  # tasks import this module

    enqueue(scan_process_task, document_id=document_id)


@transaction.atomic
def scan_retry(*, actor: Any, dossier_code: str, document_id: int) -> ScannedDocument:
    """Queue a failed document again (an engine error, a crash): the officer's "run again"."""
    dossier = get_dossier_for_officer(user=actor, code=dossier_code)
    officer = officer_of(actor)
    if officer is None or officer.role not in SCANNING_ROLES:
        raise ActionForbidden(_("Only counter officers and specialists digitize documents."))
    document = (
        ScannedDocument.objects.select_for_update().filter(pk=document_id, dossier=dossier).first()
    )
    if document is None:
        raise NotFound(_("No such file."))
    if document.status != ScanStatus.FAILED:
        raise DomainError(_("Only a document whose processing failed can be run again."))
    document.status, document.error, document.claimed_until = ScanStatus.QUEUED, "", None
    document.step, document.progress = "", 0
    document.save()
    audit_record(
        actor=actor,
        action="scan_retry",
        object_type="scanned_document",
        object_id=document.pk,
        data={"dossier": dossier.code},
    )
    _enqueue_processing(document.pk)
    return document


def scan_resume_pending() -> int:
    """Queue again the documents whose job was lost (a restart, a failed publish).

    Those are the ones not finished whose lease, if any, has run out; running
    one twice is harmless (``scan_process`` claims before it works).
    """
    now = timezone.now()
    pending = (
        ScannedDocument.objects.filter(status__in=[ScanStatus.QUEUED, ScanStatus.PROCESSING])
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .values_list("pk", flat=True)
    )
    ids = list(pending)
    for document_id in ids:
        _enqueue_processing(document_id)
    return len(ids)


# --- processing -------------------------------------------------------------------


def scan_process(*, document_id: int) -> ScannedDocument:
    """Run the pipeline on a queued document; idempotent.

    A done (or refused) document is returned unchanged. Any other one starts
    over in a fresh temp dir: an attempt that died half-way left no half record,
    because pages, text and the archival file are recorded in one transaction at
    the end, and the archival key is the same on every attempt.
    """
    document = ScannedDocument.objects.get(pk=document_id)
    if document.status in FINAL_STATUSES:
        return document
    config = ScanConfig.from_settings()  # a bad setting fails before the row is touched
    if not _claim(document_id):
        return document  # another worker holds a live lease on it
    with tempfile.TemporaryDirectory(prefix=f"motcua-scan-{document_id}-") as tmp:
        ctx = _context(document, Path(tmp), config)
        try:
            run_pipeline(ctx, STEPS, on_step=partial(_report, document_id))
        except QualityRefused as exc:
            return _scan_stop(document_id, ScanStatus.REFUSED, exc.message)
        except StepError as exc:
            return _scan_stop(document_id, ScanStatus.FAILED, exc.message)
        except Exception:
            logger.exception("scan %s crashed", document_id)
            _scan_stop(document_id, ScanStatus.FAILED, _(CRASH_MESSAGE))
            raise
        try:
            return _scan_finish(document_id, ctx)
        except Exception:
            # The row was not updated (one transaction): drop the stored copy,
            # and say so on the row, which a retry or a resume picks up again.
            default_storage.delete(ctx.archival_name)
            logger.exception("scan %s could not be recorded", document_id)
            _scan_stop(document_id, ScanStatus.FAILED, _(CRASH_MESSAGE))
            raise


def _claim(document_id: int) -> bool:
    """Take the document for this attempt with a conditional update (one winner).

    The lease outlasts the job's time limit, so a worker that is still running
    keeps it; one that was killed loses it by the time its job is redelivered.
    """
    now = timezone.now()
    claimed = (
        ScannedDocument.objects.filter(pk=document_id)
        .exclude(status__in=FINAL_STATUSES)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(
            status=ScanStatus.PROCESSING,
            step="",
            progress=0,
            error="",
            updated_at=now,
            claimed_until=now + timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT),
        )
    )
    return claimed == 1


def archival_key(document: ScannedDocument) -> str:
    """The same key on every attempt, so a re-run overwrites rather than adds."""
    month = timezone.localtime(document.created_at).strftime("%Y/%m")
    return f"archival/{month}/{document.pk}-{document.original_sha256[:16]}.pdf"


def _context(document: ScannedDocument, workdir: Path, config: ScanConfig) -> Context:
    original = workdir / f"original.{document.detected_type}"
    with (
        default_storage.open(document.original.name or "", "rb") as source,
        original.open("wb") as out,
    ):
        for chunk in iter(lambda: source.read(1 << 20), b""):
            out.write(chunk)
    return Context(
        workdir=workdir,
        original=original,
        filename=document.original_name,
        expected_sha256=document.original_sha256,
        archival_key=archival_key(document),
        config=config,
        signer_code=document.dossier.receiving_agency.code,
    )


def _set(document_id: int, **fields: Any) -> None:
    ScannedDocument.objects.filter(pk=document_id).update(updated_at=timezone.now(), **fields)


def _report(document_id: int, step: str, progress: int) -> None:
    # A small update of its own, outside any transaction, so progress shows while it runs.
    _set(document_id, step=step, progress=progress)


@transaction.atomic
def _scan_stop(document_id: int, status: str, message: str) -> ScannedDocument:
    document = ScannedDocument.objects.select_for_update().get(pk=document_id)
    document.status, document.error, document.claimed_until = status, message, None
    document.save(update_fields=["status", "error", "claimed_until", "updated_at"])
    audit_record(
        actor=None,
        action=f"scan_{status}",
        object_type="scanned_document",
        object_id=document_id,
        data={"step": document.step, "error": message},
    )
    return document


@transaction.atomic
def _scan_finish(document_id: int, ctx: Context) -> ScannedDocument:
    document = ScannedDocument.objects.select_for_update().get(pk=document_id)
    ScannedPage.objects.filter(document=document).delete()
    ScannedPage.objects.bulk_create(
        ScannedPage(
            document=document,
            number=page.number,
            width_px=page.width_px,
            height_px=page.height_px,
            dpi=page.dpi,
            is_colour=page.is_colour,
            is_blank=page.is_blank,
            ocr_confidence=page.ocr_confidence,
            flags=page.flags,
        )
        for page in ctx.pages
    )
    document.archival.name = ctx.archival_name
    document.archival_sha256 = ctx.archival_sha256
    document.text = ctx.text
    document.unit_signed = ctx.unit_signed
    document.status, document.step, document.progress = ScanStatus.DONE, "", 100
    document.error, document.claimed_until = "", None
    document.save()
    from motcua.digitization.search import search_index  # local: keeps this edit in one place

    search_index(document)
    audit_record(
        actor=None,
        action="scan_done",
        object_type="scanned_document",
        object_id=document_id,
        data={"archival_sha256": ctx.archival_sha256, "pages": len(ctx.kept_pages)},
    )
    return document

"""Scanned documents (tài liệu số hóa) and their pages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierDocument


class ScanStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    PROCESSING = "processing", _("Processing")
    DONE = "done", _("Done")
    # Something went wrong (a broken file, an engine error, a crash): it may be run again.
    FAILED = "failed", _("Failed")
    # The scan does not meet the quality rules in "refuse" mode: it must be scanned again.
    REFUSED = "refused", _("Refused")


class DetectedType(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    TIFF = "tiff", "TIFF"


class ScannedDocument(models.Model):
    """Tài liệu số hóa: one uploaded file, its untouched original and its archival PDF/A.

    The original is stored as uploaded, with its SHA-256, before any processing;
    the archival rendition, the text and the pages are written together when
    processing ends (``digitization.services.scan_process``).
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="scans")
    dossier_document = models.ForeignKey(
        DossierDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scans",
        verbose_name=_("checklist item"),
    )
    original = models.FileField(_("original file"), upload_to="originals/%Y/%m/", max_length=255)
    original_name = models.CharField(_("file name as uploaded"), max_length=255)
    original_sha256 = models.CharField(max_length=64)
    original_size = models.PositiveBigIntegerField(_("size (bytes)"))
    detected_type = models.CharField(_("type"), max_length=4, choices=DetectedType.choices)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    # Written under a key derived from the id and the original's hash, so a
    # re-run overwrites the same file rather than leaving a second one.
    archival = models.FileField(_("archival PDF/A"), max_length=255, blank=True, default="")
    archival_sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(_("text"), blank=True)
    born_digital = models.BooleanField(_("born digital"), default=False)
    citizen_signed = models.BooleanField(_("signed by the citizen"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ScanStatus.choices, default=ScanStatus.QUEUED
    )
    step = models.CharField(_("step"), max_length=32, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    unit_signed = models.BooleanField(_("signed by the one-stop unit"), default=False)
    # The lease of the worker processing the document: another worker (or a
    # redelivered job) may take it over only when the lease has run out.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["dossier", "id"]
        indexes = [models.Index(fields=["status", "updated_at"])]
        verbose_name = _("scanned document")
        verbose_name_plural = _("scanned documents")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.original_name}"


class ScannedPage(models.Model):
    """A page of the original as measured; ``number`` counts pages of the original.

    ``flags`` is a list of ``{"code": ..., "value": ...}`` for the officer:
    ``low_dpi`` (measured dpi), ``grayscale`` (the image mode), ``low_confidence``
    (OCR confidence), ``blank_dropped`` (the page is not in the archival copy).
    """

    document = models.ForeignKey(ScannedDocument, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(_("page"))
    width_px = models.PositiveIntegerField(default=0)
    height_px = models.PositiveIntegerField(default=0)
    # 0 where nothing was scanned (a born-digital page has no resolution).
    dpi = models.PositiveIntegerField(_("resolution (dpi)"), default=0)
    is_colour = models.BooleanField(_("colour"), default=False)
    is_blank = models.BooleanField(_("blank"), default=False)
    ocr_confidence = models.FloatField(_("OCR confidence"), null=True, blank=True)
    flags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="uniq_scanned_page")
        ]
        verbose_name = _("scanned page")
        verbose_name_plural = _("scanned pages")

    def __str__(self) -> str:
        return f"{self.document_id} p{self.number}"

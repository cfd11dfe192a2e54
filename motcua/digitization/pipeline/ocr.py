"""The OCR engine behind a Protocol.

Two implementations, both Tesseract ``vie``:

- ``TesseractEngine``, the default, for scanned pages (each page one image,
  which is what scanners and the normalise step produce): every page goes
  straight to Tesseract, pages in parallel, and the archival PDF/A is
  assembled with pikepdf around the scanner's own image bytes. Measured
  against OCRmyPDF in ``bench/ocr.py`` (docs/benchmarks.md).
- ``OcrmypdfEngine``, for everything else: PDFs that already carry text
  (born-digital, or mixed with scanned pages) and pages that are not a
  single image. ``TesseractEngine`` hands those to it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import ocrmypdf
from django.utils.translation import gettext as _
from ocrmypdf import exceptions as ocr_errors

from motcua.digitization.pipeline.base import StepError
from motcua.digitization.pipeline.ocr_plugin import HOCR_FOLDER

# "vie" alone: with "vie+eng" Tesseract drops Vietnamese diacritics on many words.
LANGUAGE = "vie"
PLUGIN = "motcua.digitization.pipeline.ocr_plugin"
WORD_CONFIDENCE = re.compile(r"class=['\"]ocrx_word['\"][^>]*?x_wconf (\d+)")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OcrOutput:
    """Per page of the output: Tesseract's text and mean word confidence, None if not OCR'd."""

    texts: list[str | None]
    confidences: list[float | None]


class OcrEngine(Protocol):
    def to_pdfa(
        self, source: Path, target: Path, *, page_count: int, keep_text: bool, jobs: int
    ) -> OcrOutput:
        """Write ``target``, a searchable PDF/A of the PDF ``source``.

        ``keep_text``: pages that already carry text are kept as they are,
        not rasterised again.
        """
        ...


class OcrmypdfEngine:
    def to_pdfa(
        self, source: Path, target: Path, *, page_count: int, keep_text: bool, jobs: int
    ) -> OcrOutput:
        sidecar = target.parent / "sidecar.txt"
        options: dict[str, Any] = {
            "language": [LANGUAGE],
            "output_type": "pdfa",
            "rotate_pages": True,
            "deskew": True,
            "skip_text": keep_text,
            "sidecar": sidecar,
            "jobs": jobs,
            "progress_bar": False,
            "plugins": [PLUGIN],
            # Ghostscript 10.0.0 (Debian 12) corrupts existing text, so OCRmyPDF
            # refuses it with skip_text; its own pikepdf-based PDF/A conversion
            # leaves text pages as they are.
            "pdfa_backend": "internal" if keep_text else "auto",
        }
        try:
            try:
                ocrmypdf.ocr(source, target, **options)
            except ocr_errors.PdfaConversionFailedError:
                if not keep_text:
                    raise
                # Some born-digital PDFs cannot be proven PDF/A; Decree 30/2020 asks
                # for PDF 1.4 or later, so a plain PDF with its text intact will do.
                logger.warning("%s: PDF/A not possible, keeping a plain PDF", source.name)
                ocrmypdf.ocr(source, target, **{**options, "output_type": "pdf"})
        except ocr_errors.ExitCodeException as exc:
            logger.warning("OCRmyPDF refused %s: %s", source.name, exc)
            raise StepError(_ocr_message(exc)) from exc
        texts = _sidecar_pages(sidecar, page_count)
        return OcrOutput(texts, _confidences(target.parent / HOCR_FOLDER, page_count))


def _ocr_message(exc: ocr_errors.ExitCodeException) -> str:
    if isinstance(exc, ocr_errors.EncryptedPdfError):
        return _("The PDF is encrypted and cannot be processed.")
    if isinstance(exc, ocr_errors.PdfaConversionFailedError):
        return _("The PDF cannot be converted to PDF/A (for example, its fonts are not embedded).")
    if isinstance(exc, ocr_errors.InputFileError):
        return _("The file cannot be read for text recognition.")
    return _("Text recognition failed (%(kind)s).") % {"kind": type(exc).__name__}


def _sidecar_pages(sidecar: Path, page_count: int) -> list[str | None]:
    """OCRmyPDF separates pages with a form feed and marks the pages it skipped."""
    chunks = sidecar.read_text(encoding="utf-8").split("\f") if sidecar.exists() else []
    texts: list[str | None] = []
    for index in range(page_count):
        chunk = chunks[index] if index < len(chunks) else ""
        texts.append(None if chunk.lstrip().startswith("[OCR skipped") else chunk.strip())
    return texts


def _confidences(folder: Path, page_count: int) -> list[float | None]:
    found: list[float | None] = [None] * page_count
    for path in folder.glob("*_ocr_hocr.hocr") if folder.is_dir() else ():
        index = int(path.name.split("_", 1)[0]) - 1
        if 0 <= index < page_count:
            found[index] = hocr_confidence(path.read_text(encoding="utf-8"))
    return found


def hocr_confidence(hocr: str) -> float | None:
    """Mean of Tesseract's word confidences (0–100); None for a page without words."""
    values = [int(value) for value in WORD_CONFIDENCE.findall(hocr)]
    return round(sum(values) / len(values), 1) if values else None

"""The steps, in order: check → normalise → quality → ocr_pdfa → extract_text → sign → store.

Contracts (what each step needs from the context and leaves in it):
- check: ``original`` → ``inspection``; the original matches its recorded SHA-256.
- normalise: → ``pages`` measured, blank pages dropped, ``normalised`` (one PDF).
- quality: → the scan rules' flags per page (resolution, colour); in "refuse"
  mode QualityRefused, before any OCR time is spent on a scan to be redone.
- ocr_pdfa: → ``archival`` (PDF/A), Tesseract's per-page text and confidence;
  a citizen-signed PDF is copied byte for byte instead.
- extract_text: → ``text`` in reading order, ``ocr_confidence`` per page, a
  ``low_confidence`` flag on a page Tesseract was unsure of (for a look).
- sign: → ``archival`` signed by the one-stop unit (PAdES, visible stamp at the
  top right, Decree 30/2020); a citizen-signed PDF is never altered.
- store: → the archival file in default storage under ``archival_key``, its SHA-256.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import img2pdf
import pikepdf
import pypdfium2
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageChops, ImageSequence

from motcua.digitization.checks import ScanRefused, inspect_upload
from motcua.digitization.pipeline.base import Context, PageInfo, QualityRefused, Step, StepError
from motcua.digitization.pipeline.tesseract import TesseractEngine
from motcua.signing.keys import SigningUnavailable
from motcua.signing.services import sign_pdf

# Pages are judged (blank, colour) on a small rendering: enough to see ink and hue.
PREVIEW_DPI = 50
PREVIEW_SIZE = (800, 800)
INK_LEVEL = 160  # grey level below which a pixel counts as ink
BLANK_INK_SHARE = 0.0005  # a page with less ink than this is blank (dust, scanner noise)
CHROMA_LEVEL = 32  # max-min of R, G, B above which a pixel has a hue
GREY_MODES = frozenset({"1", "L", "LA", "I", "I;16", "F"})


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- check ----------------------------------------------------------------------


class CheckStep:
    name, weight = "check", 5

    def run(self, ctx: Context) -> None:
        # The stored original is read again: storage is not trusted either.
        if sha256_of(ctx.original) != ctx.expected_sha256:
            raise StepError(_("The stored original does not match its SHA-256 checksum."))
        try:
            ctx.inspection = inspect_upload(
                ctx.original.read_bytes(), filename=ctx.filename, limits=ctx.config.limits
            )
        except ScanRefused as exc:
            raise StepError(exc.message) from exc


# --- normalise ------------------------------------------------------------------


def is_blank(image: Image.Image) -> bool:
    grey = image.convert("L")
    grey.thumbnail(PREVIEW_SIZE)
    histogram = grey.histogram()
    return sum(histogram[:INK_LEVEL]) < BLANK_INK_SHARE * grey.width * grey.height


def colour_share(image: Image.Image) -> float:
    """The share of pixels with a hue: 0 for a grey scan, even one saved as RGB."""
    if image.mode in GREY_MODES:
        return 0.0
    rgb = image.convert("RGB")
    rgb.thumbnail(PREVIEW_SIZE)
    red, green, blue = rgb.split()
    high = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    low = ImageChops.darker(ImageChops.darker(red, green), blue)
    histogram = ImageChops.subtract(high, low).histogram()
    return sum(histogram[CHROMA_LEVEL:]) / (rgb.width * rgb.height)


def _image_dpi(image: Image.Image) -> int:
    """The resolution the file declares; 0 when it declares none."""
    dpi = image.info.get("dpi")
    try:
        return round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        return 0


class NormaliseStep:
    """Images → one PDF at their own dpi; blank pages dropped (each flagged).

    Turning and deskewing are left to OCRmyPDF (``rotate_pages``, ``deskew``),
    which does them on the page images it OCRs.
    """

    name, weight = "normalise", 10

    def run(self, ctx: Context) -> None:
        if ctx.checked.detected_type == "pdf":
            self._pdf(ctx)
        else:
            self._images(ctx)
        if not ctx.kept_pages:
            raise StepError(_("Every page of the file is blank."))

    def _images(self, ctx: Context) -> None:
        kept: list[str] = []
        with Image.open(ctx.original) as image:
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                page = PageInfo(
                    number=number,
                    width_px=frame.width,
                    height_px=frame.height,
                    dpi=_image_dpi(frame),
                    colour_share=colour_share(frame),
                    is_blank=is_blank(frame),
                )
                ctx.pages.append(page)
                if page.is_blank:
                    page.flag("blank_dropped")
                    continue
                page.kept = len(kept) + 1
                kept.append(str(self._page_file(ctx, frame, page)))
        if kept:
            ctx.normalised = ctx.workdir / "normalised.pdf"
            ctx.normalised.write_bytes(img2pdf.convert(kept))

    def _page_file(self, ctx: Context, frame: Image.Image, page: PageInfo) -> Path:
        if ctx.checked.detected_type == "jpeg":
            return ctx.original  # a JPEG goes into the PDF as is, never re-compressed
        path = ctx.workdir / f"page-{page.number:04d}.png"
        if frame.mode not in ("1", "L", "RGB"):
            # img2pdf refuses transparency; a scan has none worth keeping.
            frame = _flatten(frame)
        frame.save(path, format="PNG", dpi=(page.dpi, page.dpi) if page.dpi else None)
        return path

    def _pdf(self, ctx: Context) -> None:
        document = pypdfium2.PdfDocument(ctx.original)
        try:
            for index, probe in enumerate(ctx.checked.pages):
                preview = document[index].render(scale=PREVIEW_DPI / 72).to_pil()
                width, height = probe.image_px or (0, 0)
                page = PageInfo(
                    number=index + 1,
                    width_px=width,
                    height_px=height,
                    dpi=0 if probe.born_digital else probe.image_dpi,
                    colour_share=colour_share(preview),
                    # A page with text is never blank, whatever its ink.
                    is_blank=not probe.has_text and is_blank(preview),
                    born_digital=probe.born_digital,
                    has_text=probe.has_text,
                )
                ctx.pages.append(page)
        finally:
            document.close()
        self._drop_blank_pdf_pages(ctx)

    def _drop_blank_pdf_pages(self, ctx: Context) -> None:
        if ctx.checked.citizen_signed:
            # A signed PDF is never altered, not even by dropping a page.
            for page in ctx.pages:
                page.kept = page.number
            ctx.normalised = ctx.original
            return
        ctx.normalised = ctx.workdir / "normalised.pdf"
        with pikepdf.open(ctx.original) as pdf:
            _drop_actions(pdf)
            for page in reversed(ctx.pages):
                if page.is_blank:
                    page.flag("blank_dropped")
                    del pdf.pages[page.number - 1]
            pdf.save(ctx.normalised)
        remaining = [page for page in ctx.pages if not page.is_blank]
        for kept, page in enumerate(remaining, start=1):
            page.kept = kept


def _drop_actions(pdf: pikepdf.Pdf) -> None:
    """Opening actions and scripts go: an untrusted file's script has no place in an
    archival copy, and PDF/A forbids them."""
    for key in ("/OpenAction", "/AA"):
        if key in pdf.Root:
            del pdf.Root[key]
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        del names["/JavaScript"]


def _flatten(frame: Image.Image) -> Image.Image:
    rgba = frame.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


# --- OCR to PDF/A -----------------------------------------------------------------


class OcrPdfaStep:
    name, weight = "ocr_pdfa", 60

    def run(self, ctx: Context) -> None:
        ctx.archival = ctx.workdir / "archival.pdf"
        if ctx.checked.citizen_signed:
            # The citizen's signature covers the bytes: any change would break it.
            shutil.copyfile(ctx.original, ctx.archival)
            return
        if ctx.normalised is None:
            raise RuntimeError("the normalise step has not run")
        engine = ctx.engine or TesseractEngine()
        output = engine.to_pdfa(
            ctx.normalised,
            ctx.archival,
            page_count=len(ctx.kept_pages),
            keep_text=ctx.checked.has_text,
            jobs=ctx.config.ocr_jobs,
        )
        ctx.page_texts, ctx.confidences = output.texts, output.confidences


# --- text -----------------------------------------------------------------------------


class ExtractTextStep:
    """Tesseract's own text for OCR'd pages: the PDF's text layer can come out of
    order on a skewed page. Pages that carried text keep theirs, read from the PDF."""

    name, weight = "extract_text", 5

    def run(self, ctx: Context) -> None:
        if ctx.archival is None:
            raise RuntimeError("the ocr_pdfa step has not run")
        document = pypdfium2.PdfDocument(ctx.archival)
        texts: list[str] = []
        try:
            for page in ctx.kept_pages:
                index = (page.kept or 0) - 1
                texts.append(self._page_text(ctx, document, index))
                if index < len(ctx.confidences):
                    page.ocr_confidence = ctx.confidences[index]
                confidence = page.ocr_confidence
                if confidence is not None and confidence < ctx.config.min_confidence:
                    page.flag("low_confidence", confidence)
        finally:
            document.close()
        ctx.text = "\f".join(texts)

    def _page_text(self, ctx: Context, document: Any, index: int) -> str:
        ocr_text = ctx.page_texts[index] if index < len(ctx.page_texts) else None
        if ocr_text is not None:
            return ocr_text
        textpage = document[index].get_textpage()
        try:
            return str(textpage.get_text_range()).replace("\r\n", "\n").strip()
        finally:
            textpage.close()


# --- quality ----------------------------------------------------------------------------


class QualityStep:
    """Decree 30/2020: colour, at least 200 dpi; measured on the pages as scanned."""

    name, weight = "quality", 5

    def run(self, ctx: Context) -> None:
        config, problems = ctx.config, []
        for page in ctx.kept_pages:
            if page.born_digital:
                continue  # nothing was scanned: no resolution, no scan mode
            if page.dpi < config.min_dpi:
                page.flag("low_dpi", page.dpi)
                problems.append(
                    _("Page %(page)s: %(dpi)s dpi, below the required %(min)s dpi.")
                    % {"page": page.number, "dpi": page.dpi, "min": config.min_dpi}
                )
            if config.require_colour and not page.is_colour:
                # The value: the share of pixels with a hue, in %.
                page.flag("grayscale", round(page.colour_share * 100, 3))
                problems.append(
                    _("Page %(page)s is scanned in grayscale; a colour scan is required.")
                    % {"page": page.number}
                )
        # A citizen-signed file cannot be scanned again by the officer: flags only.
        if problems and config.quality_mode == "refuse" and not ctx.checked.citizen_signed:
            raise QualityRefused(" ".join(problems))


# --- sign ----------------------------------------------------------------------------


class SignStep:
    """The unit's signature on the digitized copy ("Bản sao điện tử")."""

    name, weight = "sign", 5

    def run(self, ctx: Context) -> None:
        if ctx.archival is None:
            raise RuntimeError("the ocr_pdfa step has not run")
        if ctx.checked.citizen_signed:
            return  # the citizen's signed file is kept byte for byte
        try:
            signed = sign_pdf(pdf=ctx.archival.read_bytes(), agency_code=ctx.signer_code)
        except SigningUnavailable as exc:
            if ctx.config.require_signature:
                raise StepError(exc.message) from exc
            return
        target = ctx.workdir / "signed.pdf"
        target.write_bytes(signed)
        ctx.archival, ctx.unit_signed = target, True


# --- store --------------------------------------------------------------------------------


class StoreStep:
    """The archival file into default storage, under a key that a re-run overwrites."""

    name, weight = "store", 5

    def run(self, ctx: Context) -> None:
        if ctx.archival is None:
            raise RuntimeError("the ocr_pdfa step has not run")
        ctx.archival_sha256 = sha256_of(ctx.archival)
        if default_storage.exists(ctx.archival_key):
            default_storage.delete(ctx.archival_key)
        with ctx.archival.open("rb") as handle:
            name = default_storage.save(ctx.archival_key, File(handle))
        ctx.archival_name = name
        if name != ctx.archival_key:
            default_storage.delete(name)
            raise StepError(_("The archival file could not be stored under its name."))


STEPS: tuple[Step, ...] = (
    CheckStep(),
    NormaliseStep(),
    QualityStep(),
    OcrPdfaStep(),
    ExtractTextStep(),
    SignStep(),
    StoreStep(),
)

"""Checks of an uploaded file before anything is stored. Every input is untrusted.

The type comes from the content (magic bytes), never from the name. Size,
page count and pixel count are bounded; encrypted, broken and truncated files
are refused with a plain reason (``ScanRefused``).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageSequence, UnidentifiedImageError

from motcua.core.errors import DomainError

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF"}
# An image drawn over at least this share of the page makes it a scanned page.
FULL_PAGE_SHARE = 0.8


class ScanRefused(DomainError):
    """The file cannot be accepted; ``message`` says why, in plain words."""

    status = 422


@dataclass(frozen=True)
class ScanLimits:
    max_bytes: int
    max_pages: int
    max_pixels: int

    @classmethod
    def from_settings(cls) -> ScanLimits:
        return cls(
            max_bytes=getattr(settings, "MOTCUA_SCAN_MAX_BYTES", 50 * 1024 * 1024),
            max_pages=getattr(settings, "MOTCUA_SCAN_MAX_PAGES", 200),
            # Below Pillow's own bomb threshold (~89 Mpx), which stays on as a second guard.
            max_pixels=getattr(settings, "MOTCUA_SCAN_MAX_PIXELS", 80_000_000),
        )


@dataclass(frozen=True)
class PageProbe:
    """What a page holds, as far as can be told without OCR."""

    has_text: bool
    # The largest image on the page: pixel size and the resolution it is drawn at.
    image_px: tuple[int, int] | None = None
    image_dpi: int = 0
    full_page_image: bool = False

    @property
    def born_digital(self) -> bool:
        return self.has_text and not self.full_page_image


@dataclass(frozen=True)
class Inspection:
    detected_type: str
    size: int
    sha256: str
    page_count: int
    pages: tuple[PageProbe, ...] = ()
    citizen_signed: bool = False

    @property
    def born_digital(self) -> bool:
        """A PDF whose every page carries text and no full-page scan."""
        return bool(self.pages) and all(page.born_digital for page in self.pages)

    @property
    def has_text(self) -> bool:
        return any(page.has_text for page in self.pages)


def inspect_upload(data: bytes, *, filename: str, limits: ScanLimits | None = None) -> Inspection:
    """Sniff, bound and open ``data``; ScanRefused if it cannot be accepted.

    ``filename`` is only quoted in messages: the type comes from the content.
    """
    limits = limits or ScanLimits.from_settings()
    if not data:
        raise ScanRefused(_("The file “%(name)s” is empty.") % {"name": filename})
    if len(data) > limits.max_bytes:
        raise ScanRefused(
            _("The file is %(size)s MB; at most %(limit)s MB is accepted.")
            % {"size": _mb(len(data)), "limit": _mb(limits.max_bytes)}
        )
    kind = sniff_type(data)
    if kind is None:
        raise ScanRefused(
            _("“%(name)s” is not a PDF, JPEG, PNG or TIFF file (judged by its content).")
            % {"name": filename}
        )
    sha256 = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        pages, signed = _inspect_pdf(data, limits)
        return Inspection(kind, len(data), sha256, len(pages), pages, signed)
    count = _inspect_image(data, kind, limits)
    return Inspection(kind, len(data), sha256, count)


def sniff_type(data: bytes) -> str | None:
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


# --- images -------------------------------------------------------------------


def _inspect_image(data: bytes, kind: str, limits: ScanLimits) -> int:
    """Decode every frame once, so a truncated or bombed image is refused here."""
    count = 0
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its two thresholds; a warning is a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[PIL_FORMATS[kind]]) as image:
                for frame in ImageSequence.Iterator(image):
                    count += 1
                    _check_frame(frame, count, limits)
    except ScanRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ScanRefused(_bomb_message(limits)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ScanRefused(
            _("The image is damaged or incomplete and cannot be read (%(detail)s).")
            % {"detail": type(exc).__name__}
        ) from None
    return count


def _check_frame(frame: Image.Image, number: int, limits: ScanLimits) -> None:
    if number > limits.max_pages:
        raise ScanRefused(_too_many_pages(limits))
    width, height = frame.size
    # Checked before load(): the header's size is what a bomb lies about.
    if width * height > limits.max_pixels:
        raise ScanRefused(_bomb_message(limits))
    # WeasyPrint turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES when it
    # is imported (the forms use it); an upload must still be read strictly.
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        frame.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _bomb_message(limits: ScanLimits) -> str:
    return _(
        "The image is too large: more than %(limit)s million pixels per page "
        "(a possible decompression bomb)."
    ) % {"limit": limits.max_pixels // 1_000_000}


def _too_many_pages(limits: ScanLimits) -> str:
    return _("The file has more than %(limit)s pages.") % {"limit": limits.max_pages}


# --- PDF ------------------------------------------------------------------------


def _inspect_pdf(data: bytes, limits: ScanLimits) -> tuple[tuple[PageProbe, ...], bool]:
    # qpdf silently rebuilds a damaged cross-reference table, so a truncated file
    # would open; a complete PDF ends with %%EOF within its last kilobyte.
    if b"%%EOF" not in data[-1024:]:
        raise ScanRefused(_("The PDF is incomplete (it does not end properly)."))
    with _open_pdf(data) as pdf:
        if pdf.is_encrypted:
            raise ScanRefused(_("The PDF is encrypted; please upload it without a password."))
        count = len(pdf.pages)
        if count == 0:
            raise ScanRefused(_("The PDF has no pages."))
        if count > limits.max_pages:
            raise ScanRefused(_too_many_pages(limits))
        signed = pdf_is_signed(pdf)
    return _probe_pages(data, limits), signed


@contextmanager
def _open_pdf(data: bytes) -> Iterator[pikepdf.Pdf]:
    """pikepdf.open with its errors turned into refusals."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise ScanRefused(
            _("The PDF is protected by a password; please upload it without one.")
        ) from None
    except (pikepdf.PdfError, ValueError, RuntimeError):
        raise ScanRefused(_("The PDF is damaged and cannot be read.")) from None
    with pdf:
        yield pdf


def pdf_is_signed(pdf: pikepdf.Pdf) -> bool:
    """A signature field with a value, or any signature dictionary (/ByteRange)."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        if "/ByteRange" in obj:
            return True
        if obj.get("/FT") == pikepdf.Name.Sig and "/V" in obj:
            return True
    return False


def _probe_pages(data: bytes, limits: ScanLimits) -> tuple[PageProbe, ...]:
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise ScanRefused(_("The PDF is damaged and cannot be read.")) from None
    try:
        return tuple(_probe_page(document[index], limits) for index in range(len(document)))
    finally:
        document.close()


def _probe_page(page: Any, limits: ScanLimits) -> PageProbe:
    width_pt, height_pt = page.get_size()
    textpage = page.get_textpage()
    has_text = bool(textpage.get_text_range().strip())
    textpage.close()
    best: tuple[int, int] | None = None
    dpi, full = 0, False
    for image in _images(page):
        px_w, px_h = image.get_px_size()
        if px_w * px_h > limits.max_pixels:
            raise ScanRefused(_bomb_message(limits))
        left, bottom, right, top = image.get_bounds()
        drawn_w, drawn_h = abs(right - left), abs(top - bottom)
        if best is None or px_w * px_h > best[0] * best[1]:
            best = (px_w, px_h)
            # Longest sides compared, so an image drawn turned by 90° measures right.
            longest = max(drawn_w, drawn_h)
            dpi = round(max(px_w, px_h) * 72 / longest) if longest else 0
        if drawn_w * drawn_h >= FULL_PAGE_SHARE * width_pt * height_pt:
            full = True
    page.close()
    return PageProbe(has_text=has_text, image_px=best, image_dpi=dpi, full_page_image=full)


def _images(page: Any) -> Iterator[Any]:
    # max_depth 2: an image wrapped in one form XObject (as many scanners write) counts.
    yield from page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2)

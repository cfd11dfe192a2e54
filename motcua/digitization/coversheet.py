"""Cover sheets (tờ bìa tài liệu số hóa) and the splitting of a scanned stack at them.

A cover sheet is one A4 page with a large QR code naming a dossier and, if
given, one checklist item. An officer puts a printed cover before each
dossier's papers and scans the whole stack at once; ``split_stack`` finds
the covers again and cuts the stack into one part per cover.

QR payload, plain ASCII so any reader decodes it the same way::

    MOTCUA-COVER:1:<dossier code>:<checklist item id, or 0 for none>

``1`` is the payload version, bumped if the fields change. The dossier code
is taken as everything between the version and the last colon.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2
import segno
import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from motcua.digitization.checks import ScanRefused
from motcua.dossiers.models import Dossier, DossierDocument

PAYLOAD_PREFIX = "MOTCUA-COVER"
PAYLOAD_VERSION = "1"
# Enough for a QR of ~60 mm to have modules of several pixels, cheap to decode.
RENDER_DPI = 150
ZBAR_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Cover:
    """What a cover sheet names."""

    dossier_code: str
    item_id: int | None


@dataclass(frozen=True)
class StackPart:
    """Consecutive pages of a stack; ``dossier_code`` None for pages before any cover."""

    dossier_code: str | None
    item_id: int | None
    pdf: bytes
    # 1-based page numbers in the stack, covers excluded.
    pages: tuple[int, ...]

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def assigned(self) -> bool:
        return self.dossier_code is not None


# --- payload ---------------------------------------------------------------------


def coversheet_payload(dossier: Dossier, item: DossierDocument | None = None) -> str:
    """The QR text of a cover sheet; format in the module docstring."""
    return f"{PAYLOAD_PREFIX}:{PAYLOAD_VERSION}:{dossier.code}:{item.pk if item else 0}"


def coversheet_parse(text: str) -> Cover | None:
    """The cover named by a decoded QR text, or None if it is not a cover of this version."""
    prefix, sep, rest = text.strip().partition(f"{PAYLOAD_PREFIX}:{PAYLOAD_VERSION}:")
    if prefix or not sep:
        return None
    code, sep, item = rest.rpartition(":")
    if not sep or not code or not item.isascii() or not item.isdigit():
        return None
    item_id = int(item)
    return Cover(dossier_code=code, item_id=item_id or None)


# --- printing ----------------------------------------------------------------------


def coversheet_pdf(*, dossiers_items: list[tuple[Dossier, DossierDocument | None]]) -> bytes:
    """One A4 page per (dossier, checklist item or None), as PDF bytes."""
    sheets = [
        {
            "dossier": dossier,
            "item": item,
            "qr_svg": _qr_svg(coversheet_payload(dossier, item)),
        }
        for dossier, item in dossiers_items
    ]
    html = render_to_string("digitization/coversheet.html", {"sheets": sheets})
    # Everything is inline: no protocol but data: keeps rendering off the network.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=("data",))
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf


def _qr_svg(payload: str) -> str:
    # Error level M survives a smudged print; the size is set in mm by the CSS.
    qr = segno.make(payload, error="m", micro=False)
    return str(qr.svg_inline(border=4, omitsize=True, svgclass="qr", lineclass=None))


# --- splitting ---------------------------------------------------------------------


def split_stack(pdf: bytes) -> list[StackPart]:
    """Cut a scanned stack at its cover sheets; the covers themselves are dropped.

    Pages before the first cover make a first part with no dossier. A cover
    followed directly by another cover (or ending the stack) gives a part with
    no pages, kept so the caller can say so. ScanRefused if the PDF cannot be
    read or has more than MOTCUA_SCAN_MAX_PAGES pages.
    """
    covers = stack_covers(pdf)
    parts: list[tuple[Cover | None, list[int]]] = []
    for index, cover in enumerate(covers):
        if cover is not None:
            parts.append((cover, []))
            continue
        if not parts:
            parts.append((None, []))
        parts[-1][1].append(index)
    return [_part(pdf, cover, indexes) for cover, indexes in parts]


def stack_covers(pdf: bytes) -> list[Cover | None]:
    """For each page of the stack, the cover it is, or None."""
    limit: int = getattr(settings, "MOTCUA_SCAN_MAX_PAGES", 200)
    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError:
        raise ScanRefused(_("The PDF is damaged and cannot be read.")) from None
    try:
        if len(document) > limit:
            raise ScanRefused(_("The file has more than %(limit)s pages.") % {"limit": limit})
        with tempfile.TemporaryDirectory(prefix="motcua-stack-") as tmp:
            return [_page_cover(document, index, Path(tmp)) for index in range(len(document))]
    finally:
        document.close()


def _page_cover(document: pypdfium2.PdfDocument, index: int, workdir: Path) -> Cover | None:
    page = document[index]
    try:
        bitmap = page.render(scale=RENDER_DPI / 72, grayscale=True)
        image = bitmap.to_pil()
    finally:
        page.close()
    path = workdir / f"page-{index + 1}.png"
    image.save(path, format="PNG")
    try:
        for text in decode_qr(path):
            cover = coversheet_parse(text)
            if cover is not None:
                return cover
        return None
    finally:
        path.unlink(missing_ok=True)


def decode_qr(path: Path) -> list[str]:
    """Every QR text zbarimg finds in the image at ``path`` (one per line)."""
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        raise RuntimeError("zbarimg (zbar-tools) is not installed")
    # A fixed program and a path this process wrote: nothing from the scan reaches the shell.
    result = subprocess.run(  # noqa: S603
        [zbarimg, "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True,
        timeout=ZBAR_TIMEOUT_SECONDS,
        check=False,
    )
    # Exit status 4: the image was read and holds no code.
    if result.returncode not in (0, 4):
        raise RuntimeError(f"zbarimg failed ({result.returncode}): {result.stderr[:200]!r}")
    text = result.stdout.decode("utf-8", errors="replace")
    return [line for line in text.splitlines() if line.strip()]


def _part(pdf: bytes, cover: Cover | None, indexes: list[int]) -> StackPart:
    return StackPart(
        dossier_code=cover.dossier_code if cover else None,
        item_id=cover.item_id if cover else None,
        pdf=pdf_pages(pdf, indexes) if indexes else b"",
        pages=tuple(index + 1 for index in indexes),
    )


def pdf_pages(pdf: bytes, indexes: list[int]) -> bytes:
    """A new PDF of the given 0-based pages; the same bytes every time (a re-run's SHA-256)."""
    with pikepdf.open(io.BytesIO(pdf)) as source, pikepdf.new() as out:
        for index in indexes:
            out.pages.append(source.pages[index])
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True)
        return buffer.getvalue()

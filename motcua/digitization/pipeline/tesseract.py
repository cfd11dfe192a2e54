"""Scanned pages straight through Tesseract; the archival PDF/A assembled with pikepdf.

Per page, in a pool of ``jobs`` threads (Tesseract runs as its own process,
single-threaded, so ``jobs`` processes use ``jobs`` cores):

1. the page's image is taken out of the PDF as it is (a JPEG's bytes are not
   decoded in the pool's caller, nor ever re-encoded);
2. a greyscale copy (Tesseract binarises anyway) is cleaned of specks with a
   3×3 median, its skew measured on a reduced copy (the rotation that makes
   the text lines' projection sharpest), and it is straightened for Tesseract;
3. one Tesseract run writes the text, the hOCR (word confidences) and an
   invisible-text PDF page; a page where Tesseract finds little it is sure of
   is asked for its orientation (Tesseract OSD) and, if it is on its side or
   upside down, recognised again the right way up.

The archival page is the original page drawn through one transform (the
straightening and the turn), with the invisible text on top: the scanner's
image bytes go into the archive unchanged, yet the page reads straight and
its text can be selected where it is seen. pikepdf writes PDF/A-2b and
validates what it wrote.

Pages that are not one image covering the page, or a file pikepdf cannot
make PDF/A, go to ``OcrmypdfEngine`` instead, whole.
"""

from __future__ import annotations

import logging
import math
import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pikepdf
from django.utils.translation import gettext as _
from pikepdf.pdfa import PdfaError
from PIL import Image, ImageFilter

from motcua.digitization.pipeline.base import StepError
from motcua.digitization.pipeline.ocr import (
    LANGUAGE,
    OcrmypdfEngine,
    OcrOutput,
    hocr_confidence,
)

logger = logging.getLogger(__name__)

# Skew: lines are searched within ±MAX_SKEW degrees, to STEP_FINE; below
# MIN_SKEW a page is left as it is (a rotation costs more than it gains).
MAX_SKEW, STEP_COARSE, STEP_FINE, MIN_SKEW = 5.0, 0.5, 0.05, 0.1
SKEW_SAMPLE_WIDTH = 800  # px of the reduced copy the skew is measured on
INK_LEVEL = 160
# A page whose columns profile is this much sharper than its rows lies on its side.
SIDEWAYS = 1.5
# A page whose mean word confidence is below this is asked for its orientation.
ORIENTATION_CHECK_BELOW = 50.0
# Tesseract OSD's own confidence below which a turn is not trusted (OCRmyPDF uses 14
# for --rotate-pages; a page reaching this point already reads badly as it is).
ORIENTATION_CONFIDENCE = 5.0
PAGE_TIMEOUT_SECONDS = 300
PDFA_FLAVOUR = "2b"
OSD = re.compile(r"Rotate: (\d+)\s.*?Orientation confidence: ([\d.]+)", re.S)


class NotScannedPages(Exception):
    """Some page is not one image covering the page: OCRmyPDF takes the file."""


@dataclass(frozen=True)
class PageSource:
    index: int
    image: Path  # the page's image as extracted (JPEG bytes as they are, else PGM)
    dpi: float
    width_pt: float
    height_pt: float
    origin: tuple[float, float]


@dataclass(frozen=True)
class PageResult:
    text: str
    confidence: float | None
    text_pdf: Path  # Tesseract's invisible-text page, in the corrected frame
    skew: float  # degrees, counter-clockwise, that straightened the page
    turn: int  # 0, 90, 180 or 270 degrees, counter-clockwise


class TesseractEngine:
    def __init__(self, fallback: OcrmypdfEngine | None = None) -> None:
        self.fallback = fallback or OcrmypdfEngine()

    def to_pdfa(
        self, source: Path, target: Path, *, page_count: int, keep_text: bool, jobs: int
    ) -> OcrOutput:
        if keep_text:
            # Pages with text are kept as they are: OCRmyPDF's skip-text mode.
            return self.fallback.to_pdfa(
                source, target, page_count=page_count, keep_text=True, jobs=jobs
            )
        with tempfile.TemporaryDirectory(dir=target.parent, prefix="tess-") as tmp:
            work = Path(tmp)
            try:
                with pikepdf.open(source) as pdf:
                    sources = [
                        _page_source(page, index, work) for index, page in enumerate(pdf.pages)
                    ]
            except NotScannedPages as exc:
                logger.info("%s: %s; OCRmyPDF takes it", source.name, exc)
                return self.fallback.to_pdfa(
                    source, target, page_count=page_count, keep_text=False, jobs=jobs
                )
            with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
                results = list(pool.map(lambda page: _recognise(page, work), sources))
            try:
                _assemble(source, target, sources, results)
            except PdfaError as exc:
                logger.warning("%s: PDF/A not approved (%s); OCRmyPDF takes it", source.name, exc)
                return self.fallback.to_pdfa(
                    source, target, page_count=page_count, keep_text=False, jobs=jobs
                )
        return OcrOutput(
            texts=[result.text for result in results],
            confidences=[result.confidence for result in results],
        )


# --- taking the page images out ------------------------------------------------------


def _page_source(page: pikepdf.Page, index: int, work: Path) -> PageSource:
    """The page's one image, written to ``work``; NotScannedPages if it is not that simple."""
    if int(page.obj.get("/Rotate", 0)) % 360:
        raise NotScannedPages(f"page {index + 1} is turned by /Rotate")
    images = list(page.get_images().values())
    if len(images) != 1:
        raise NotScannedPages(f"page {index + 1} has {len(images)} images")
    x0, y0, x1, y1 = (float(value) for value in page.mediabox)
    width_pt, height_pt = x1 - x0, y1 - y0
    if not _draws_one_image_over(page, width_pt, height_pt):
        raise NotScannedPages(f"page {index + 1} draws more than its image")
    if not isinstance(images[0], pikepdf.Stream):
        raise NotScannedPages(f"page {index + 1} has no usable image")
    image = pikepdf.PdfImage(images[0])
    if image.width < 16 or image.height < 16 or width_pt <= 0:
        raise NotScannedPages(f"page {index + 1} has no usable image")
    if image.filters == ["/DCTDecode"] and image.colorspace in ("/DeviceRGB", "/DeviceGray"):
        path = work / f"page-{index + 1:04d}.jpg"
        path.write_bytes(images[0].read_raw_bytes())
    else:
        try:
            pil = image.as_pil_image()
        except Exception as exc:  # pikepdf raises several kinds for codecs it lacks
            raise NotScannedPages(f"page {index + 1}: image not decodable here ({exc})") from exc
        path = work / f"page-{index + 1:04d}.pgm"
        pil.convert("L").save(path)
    return PageSource(
        index=index,
        image=path,
        dpi=image.width / (width_pt / 72),
        width_pt=width_pt,
        height_pt=height_pt,
        origin=(x0, y0),
    )


def _draws_one_image_over(page: pikepdf.Page, width: float, height: float) -> bool:
    """The content is ``q  w 0 0 h x y cm  /Im Do  Q`` (img2pdf's and scanners' pages)."""
    instructions = pikepdf.parse_content_stream(page)
    if any(isinstance(item, pikepdf.ContentStreamInlineImage) for item in instructions):
        return False
    names = [str(item.operator) for item in instructions]
    if names not in (["q", "cm", "Do", "Q"], ["cm", "Do"]):
        return False
    operands = instructions[names.index("cm")].operands
    a, b, c, d, _e, _f = (float(value) for value in operands)
    return abs(b) < 1e-6 and abs(c) < 1e-6 and abs(a - width) < 1 and abs(d - height) < 1


# --- recognising one page ----------------------------------------------------------------


def skew_angle(grey: Image.Image) -> float:
    """The counter-clockwise rotation, in degrees, that makes the text lines level."""
    return _lines(_reduced(grey))[0]


def _reduced(grey: Image.Image) -> np.ndarray:
    return np.asarray(grey.reduce(max(1, grey.width // SKEW_SAMPLE_WIDTH))) < INK_LEVEL


def _lines(ink: np.ndarray) -> tuple[float, float]:
    """(correction angle, sharpness) of the text lines of the ink mask ``ink``.

    Each candidate angle shears the ink pixels onto rows; the angle whose row
    profile changes most sharply from row to row (lines of text between clean
    gaps) wins. A coarse search, then a fine one. Shearing rows down by
    tan(angle) levels lines that rise at ``angle``: the correction, turning
    counter-clockwise as PIL does, is ``-angle``.
    """
    ink_rows, ink_cols = np.nonzero(ink)
    if len(ink_rows) < 200:
        return 0.0, 0.0
    columns = ink_cols - ink.shape[1] / 2

    def sharpness(angle: float) -> float:
        rows = np.rint(ink_rows + columns * math.tan(math.radians(angle))).astype(np.int64)
        profile = np.bincount(rows - rows.min()).astype(np.float64)
        return float(np.square(np.diff(profile)).sum())

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, STEP_COARSE), key=sharpness)
    fine = np.arange(coarse - STEP_COARSE, coarse + STEP_COARSE + 1e-9, STEP_FINE)
    measured = float(max(fine, key=sharpness))
    return -round(measured, 2), sharpness(measured)


def _recognise(page: PageSource, work: Path) -> PageResult:
    stem = work / f"ocr-{page.index + 1:04d}"
    with Image.open(page.image) as opened:
        opened.draft("L", opened.size)  # a JPEG decodes straight to grey, at full size
        # A 3×3 median takes out dust specks and JPEG ringing, as unpaper's noise
        # filter does for OCRmyPDF's --clean; strokes of 10 pt text at 200 dpi
        # are wider than it. On the benchmark it halves the error rate.
        grey = opened.convert("L").filter(ImageFilter.MedianFilter(3))
    ink = _reduced(grey)
    skew, level = _lines(ink)
    turn = 0
    if _lines(ink.T)[1] > SIDEWAYS * level:
        # The lines run down the page: it lies on its side. OSD tells which way.
        grey.save(stem.with_suffix(".pgm"))
        turn = _orientation(stem.with_suffix(".pgm"))
        if turn:
            grey = grey.rotate(turn, expand=True, fillcolor=255)
            skew = skew_angle(grey)
    result = _tesseract(_straightened(grey, skew), stem, page.dpi)
    if turn == 0 and (result[1] is None or result[1] < ORIENTATION_CHECK_BELOW):
        # Read badly: perhaps upside down.
        turn = _orientation(stem.with_suffix(".pgm"))
        if turn:
            grey = grey.rotate(turn, expand=True, fillcolor=255)
            skew = skew_angle(grey)
            result = _tesseract(_straightened(grey, skew), stem, page.dpi)
    if abs(skew) < MIN_SKEW:
        skew = 0.0
    text, confidence = result
    return PageResult(text, confidence, stem.with_suffix(".pdf"), skew, turn)


def _straightened(grey: Image.Image, skew: float) -> Image.Image:
    if abs(skew) < MIN_SKEW:
        return grey
    return grey.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=255)


def _tesseract(grey: Image.Image, stem: Path, dpi: float) -> tuple[str, float | None]:
    pgm = stem.with_suffix(".pgm")
    grey.save(pgm)
    _run(
        [
            "tesseract", str(pgm), str(stem), "-l", LANGUAGE, "--dpi", str(round(dpi)),
            "-c", "textonly_pdf=1", "hocr", "txt", "pdf",
        ]
    )  # fmt: skip
    text = stem.with_suffix(".txt").read_text(encoding="utf-8").replace("\f", "").strip()
    confidence = hocr_confidence(stem.with_suffix(".hocr").read_text(encoding="utf-8"))
    return text, confidence


def _orientation(pgm: Path) -> int:
    """Counter-clockwise degrees that put the page upright, by Tesseract OSD; 0 if unsure."""
    try:
        output = _run(["tesseract", str(pgm), "-", "--psm", "0", "-l", "osd"])
    except StepError:
        return 0  # too little text to tell: leave the page as it is
    found = OSD.search(output)
    if not found or float(found.group(2)) < ORIENTATION_CONFIDENCE:
        return 0
    clockwise = int(found.group(1)) % 360
    return (360 - clockwise) % 360


def _run(command: list[str]) -> str:
    # One thread per Tesseract: the pool decides how many cores are busy.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(  # noqa: S603 - fixed program, arguments are our own paths
            command,
            capture_output=True,
            text=True,
            timeout=PAGE_TIMEOUT_SECONDS,
            env=env,
            check=False,
        )
    except FileNotFoundError as exc:
        raise StepError(_("Text recognition is not installed on this server.")) from exc
    except subprocess.TimeoutExpired as exc:
        raise StepError(_("Text recognition took too long on a page.")) from exc
    if done.returncode != 0:
        logger.warning("%s failed: %s", command[:2], done.stderr.strip()[-500:])
        raise StepError(_("Text recognition failed on a page."))
    return done.stdout + done.stderr


# --- the archival PDF/A --------------------------------------------------------------------


def _assemble(
    source: Path, target: Path, pages: list[PageSource], results: list[PageResult]
) -> None:
    with pikepdf.open(source) as pdf:
        for page, result in zip(pages, results, strict=True):
            _place(pdf, pdf.pages[page.index], page, result)
        pikepdf.pdfa.save(pdf, target, PDFA_FLAVOUR)


def _place(pdf: pikepdf.Pdf, page: pikepdf.Page, source: PageSource, result: PageResult) -> None:
    """Draw the page through its correction and lay Tesseract's text over it."""
    width, height = source.width_pt, source.height_pt
    if result.turn in (90, 270):
        width, height = height, width
    angle = result.skew + result.turn
    if angle:
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        centre_x = source.origin[0] + source.width_pt / 2
        centre_y = source.origin[1] + source.height_pt / 2
        # Move the page's centre to the origin, turn it, put it at the new page's centre.
        e = width / 2 - (cos * centre_x - sin * centre_y)
        f = height / 2 - (sin * centre_x + cos * centre_y)
        matrix = f"{cos:.6f} {sin:.6f} {-sin:.6f} {cos:.6f} {e:.4f} {f:.4f} cm\n"
        page.contents_coalesce()
        page.contents_add(pdf.make_stream(b"q\n" + matrix.encode()), prepend=True)
        page.contents_add(pdf.make_stream(b"\nQ\n"))
        box = pikepdf.Array([0, 0, width, height])
        page.obj.MediaBox = box
        for key in ("/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
            if key in page.obj:
                del page.obj[key]
    with pikepdf.open(result.text_pdf) as text_pdf:
        overlay = pdf.copy_foreign(text_pdf.pages[0].obj)
        page.add_overlay(pikepdf.Page(overlay), pikepdf.Rectangle(0, 0, width, height))

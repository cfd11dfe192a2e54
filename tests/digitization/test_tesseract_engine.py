"""The default OCR engine, on real Tesseract: straight, upright, untouched image bytes."""

from __future__ import annotations

import io
import math
from pathlib import Path

import img2pdf
import pikepdf
import pytest
from pikepdf.pdfa import validate_written
from PIL import Image

from bench.ocr_pages import render
from motcua.digitization.pipeline.ocr import OcrOutput
from motcua.digitization.pipeline.tesseract import TesseractEngine, skew_angle

pytestmark = pytest.mark.db_independent

# Clean A4 pages of the benchmark's first document at 200 dpi, with a line it holds.
LINE = "Công nhận hộ kinh doanh Nguyễn Văn Hùng"


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return render(0, 200)[0]


def jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", dpi=(200, 200), quality=85)
    return out.getvalue()


def run(tmp_path: Path, *images: Image.Image, engine: TesseractEngine | None = None) -> OcrOutput:
    source = tmp_path / "in.pdf"
    source.write_bytes(img2pdf.convert([jpeg(image) for image in images]))
    target = tmp_path / "out.pdf"
    output = (engine or TesseractEngine()).to_pdfa(
        source, target, page_count=len(images), keep_text=False, jobs=2
    )
    assert validate_written(target, "2b").verdict == "pass"
    return output


def drawn_angle(pdf: pikepdf.Pdf, index: int) -> float:
    """The rotation, in degrees, of the first ``cm`` on the page."""
    for instruction in pikepdf.parse_content_stream(pdf.pages[index]):
        if str(instruction.operator) == "cm":
            a, b = (float(value) for value in instruction.operands[:2])
            return math.degrees(math.atan2(b, a))
    raise AssertionError("no cm on the page")


def test_the_skew_of_a_page_is_measured(page: Image.Image) -> None:
    skewed = page.rotate(-1.6, resample=Image.Resampling.BICUBIC, fillcolor="white")
    assert skew_angle(skewed.convert("L")) == pytest.approx(1.6, abs=0.15)
    assert skew_angle(page.convert("L")) == pytest.approx(0, abs=0.1)


def test_a_skewed_scan_is_read_and_drawn_straight_from_its_own_bytes(
    tmp_path: Path, page: Image.Image
) -> None:
    skewed = page.rotate(1.8, resample=Image.Resampling.BICUBIC, fillcolor="white")
    output = run(tmp_path, skewed)

    text = output.texts[0] or ""
    assert LINE in " ".join(text.split())
    assert output.confidences[0] is not None and output.confidences[0] > 80
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        # The page is turned back by the skew, in the drawing, not in the pixels:
        assert drawn_angle(pdf, 0) == pytest.approx(-1.8, abs=0.2)
        image = next(iter(pdf.pages[0].get_images().values()))
        assert image.read_raw_bytes() == jpeg(skewed)  # the scanner's JPEG, unchanged
        assert pdf.open_metadata().pdfa_status == "2B"


def test_pages_upside_down_or_on_their_side_are_turned_upright(
    tmp_path: Path, page: Image.Image
) -> None:
    output = run(tmp_path, page.rotate(180), page.rotate(90, expand=True))

    for text in output.texts:
        assert LINE in " ".join((text or "").split())
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        for index in range(2):
            x0, y0, x1, y1 = (float(value) for value in pdf.pages[index].mediabox)
            assert y1 - y0 > x1 - x0  # portrait again
        assert abs(drawn_angle(pdf, 0)) == pytest.approx(180, abs=0.5)
        assert drawn_angle(pdf, 1) == pytest.approx(-90, abs=0.5)


class RecordingFallback:
    def __init__(self) -> None:
        self.calls: list[bool] = []

    def to_pdfa(
        self, source: Path, target: Path, *, page_count: int, keep_text: bool, jobs: int
    ) -> OcrOutput:
        self.calls.append(keep_text)
        target.write_bytes(source.read_bytes())
        return OcrOutput([""] * page_count, [None] * page_count)


def test_a_page_that_is_not_one_scanned_image_goes_to_ocrmypdf(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    pdf.save(source)
    fallback = RecordingFallback()

    TesseractEngine(fallback=fallback).to_pdfa(  # type: ignore[arg-type]
        source, target, page_count=1, keep_text=False, jobs=1
    )
    TesseractEngine(fallback=fallback).to_pdfa(  # type: ignore[arg-type]
        source, target, page_count=1, keep_text=True, jobs=1
    )

    assert fallback.calls == [False, True]

"""Processing with real Tesseract: PDF/A out, text in Vietnamese, quality flagged."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.digitization.pipeline.steps import ExtractTextStep
from motcua.digitization.pipeline.tesseract import TesseractEngine
from motcua.digitization.services import scan_process, scan_upload
from tests.digitization import samples
from tests.digitization.conftest import stored_files

KEY_WORDS = ("Nguyễn", "Văn", "Hùng", "CỘNG HÒA", "Độc lập", "Hạnh phúc")


def process(actor: Any, dossier: Any, data: bytes, filename: str = "scan.png") -> ScannedDocument:
    document = scan_upload(actor=actor, dossier_code=dossier.code, data=data, filename=filename)
    return scan_process(document_id=document.pk)


def flags(document: ScannedDocument) -> list[list[dict[str, Any]]]:
    return [page.flags for page in document.pages.order_by("number")]


def open_archival(media: Path, document: ScannedDocument) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO((media / document.archival.name).read_bytes()))


def full_page_images(pdf: pikepdf.Pdf) -> int:
    """Image XObjects drawn over a page: what OCR rasterisation would leave."""
    return sum(len(page.get_images()) for page in pdf.pages)


def test_a_scanned_image_becomes_a_searchable_pdfa_with_vietnamese_text(
    world: Any, dossier: Any, media: Path
) -> None:
    data = samples.text_png()
    document = process(world.counter, dossier, data)

    assert document.status == ScanStatus.DONE, document.error
    assert document.progress == 100
    for word in KEY_WORDS:
        assert word in document.text
    with open_archival(media, document) as pdf:
        assert pdf.open_metadata().pdfa_status.startswith(("1", "2", "3"))
        assert len(pdf.pages) == 1
    archival = (media / document.archival.name).read_bytes()
    assert hashlib.sha256(archival).hexdigest() == document.archival_sha256
    # The original is untouched beside it.
    original = (media / document.original.name).read_bytes()
    assert original == data
    assert hashlib.sha256(original).hexdigest() == document.original_sha256
    page = document.pages.get()
    assert (page.dpi, page.width_px, page.is_colour) == (200, samples.PAGE_PX[0], True)
    assert page.ocr_confidence is not None and page.ocr_confidence > 60
    assert page.flags == []

    # Running it again changes nothing.
    before = ScannedDocument.objects.values().get(pk=document.pk)
    again = scan_process(document_id=document.pk)
    assert ScannedDocument.objects.values().get(pk=again.pk) == before
    assert (media / document.archival.name).read_bytes() == archival


def test_a_low_resolution_scan_is_flagged_with_its_dpi(
    world: Any, dossier: Any, media: Path
) -> None:
    document = process(world.counter, dossier, samples.text_png(dpi=100))
    assert document.status == ScanStatus.DONE
    assert flags(document) == [[{"code": "low_dpi", "value": 100}]]


def test_in_refuse_mode_a_low_resolution_scan_is_refused_with_its_dpi_before_any_ocr(
    world: Any, dossier: Any, media: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MOTCUA_SCAN_QUALITY_MODE = "refuse"
    recognised: list[Path] = []
    monkeypatch.setattr(
        TesseractEngine, "to_pdfa", lambda self, source, *a, **k: recognised.append(source)
    )
    document = process(world.counter, dossier, samples.text_jpeg(dpi=100), "scan.jpg")
    assert document.status == ScanStatus.REFUSED
    assert recognised == []  # the officer is told at once, no OCR time spent
    assert "100 dpi" in document.error and "200 dpi" in document.error
    assert not document.archival.name
    assert not (media / "archival").exists()


def test_a_grayscale_scan_is_flagged_when_colour_is_required(
    world: Any, dossier: Any, media: Path
) -> None:
    document = process(world.counter, dossier, samples.text_png(mode="L"))
    assert document.status == ScanStatus.DONE
    assert flags(document) == [[{"code": "grayscale", "value": 0.0}]]
    assert "Nguyễn" in document.text


def test_a_blank_page_of_a_tiff_is_dropped_and_flagged(
    world: Any, dossier: Any, media: Path
) -> None:
    document = process(world.counter, dossier, samples.tiff_with_blank_page(), "scan.tif")
    assert document.status == ScanStatus.DONE, document.error
    assert flags(document) == [[], [{"code": "blank_dropped", "value": None}]]
    assert document.pages.get(number=2).is_blank
    with open_archival(media, document) as pdf:
        assert len(pdf.pages) == 1
    assert "Hùng" in document.text


def test_a_born_digital_pdf_keeps_its_text_and_is_not_rasterised(
    world: Any, dossier: Any, media: Path
) -> None:
    document = process(world.counter, dossier, samples.born_digital_pdf(), "form.pdf")
    assert document.status == ScanStatus.DONE, document.error
    assert document.born_digital
    assert "Họ và tên: Nguyễn Văn Hùng" in document.text
    with open_archival(media, document) as pdf:
        assert pdf.open_metadata().pdfa_status
        assert full_page_images(pdf) == 0
    page = document.pages.get()
    assert page.ocr_confidence is None and page.flags == []


def test_a_citizen_signed_pdf_is_kept_byte_for_byte_and_its_text_indexed(
    world: Any, dossier: Any, media: Path
) -> None:
    data = samples.signed_pdf()
    document = process(world.counter, dossier, data, "signed.pdf")
    assert document.status == ScanStatus.DONE, document.error
    assert document.citizen_signed
    assert (media / document.archival.name).read_bytes() == data
    assert document.archival_sha256 == document.original_sha256
    assert "Nguyễn Văn Hùng" in document.text


def test_a_crash_half_way_leaves_no_half_record_and_the_next_run_completes(
    world: Any, dossier: Any, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = scan_upload(
        actor=world.counter, dossier_code=dossier.code, data=samples.text_png(), filename="a.png"
    )

    def crash(self: Any, ctx: Any) -> None:
        raise RuntimeError("worker killed")

    with monkeypatch.context() as patch:
        patch.setattr(ExtractTextStep, "run", crash)
        with pytest.raises(RuntimeError):
            scan_process(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == ScanStatus.FAILED
    assert document.step == "extract_text"
    assert not document.archival.name and not document.pages.exists()
    assert not (media / "archival").exists()

    document = scan_process(document_id=document.pk)
    assert document.status == ScanStatus.DONE
    assert len([p for p in stored_files(media) if "archival" in p.parts]) == 1

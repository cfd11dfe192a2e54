"""Cover sheets: a readable QR naming dossier and item, and a stack split at the covers."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2
import pytest

from motcua.digitization.checks import ScanRefused
from motcua.digitization.coversheet import (
    Cover,
    coversheet_parse,
    coversheet_payload,
    coversheet_pdf,
    decode_qr,
    split_stack,
)
from tests.digitization import samples
from tests.dossiers.helpers import receive


def concat(*pdfs: bytes) -> bytes:
    out = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(data)) for data in pdfs]
    for source in sources:
        out.pages.extend(source.pages)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def scanned(pdf: bytes, *, dpi: int = 200) -> bytes:
    """The PDF as a scanner would give it back: one full-page image per page, no text."""
    document = pypdfium2.PdfDocument(pdf)
    images = [
        document[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(document))
    ]
    document.close()
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


@pytest.fixture
def two(world: Any) -> tuple[Any, Any]:
    return receive(world.counter), receive(world.counter)


def test_the_payload_names_the_dossier_and_the_item_and_reads_back(two: tuple[Any, Any]) -> None:
    dossier = two[0]
    item = dossier.documents.first()
    assert coversheet_payload(dossier) == f"MOTCUA-COVER:1:{dossier.code}:0"
    assert coversheet_parse(coversheet_payload(dossier)) == Cover(dossier.code, None)
    assert coversheet_parse(coversheet_payload(dossier, item)) == Cover(dossier.code, item.pk)
    for other in (
        "",
        "MOTCUA-COVER:2:X:0",
        f"x{coversheet_payload(dossier)}",
        "MOTCUA-COVER:1:X:a",
    ):
        assert coversheet_parse(other) is None


def test_a_cover_sheet_is_one_a4_page_per_dossier_with_its_words(two: tuple[Any, Any]) -> None:
    first, second = two
    item = first.documents.first()
    pdf = coversheet_pdf(dossiers_items=[(first, item), (second, None)])
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) == 2
    width, height = document[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = document[0].get_textpage().get_text_range()
    assert "TỜ BÌA TÀI LIỆU SỐ HÓA" in text
    assert first.code in text
    assert first.applicant_name in text
    assert item.name in text
    assert second.code in document[1].get_textpage().get_text_range()
    document.close()


def test_the_rasterised_cover_decodes_to_its_payload(two: tuple[Any, Any], tmp_path: Path) -> None:
    dossier = two[0]
    item = dossier.documents.first()
    document = pypdfium2.PdfDocument(coversheet_pdf(dossiers_items=[(dossier, item)]))
    path = tmp_path / "cover.png"
    document[0].render(scale=150 / 72, grayscale=True).to_pil().save(path)
    document.close()
    assert decode_qr(path) == [coversheet_payload(dossier, item)]


def test_a_stack_is_split_at_its_covers_and_the_covers_are_dropped(two: tuple[Any, Any]) -> None:
    first, second = two
    item = first.documents.first()
    covers = coversheet_pdf(dossiers_items=[(first, item), (second, None)])
    cover_a, cover_b = (concat_pages(covers, [i]) for i in (0, 1))
    page = samples.born_digital_pdf()
    stack = scanned(concat(cover_a, page, cover_b, page, page))
    parts = split_stack(stack)
    assert [(p.dossier_code, p.item_id, p.page_count) for p in parts] == [
        (first.code, item.pk, 1),
        (second.code, None, 2),
    ]
    assert [p.pages for p in parts] == [(2,), (4, 5)]
    assert [page_count(p.pdf) for p in parts] == [1, 2]


def test_pages_before_the_first_cover_are_an_unassigned_part(two: tuple[Any, Any]) -> None:
    first = two[0]
    cover = coversheet_pdf(dossiers_items=[(first, None)])
    page = samples.born_digital_pdf()
    parts = split_stack(concat(page, cover, page))
    assert [(p.dossier_code, p.assigned, p.pages) for p in parts] == [
        (None, False, (1,)),
        (first.code, True, (3,)),
    ]


def test_a_stack_without_cover_is_one_unassigned_part() -> None:
    parts = split_stack(samples.born_digital_pdf())
    assert len(parts) == 1
    assert not parts[0].assigned


def test_the_same_part_gives_the_same_bytes_every_time(two: tuple[Any, Any]) -> None:
    stack = concat(coversheet_pdf(dossiers_items=[(two[0], None)]), samples.born_digital_pdf())
    assert split_stack(stack)[0].pdf == split_stack(stack)[0].pdf


def test_a_stack_over_the_page_limit_is_refused(settings: Any) -> None:
    settings.MOTCUA_SCAN_MAX_PAGES = 3
    with pytest.raises(ScanRefused, match="more than 3 pages"):
        split_stack(samples.pdf_with_pages(4))


def test_a_damaged_stack_is_refused() -> None:
    with pytest.raises(ScanRefused, match="damaged"):
        split_stack(b"%PDF-1.7\nnot really\n%%EOF\n")


def concat_pages(pdf: bytes, indexes: list[int]) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as source, pikepdf.new() as out:
        for index in indexes:
            out.pages.append(source.pages[index])
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()

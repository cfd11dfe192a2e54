"""Uploads: the type comes from the content, hostile files are refused and nothing is stored."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from motcua.core.errors import NotFound
from motcua.core.models import AuditEntry
from motcua.digitization.checks import ScanRefused, inspect_upload
from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.digitization.services import scan_upload
from motcua.dossiers.services import ActionForbidden
from tests.digitization import samples
from tests.digitization.conftest import stored_files


def upload(actor: Any, dossier: Any, data: bytes, filename: str = "scan.png") -> ScannedDocument:
    return scan_upload(actor=actor, dossier_code=dossier.code, data=data, filename=filename)


def test_an_upload_stores_the_original_untouched_with_its_sha256(
    world: Any, dossier: Any, media: Path
) -> None:
    data = samples.text_png()
    item = dossier.documents.first()
    document = scan_upload(
        actor=world.counter,
        dossier_code=dossier.code,
        data=data,
        filename="../../giấy khai sinh.png",
        checklist_item_id=item.pk,
    )
    assert document.status == ScanStatus.QUEUED
    assert document.dossier_document == item
    assert document.detected_type == "png"
    assert document.original_name == "giấy khai sinh.png"
    assert document.original_sha256 == hashlib.sha256(data).hexdigest()
    assert document.original.name.startswith("originals/")
    assert (media / document.original.name).read_bytes() == data
    assert AuditEntry.objects.filter(action="scan_upload", object_id=str(document.pk)).exists()


@pytest.mark.parametrize(
    ("filename", "make", "reason"),
    [
        ("garbage.pdf", lambda: b"%PDF-1.7\n" + os.urandom(64) + b"\n%%EOF\n", "damaged"),
        ("random.png", lambda: os.urandom(4096), "not a PDF, JPEG, PNG or TIFF"),
        ("truncated.pdf", lambda: samples.born_digital_pdf()[:-400], "incomplete"),
        ("encrypted.pdf", samples.encrypted_pdf, "password"),
        ("bomb.png", samples.png_bomb, "decompression bomb"),
        ("truncated.png", lambda: samples.text_png()[:3000], "damaged or incomplete"),
        ("empty.pdf", lambda: b"", "empty"),
    ],
)
def test_hostile_files_are_refused_with_a_reason_and_nothing_is_stored(
    world: Any, dossier: Any, media: Path, filename: str, make: Any, reason: str
) -> None:
    with pytest.raises(ScanRefused) as refused:
        upload(world.counter, dossier, make(), filename)
    assert reason in refused.value.message
    assert not ScannedDocument.objects.exists()
    assert stored_files(media) == []


def test_the_type_comes_from_the_content_not_the_name(world: Any, dossier: Any) -> None:
    document = upload(world.counter, dossier, samples.text_png(), "looks-like.pdf")
    assert document.detected_type == "png"


def test_a_file_over_the_size_limit_is_refused(
    world: Any, dossier: Any, media: Path, settings: Any
) -> None:
    settings.MOTCUA_SCAN_MAX_BYTES = 1000
    with pytest.raises(ScanRefused, match="at most"):
        upload(world.counter, dossier, samples.text_png())
    assert stored_files(media) == []


def test_a_file_with_too_many_pages_is_refused(
    world: Any, dossier: Any, media: Path, settings: Any
) -> None:
    settings.MOTCUA_SCAN_MAX_PAGES = 3
    with pytest.raises(ScanRefused, match="more than 3 pages"):
        upload(world.counter, dossier, samples.pdf_with_pages(4), "long.pdf")
    assert not ScannedDocument.objects.exists()
    assert stored_files(media) == []


def test_born_digital_and_signed_pdfs_are_recognised() -> None:
    plain = inspect_upload(samples.born_digital_pdf(), filename="a.pdf")
    assert plain.born_digital and not plain.citizen_signed
    signed = inspect_upload(samples.signed_pdf(), filename="b.pdf")
    assert signed.citizen_signed
    scan = inspect_upload(samples.text_png(), filename="c.png")
    assert not scan.born_digital and scan.page_count == 1


def test_a_multi_page_tiff_counts_its_pages() -> None:
    assert inspect_upload(samples.tiff_with_blank_page(), filename="t.tif").page_count == 2


def test_an_officer_of_another_commune_cannot_upload(world: Any, dossier: Any, media: Path) -> None:
    with pytest.raises(NotFound):
        upload(world.stranger, dossier, samples.text_png())
    assert stored_files(media) == []


def test_a_clerk_cannot_upload(world: Any, dossier: Any) -> None:
    with pytest.raises(ActionForbidden):
        upload(world.clerk, dossier, samples.text_png())


def test_a_checklist_item_of_another_dossier_is_not_found(world: Any, dossier: Any) -> None:
    from tests.dossiers.helpers import receive

    other = receive(world.counter)
    with pytest.raises(NotFound):
        scan_upload(
            actor=world.counter,
            dossier_code=dossier.code,
            data=samples.text_png(),
            filename="a.png",
            checklist_item_id=other.documents.first().pk,
        )

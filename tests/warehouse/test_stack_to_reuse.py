"""Issue 3 from end to end: a scanned stack in the hot folder comes out split, OCR'd,
signed, searchable, filed in the applicant's store, and reused at the next intake."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import img2pdf
import pikepdf
from django.core.files.storage import default_storage

from motcua.digitization.coversheet import coversheet_pdf
from motcua.digitization.hotfolder import hotfolder_scan_once
from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.digitization.search import search_scans
from motcua.digitization.services import scan_process
from motcua.signing.keys import signing_demo_ca
from motcua.signing.validation import validate_pdf_signatures
from motcua.warehouse.models import StoreEntry
from tests.digitization import samples
from tests.digitization.test_coversheet import concat, concat_pages
from tests.dossiers.helpers import receive
from tests.warehouse.conftest import ID_CARD, item_of
from tests.warehouse.test_reuse import intake


def scanned_page() -> bytes:
    """One page as a scanner writes it: a JPEG at 200 dpi in a PDF, with no text layer."""
    return img2pdf.convert(samples.text_jpeg(dpi=200))


def test_a_scanned_stack_is_split_read_signed_found_and_reused(
    world: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MOTCUA_HOTFOLDER_SETTLE_SECONDS = 0
    settings.MOTCUA_SIGNING_DIR = tmp_path / "keys"
    settings.MOTCUA_SIGNING_TRUST_DEMO_ROOT = True
    signing_demo_ca(directory=tmp_path / "keys", units=[(world.centre.code, world.centre.name)])
    first, second = receive(world.counter), receive(world.counter)
    id_card = item_of(first, ID_CARD)
    covers = coversheet_pdf(dossiers_items=[(first, id_card), (second, None)])
    stack = concat(
        concat_pages(covers, [0]), scanned_page(), concat_pages(covers, [1]), scanned_page()
    )
    inbox = tmp_path / "hot" / str(world.centre.counters.get().pk)
    inbox.mkdir(parents=True)
    (inbox / "stack.pdf").write_bytes(stack)

    hotfolder_scan_once(root=inbox.parent)
    scans = [scan_process(document_id=s.pk) for s in ScannedDocument.objects.order_by("pk")]

    # Split at the cover sheets, each part on its own dossier and item:
    assert [(s.dossier_id, s.dossier_document_id) for s in scans] == [
        (first.pk, id_card.pk),
        (second.pk, None),
    ]
    for scan in scans:
        assert scan.status == ScanStatus.DONE, scan.error
        assert "Nguyễn Văn Hùng" in " ".join(scan.text.split())
        archival = default_storage.open(scan.archival.name).read()
        with pikepdf.open(io.BytesIO(archival)) as pdf:
            assert pdf.open_metadata().pdfa_status.startswith("2")
        [signature] = validate_pdf_signatures(archival)  # signed by the one-stop unit
        assert signature.valid
    # Searchable without accents, the last word as it is being typed:
    found = search_scans(user=world.counter, query="nguyen van hu")
    assert {hit.document_id for hit in found} == {scan.pk for scan in scans}
    assert search_scans(user=world.stranger, query="nguyen van hu") == []
    # Filed in Hùng's store (only the part that is a checklist item), and reused:
    entry = StoreEntry.objects.get()
    assert entry.scan_id == scans[0].pk
    later = intake(world, from_store=True)
    reused = item_of(later, ID_CARD)
    assert reused.from_store and reused.store_reuse.entry == entry
    assert ScannedDocument.objects.count() == 2  # linked, not copied

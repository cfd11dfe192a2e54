"""A finished scan, or an issued result, lands in the applicant's store: once."""

from __future__ import annotations

from typing import Any

from motcua.core.models import AuditEntry
from motcua.digitization.models import ScanStatus
from motcua.digitization.services import scan_process, scan_upload
from motcua.dossiers.inputs import ApplicantInput
from motcua.warehouse.models import DataStore, EntryKind, StoreEntry
from motcua.warehouse.services import entry_file_scan
from tests.digitization import samples
from tests.dossiers.helpers import HUNG, receive, walk_to_returned
from tests.warehouse.conftest import ID_CARD, finished_scan, item_of


def test_a_scan_that_finishes_is_filed_in_the_applicants_store_once(
    world: Any, earlier: Any
) -> None:
    item = item_of(earlier, ID_CARD)
    upload = scan_upload(
        actor=world.counter,
        dossier_code=earlier.code,
        data=samples.text_png(),
        filename="cccd.png",
        checklist_item_id=item.pk,
    )
    scan = scan_process(document_id=upload.pk)  # real OCR (Tesseract vie)
    assert scan.status == ScanStatus.DONE, scan.error

    entry = StoreEntry.objects.get()
    assert entry.store.owner_kind == "person"
    assert entry.store.owner_id == HUNG.id_number
    assert entry.store.owner_name == HUNG.name
    assert (entry.kind, entry.title, entry.kind_key) == (
        EntryKind.DOCUMENT,
        ID_CARD,
        "can cuoc cong dan",
    )
    assert (entry.source_dossier, entry.source_item, entry.scan) == (earlier, item, scan)
    # A reference to the scan's files, with their checksums; no copy.
    assert entry.original_sha256 == scan.original_sha256
    assert entry.archival_sha256 == scan.archival_sha256 != ""

    # Running the scan again, saving its row again, filing it again: still one entry.
    scan_process(document_id=scan.pk)
    scan.refresh_from_db()
    scan.save()
    assert entry_file_scan(scan=scan) == entry
    assert StoreEntry.objects.count() == 1
    assert AuditEntry.objects.filter(action="store.file").count() == 1


def test_a_refilled_scan_keeps_the_officers_metadata(world: Any, earlier: Any) -> None:
    scan = finished_scan(earlier, item_of(earlier, ID_CARD))
    entry = StoreEntry.objects.get(scan=scan)
    entry.number = "024090001234"
    entry.save()

    scan.archival_sha256 = "f" * 64  # a re-run wrote a new archival copy
    scan.save()

    entry.refresh_from_db()
    assert (entry.number, entry.archival_sha256) == ("024090001234", "f" * 64)


def test_scans_not_done_or_of_no_checklist_item_are_not_filed(world: Any, earlier: Any) -> None:
    scan = finished_scan(earlier, item_of(earlier, ID_CARD))
    StoreEntry.objects.all().delete()
    scan.status = ScanStatus.FAILED
    scan.save()
    loose = finished_scan(earlier, item_of(earlier, ID_CARD), content=b"%PDF-1.4 loose")
    StoreEntry.objects.filter(scan=loose).delete()
    loose.dossier_document = None
    loose.save()

    assert StoreEntry.objects.count() == 0
    assert entry_file_scan(scan=scan) is None


def test_an_organisation_files_under_its_tax_code(world: Any) -> None:
    company = ApplicantInput(
        name="Công ty TNHH Đèo Gia", id_number="0100109106", kind="organisation"
    )
    dossier = receive(world.counter, applicant=company)
    finished_scan(dossier, item_of(dossier, ID_CARD))

    store = DataStore.objects.get()
    assert (store.owner_kind, store.owner_id) == ("organisation", "0100109106")
    assert store.entries.count() == 1


def test_an_issued_result_is_filed_with_its_number_once(world: Any, earlier: Any) -> None:
    walk_to_returned(world, earlier)

    entry = StoreEntry.objects.get(kind=EntryKind.RESULT)
    assert entry.source_dossier == earlier
    assert entry.number == "12/2026/GCN"
    assert entry.issuer == earlier.competent_agency.name
    assert entry.issued_on is not None
    assert entry.scan is None
    assert entry.store.owner_id == HUNG.id_number

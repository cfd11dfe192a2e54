"""The digitized copy is signed by the one-stop unit; a citizen's signed file is not touched."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.digitization.models import ScanStatus
from motcua.digitization.services import scan_process, scan_upload
from motcua.signing.keys import signing_demo_ca
from motcua.signing.validation import validate_pdf_signatures
from tests.dossiers.helpers import receive

from .samples import signed_pdf, text_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(settings: Any, tmp_path: Any, world: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_SIGNING_DIR = tmp_path / "keys"
    settings.MOTCUA_SIGNING_PASSWORD = "test-pw"
    settings.MOTCUA_SIGNING_TRUST_DEMO_ROOT = True
    signing_demo_ca(directory=tmp_path / "keys", units=[(world.centre.code, world.centre.name)])


def digitize(world: Any, data: bytes, filename: str) -> Any:
    dossier = receive(world.counter)
    scan = scan_upload(actor=world.counter, dossier_code=dossier.code, data=data, filename=filename)
    return scan_process(document_id=scan.pk)


def test_the_copy_carries_the_units_valid_signature(world: Any, keys: None) -> None:
    scan = digitize(world, text_png(dpi=200), "giay-khai-sinh.png")
    assert scan.status == ScanStatus.DONE and scan.unit_signed
    with scan.archival.open("rb") as handle:
        (report,) = validate_pdf_signatures(handle.read())
    assert report.intact and report.trusted and report.covers_whole_document
    assert world.centre.name in report.signer_name


def test_a_citizens_signed_pdf_is_not_signed_again(world: Any, keys: None) -> None:
    original = signed_pdf()
    scan = digitize(world, original, "da-ky.pdf")
    assert scan.status == ScanStatus.DONE and not scan.unit_signed
    with scan.archival.open("rb") as handle:
        assert handle.read() == original


def test_without_a_key_the_copy_stays_unsigned_or_fails_when_required(
    world: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA_SIGNING_DIR = tmp_path / "no-keys"
    scan = digitize(world, text_png(dpi=200), "a.png")
    assert scan.status == ScanStatus.DONE and not scan.unit_signed
    settings.MOTCUA_SCAN_REQUIRE_SIGNATURE = True
    scan = digitize(world, text_png(dpi=200), "b.png")
    assert scan.status == ScanStatus.FAILED and "key" in scan.error

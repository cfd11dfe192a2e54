"""``motcua sanity-check`` compares stored files with the database."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from motcua.digitization.services import scan_process, scan_upload
from tests.digitization import samples


def sanity_check() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("sanity_check", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), err.getvalue()
    return 0, out.getvalue()


def test_sanity_check_finds_a_tampered_file_and_an_orphan(
    world: Any, dossier: Any, media: Path
) -> None:
    # A signed PDF: processed without OCR, so the test stays fast.
    document = scan_upload(
        actor=world.counter,
        dossier_code=dossier.code,
        data=samples.signed_pdf(),
        filename="signed.pdf",
    )
    document = scan_process(document_id=document.pk)
    assert sanity_check() == (0, "storage matches the database: 1 scans\n")

    (media / document.archival.name).write_bytes(b"%PDF-1.4 changed")
    orphan = media / "originals" / "2020" / "01" / "stray.png"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(samples.text_png())
    (media / document.original.name).unlink()

    code, report = sanity_check()
    assert code == 1
    assert f"Scan {document.pk}, original {document.original.name}: missing" in report
    assert f"archival copy {document.archival.name}: content does not match" in report
    assert "Orphan file (no scan refers to it): originals/2020/01/stray.png" in report


@pytest.mark.django_db
def test_sanity_check_passes_on_empty_storage() -> None:
    assert sanity_check() == (0, "storage matches the database: 0 scans\n")

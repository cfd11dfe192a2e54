"""Builders of the data-store tests: dossiers of one applicant and entries in their store."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from motcua.api.services import api_token_issue
from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.warehouse.models import StoreEntry
from tests.api.conftest import Api
from tests.dossiers.helpers import receive

ID_CARD = "Căn cước công dân (xuất trình)"  # reusable in the world's procedures
FORM = "Tờ khai theo mẫu"  # not reusable


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Each test stores its files in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def earlier(world: Any) -> Dossier:
    """An earlier dossier of Nguyễn Văn Hùng, whose scans fill his store."""
    return receive(world.counter)


def item_of(dossier: Dossier, name: str) -> DossierDocument:
    return dossier.documents.select_related("required_document").get(name=name)


def finished_scan(dossier: Dossier, item: DossierDocument, content: bytes = b"%PDF-1.4 x") -> Any:
    """A scan of ``item`` as digitization leaves it when done (files in storage, row DONE)."""
    digest = hashlib.sha256(content).hexdigest()
    original = default_storage.save(f"originals/test/{digest[:16]}.pdf", ContentFile(content))
    archival = default_storage.save(f"archival/test/{digest[:16]}.pdf", ContentFile(content))
    return ScannedDocument.objects.create(
        dossier=dossier,
        dossier_document=item,
        original=original,
        original_name="scan.pdf",
        original_sha256=digest,
        original_size=len(content),
        detected_type="pdf",
        page_count=1,
        archival=archival,
        archival_sha256=digest,
        status=ScanStatus.DONE,
        progress=100,
    )


def stored_entry(
    dossier: Dossier,
    name: str = ID_CARD,
    *,
    valid_until: date | None = None,
    number: str = "",
    content: bytes | None = None,
) -> StoreEntry:
    """File a finished scan of the item ``name`` of ``dossier`` and set its metadata."""
    scan = finished_scan(
        dossier, item_of(dossier, name), content or name.encode() + number.encode()
    )
    entry = StoreEntry.objects.get(scan=scan)
    entry.valid_until, entry.number = valid_until, number
    entry.save()
    return entry


def stored_files(media: Path) -> list[Path]:
    return sorted(path for path in media.rglob("*") if path.is_file()) if media.exists() else []


@pytest.fixture
def api(world: Any) -> dict[str, Api]:
    """An API client with a bearer token per officer persona."""
    names = ["counter", "specialist", "leader", "clerk", "stranger"]
    return {name: Api(api_token_issue(user=getattr(world, name))) for name in names}

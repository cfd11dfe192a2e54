"""Reads of scanned documents, and the comparison of storage with the database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.files.storage import Storage, default_storage
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua.digitization.models import ScannedDocument
from motcua.dossiers.models import Dossier

STORED_FOLDERS = ("originals", "archival")


def scan_list(*, dossier: Dossier) -> QuerySet[ScannedDocument]:
    """The dossier's scans with their pages, for a page that lists them."""
    return ScannedDocument.objects.filter(dossier=dossier).prefetch_related("pages")


def scan_get(*, dossier: Dossier, document_id: int) -> ScannedDocument | None:
    return scan_list(dossier=dossier).filter(pk=document_id).first()


@dataclass
class SanityReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.orphans


def scan_sanity_report(storage: Storage | None = None) -> SanityReport:
    """Every stored file a row names exists and matches its SHA-256; no file lacks a row."""
    storage = storage or default_storage
    report, referenced = SanityReport(), set()
    rows = ScannedDocument.objects.only("pk", "original", "original_sha256", "archival")
    for document in rows.iterator(chunk_size=500):
        report.checked += 1
        files = [(_("original"), document.original.name or "", document.original_sha256)]
        if document.archival.name:
            files.append(
                (_("archival copy"), document.archival.name or "", document.archival_sha256)
            )
        for label, name, expected in files:
            referenced.add(name)
            problem = _file_problem(storage, name, expected)
            if problem:
                report.problems.append(
                    _("Scan %(id)s, %(label)s %(name)s: %(problem)s")
                    % {"id": document.pk, "label": label, "name": name, "problem": problem}
                )
    report.orphans = sorted(set(_stored_files(storage)) - referenced)
    return report


def _file_problem(storage: Storage, name: str, expected: str) -> str:
    if not name or not storage.exists(name):
        return _("missing from storage")
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != expected:
        return _("content does not match its SHA-256 (changed or damaged)")
    return ""


def _stored_files(storage: Storage) -> Iterator[str]:
    for folder in STORED_FOLDERS:
        yield from _walk(storage, folder)


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")

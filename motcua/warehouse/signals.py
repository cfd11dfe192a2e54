"""News from the apps below: a scan finished, a result was issued.

``digitization`` and ``dossiers`` must not import the data store; it listens to
their rows being saved instead (ARCHITECTURE.md). The handlers run inside the
transaction that saves the row, so a finished scan and its store entry are
committed together, or neither is.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.dossiers.models import StatusChange
from motcua.warehouse.services import entry_file_result, entry_file_scan


def _scan_saved(sender: Any, instance: ScannedDocument, **kwargs: Any) -> None:
    if instance.status == ScanStatus.DONE and instance.dossier_document_id is not None:
        entry_file_scan(scan=instance)


def _status_changed(sender: Any, instance: StatusChange, created: bool, **kwargs: Any) -> None:
    if created and instance.action == "issue":
        entry_file_result(
            dossier=instance.dossier,
            number=str(instance.data.get("result_number", "")),
            at=instance.at,
        )


def connect() -> None:
    post_save.connect(_scan_saved, sender=ScannedDocument, dispatch_uid="warehouse_scan_saved")
    post_save.connect(_status_changed, sender=StatusChange, dispatch_uid="warehouse_status_changed")

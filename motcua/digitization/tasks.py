"""Background jobs of digitization: one job per uploaded document (queue "ocr")."""

from __future__ import annotations

from typing import Any

from motcua.core.jobs import job
from motcua.digitization.services import scan_process


@job(name="motcua.digitization.scan_process", max_retries=3)
def scan_process_task(self: Any, document_id: int) -> None:
    """Digitize one document; safe to run twice (``scan_process`` is idempotent)."""
    scan_process(document_id=document_id)

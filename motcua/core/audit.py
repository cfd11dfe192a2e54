"""Writing and verifying the hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.core.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _digest(
    prev_hash: str,
    seq: int,
    at: datetime,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
) -> str:
    payload = json.dumps(
        [prev_hash, seq, at.isoformat(), actor_label, action, object_type, object_id, data],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@transaction.atomic
def audit_record(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: str | int,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one row; must run inside the transaction of the change it records."""
    # Lock the head row: the chain is a sequence, so appends are serialised.
    AuditHead.objects.get_or_create(id=1)
    head = AuditHead.objects.select_for_update().get(id=1)
    payload = json.loads(json.dumps(data or {}, default=str))
    at = timezone.now()
    label = getattr(actor, "username", "") if actor is not None else "system"
    seq = head.seq + 1
    digest = _digest(head.hash, seq, at, label, action, object_type, str(object_id), payload)
    entry = AuditEntry.objects.create(
        seq=seq,
        at=at,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        data=payload,
        prev_hash=head.hash,
        hash=digest,
    )
    head.seq, head.hash = seq, digest
    head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class AuditVerdict:
    checked: int
    broken_seq: int | None
    reason: str = ""


def audit_verify(batch: int = 2000) -> AuditVerdict:
    """Recompute the chain; report the first row whose link or hash is wrong."""
    prev, expected_seq, checked = GENESIS, 1, 0
    for row in AuditEntry.objects.order_by("seq").iterator(chunk_size=batch):
        if row.seq != expected_seq:
            return AuditVerdict(checked, row.seq, f"row #{expected_seq} is missing")
        if row.prev_hash != prev:
            return AuditVerdict(checked, row.seq, "does not point at the previous row")
        digest = _digest(
            row.prev_hash,
            row.seq,
            row.at,
            row.actor_label,
            row.action,
            row.object_type,
            row.object_id,
            row.data,
        )
        if digest != row.hash:
            return AuditVerdict(checked, row.seq, "content does not match its hash")
        prev, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and head.seq != checked:
        return AuditVerdict(checked, checked + 1, "rows after this one were removed")
    return AuditVerdict(checked, None)

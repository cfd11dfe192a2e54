"""Every change of a data store: filing scans and results, metadata, reuse of an entry.

Reuse links a checklist item to a store entry (an ``ItemReuse`` row and the
item's ``from_store`` mark); no file is read, copied or written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import audit_record
from motcua.core.errors import DomainError, NotFound, TransitionNotAllowed
from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.dossiers.access import get_dossier_for_officer, officer_of
from motcua.dossiers.hooks import event_hooks_run
from motcua.dossiers.inputs import DocumentInput
from motcua.dossiers.models import Dossier, DossierDocument, Status
from motcua.dossiers.services import ActionForbidden
from motcua.units.models import Officer, Role
from motcua.warehouse.kinds import document_kind
from motcua.warehouse.models import DataStore, EntryKind, ItemReuse, StoreEntry
from motcua.warehouse.selectors import (
    entries_valid_by_kind,
    item_kind,
    item_title,
    store_of_dossier,
)

# Officers who take documents from the store: the counter and the specialist.
REUSE_ROLES = frozenset({Role.COUNTER, Role.SPECIALIST})
# Before a decision (approve, refuse, stop): afterwards the dossier's papers are final.
OPEN_FOR_REUSE = frozenset(
    {Status.RECEIVED, Status.ASSIGNED, Status.SUPPLEMENT_REQUESTED, Status.APPRAISED}
)


# --- filing -------------------------------------------------------------------------


def _store_get_or_create(dossier: Dossier) -> DataStore:
    store, created = DataStore.objects.get_or_create(
        owner_kind=dossier.applicant_kind,
        owner_id=dossier.applicant_id,
        defaults={"owner_name": dossier.applicant_name},
    )
    if not created and store.owner_name != dossier.applicant_name:
        store.owner_name = dossier.applicant_name  # the latest name on a dossier
        store.save(update_fields=["owner_name"])
    return store


@transaction.atomic
def entry_file_scan(*, scan: ScannedDocument) -> StoreEntry | None:
    """File a finished scan of a checklist item in the applicant's store; idempotent.

    Filing the same scan again returns its entry (the checksums refreshed,
    the officer's metadata kept). A scan not done, or of no checklist item,
    files nothing.
    """
    if scan.status != ScanStatus.DONE or scan.dossier_document_id is None:
        return None
    entry = StoreEntry.objects.select_for_update().filter(scan=scan).first()
    if entry is not None:
        if (entry.original_sha256, entry.archival_sha256) != (
            scan.original_sha256,
            scan.archival_sha256,
        ):
            entry.original_sha256, entry.archival_sha256 = (
                scan.original_sha256,
                scan.archival_sha256,
            )
            entry.save(update_fields=["original_sha256", "archival_sha256", "updated_at"])
        return entry
    item = DossierDocument.objects.select_related("required_document", "dossier").get(
        pk=scan.dossier_document_id
    )
    title = item_title(item)
    entry = StoreEntry.objects.create(
        store=_store_get_or_create(item.dossier),
        kind=EntryKind.DOCUMENT,
        title=title,
        kind_key=document_kind(title),
        source_dossier=item.dossier,
        source_item=item,
        scan=scan,
        original_sha256=scan.original_sha256,
        archival_sha256=scan.archival_sha256,
    )
    _audit_filed(entry, item.dossier, scan=scan.pk)
    return entry


@transaction.atomic
def entry_file_result(*, dossier: Dossier, number: str, at: datetime) -> StoreEntry:
    """File the result issued on a dossier in the applicant's store; idempotent per dossier."""
    entry = StoreEntry.objects.filter(source_dossier=dossier, kind=EntryKind.RESULT).first()
    if entry is not None:
        entry.number = number[:64]
        entry.save(update_fields=["number", "updated_at"])
        return entry
    result = dossier.procedure.result_documents.order_by("id").first()
    title = result.name if result is not None else dossier.procedure.name
    entry = StoreEntry.objects.create(
        store=_store_get_or_create(dossier),
        kind=EntryKind.RESULT,
        title=title[:300],
        kind_key=document_kind(title),
        issuer=dossier.competent_agency.name[:200],
        number=number[:64],
        issued_on=timezone.localdate(at),
        source_dossier=dossier,
    )
    _audit_filed(entry, dossier)
    return entry


def _audit_filed(entry: StoreEntry, dossier: Dossier, **data: Any) -> None:
    audit_record(
        actor=None,
        action="store.file",
        object_type="store_entry",
        object_id=entry.pk,
        data={"dossier": dossier.code, "kind": entry.kind, "title": entry.title, **data},
    )


# --- metadata -------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryMetadata:
    """What an officer fills in about a stored document."""

    issuer: str = ""
    number: str = ""
    issued_on: date | None = None
    valid_until: date | None = None


def _text(value: str, *, field: str, label: str, max_length: int) -> str:
    value = value.strip()
    if "\x00" in value:
        raise DomainError(
            _("%(label)s contains a character that cannot be stored.") % {"label": label},
            field=field,
        )
    if len(value) > max_length:
        raise DomainError(
            _("%(label)s is too long (at most %(n)s characters).")
            % {"label": label, "n": max_length},
            field=field,
        )
    return value


def _check_metadata(data: EntryMetadata, today: date) -> EntryMetadata:
    issuer = _text(data.issuer, field="issuer", label=_("The issuer"), max_length=200)
    number = _text(data.number, field="number", label=_("The number"), max_length=64)
    if data.issued_on is not None and data.issued_on > today:
        raise DomainError(_("The issue date cannot be in the future."), field="issued_on")
    if data.issued_on and data.valid_until and data.valid_until < data.issued_on:
        raise DomainError(_("A document cannot expire before it was issued."), field="valid_until")
    return EntryMetadata(issuer, number, data.issued_on, data.valid_until)


def _officer_of_dossier(actor: Any, dossier: Dossier) -> Officer:
    officer = officer_of(actor)
    if officer is None or officer.role not in REUSE_ROLES:
        raise ActionForbidden(
            _("Only counter officers and specialists work with the applicant's data store.")
        )
    if officer.agency_id not in {dossier.receiving_agency_id, dossier.current_agency_id}:
        raise ActionForbidden(_("Only the agency that holds the dossier can do this."))
    return officer


def store_may_change(*, actor: Any, dossier: Dossier) -> bool:
    """Whether the actor may fill in metadata and take items from the store on this dossier."""
    try:
        _officer_of_dossier(actor, dossier)
    except ActionForbidden:
        return False
    return True


@transaction.atomic
def entry_update(
    *, actor: Any, dossier_code: str, entry_id: int, data: EntryMetadata
) -> StoreEntry:
    """Fill in or correct the metadata of an entry filed from this dossier."""
    dossier = get_dossier_for_officer(user=actor, code=dossier_code, for_update=True)
    _officer_of_dossier(actor, dossier)
    entry = (
        StoreEntry.objects.select_for_update().filter(pk=entry_id, source_dossier=dossier).first()
    )
    if entry is None:
        raise NotFound(_("This dossier filed no such document in the store."), field="entry")
    clean = _check_metadata(data, timezone.localdate())
    before = {
        k: str(getattr(entry, k) or "") for k in ("issuer", "number", "issued_on", "valid_until")
    }
    entry.issuer, entry.number = clean.issuer, clean.number
    entry.issued_on, entry.valid_until = clean.issued_on, clean.valid_until
    entry.updated_by = actor
    entry.save()
    after = {k: str(getattr(entry, k) or "") for k in before}
    audit_record(
        actor=actor,
        action="store.entry_update",
        object_type="store_entry",
        object_id=entry.pk,
        data={
            "dossier": dossier.code,
            "changed": {k: [before[k], after[k]] for k in before if before[k] != after[k]},
        },
    )
    return entry


# --- reuse ----------------------------------------------------------------------------


def _check_reusable(item: DossierDocument, entry: StoreEntry, today: date) -> None:
    if item.required_document is None or not item.required_document.reusable_from_store:
        raise DomainError(
            _("“%(item)s” cannot be taken from the data store for this procedure.")
            % {"item": item.name},
            field="item",
        )
    if entry.kind_key != item_kind(item):
        raise DomainError(
            _("The stored “%(entry)s” is not a “%(item)s”.")
            % {"entry": entry.title, "item": item.name},
            field="entry",
        )
    if not entry.is_valid_on(today):
        raise DomainError(
            _("The stored “%(entry)s” expired on %(day)s.")
            % {"entry": entry.title, "day": entry.valid_until},
            field="entry",
        )


def _reuse_changed(dossier: Dossier, before: tuple[bool, bool], reuse: ItemReuse) -> None:
    """Tell the reports (``dossiers.hooks``) what the row now adds to the reuse rate."""
    after = reuse.counted()
    possible, reused = after[0] and not before[0], after[1] and not before[1]
    if possible or reused:
        event_hooks_run(
            dossier=dossier, event="reuse", data={"possible": possible, "reused": reused}
        )


def _link(
    dossier: Dossier,
    item: DossierDocument,
    entry: StoreEntry,
    actor: Any,
    at: datetime,
    *,
    at_intake: bool = False,
) -> ItemReuse:
    reuse, created = ItemReuse.objects.get_or_create(item=item)
    before = (False, False) if created else reuse.counted()
    reuse.entry, reuse.reused_at, reuse.reused_by = entry, at, actor
    reuse.held_at_intake = reuse.held_at_intake or at_intake
    reuse.save()
    item.from_store, item.provided = True, True
    item.save(update_fields=["from_store", "provided"])
    _reuse_changed(dossier, before, reuse)
    return reuse


def _audit_reuse(actor: Any, dossier: Dossier, reuse: ItemReuse, *, at_intake: bool) -> None:
    audit_record(
        actor=actor,
        action="store.reuse",
        object_type="dossier",
        object_id=dossier.code,
        data={"item": reuse.item_id, "entry": reuse.entry_id, "at_intake": at_intake},
    )


@transaction.atomic
def item_reuse(
    *, actor: Any, dossier_code: str, item_id: int, entry_id: int, at: datetime | None = None
) -> ItemReuse:
    """Take a checklist item from the applicant's store: a link to ``entry``, nothing copied.

    Allowed to the counter officer or specialist of the agency holding the
    dossier, before it is decided, for an item whose required document is
    reusable, with a still-valid entry of the same kind from the applicant's
    own store. Reusing another entry for the same item replaces the link.
    """
    dossier = get_dossier_for_officer(user=actor, code=dossier_code, for_update=True)
    _officer_of_dossier(actor, dossier)
    if dossier.status not in OPEN_FOR_REUSE:
        raise TransitionNotAllowed(
            _("Documents can be taken from the data store only before the dossier is decided.")
        )
    item = (
        DossierDocument.objects.select_related("required_document")
        .filter(dossier=dossier, pk=item_id)
        .first()
    )
    if item is None:
        raise NotFound(_("This dossier has no such checklist item."), field="item")
    store = store_of_dossier(dossier)
    entry = StoreEntry.objects.filter(store=store, pk=entry_id).first() if store else None
    if entry is None:
        raise NotFound(_("The applicant's data store has no such entry."), field="entry")
    now = at or timezone.now()
    _check_reusable(item, entry, timezone.localdate(now))
    reuse = _link(dossier, item, entry, actor, now)
    _audit_reuse(actor, dossier, reuse, at_intake=False)
    return reuse


def intake_reuse(
    *, actor: Any, dossier: Dossier, items: Sequence[tuple[DossierDocument, DocumentInput]]
) -> None:
    """Intake hook (``dossiers.hooks``), inside ``dossier_receive``'s transaction.

    For each reusable checklist item, record whether the store held a valid
    entry of its kind (the reuse rate's denominator), and link the newest such
    entry where the officer chose "from the data store". Choosing it for an
    item the store does not hold refuses the intake with the reason.
    """
    wanted = [(row, given) for row, given in items if given.from_store or _reusable(row)]
    if not wanted:
        return
    today = timezone.localdate(dossier.received_at)
    held = entries_valid_by_kind(store_of_dossier(dossier), today)
    for row, given in wanted:
        if given.from_store and not _reusable(row):
            raise DomainError(
                _("“%(item)s” cannot be taken from the data store for this procedure.")
                % {"item": row.name},
                field="documents",
            )
        entries = held.get(item_kind(row), [])
        if given.from_store and not entries:
            raise DomainError(
                _(
                    "The applicant's data store holds no valid “%(item)s”: take a copy or "
                    "untick “From the data store”."
                )
                % {"item": row.name},
                field="documents",
            )
        if given.from_store:
            reuse = _link(dossier, row, entries[0], actor, dossier.received_at, at_intake=True)
            _audit_reuse(actor, dossier, reuse, at_intake=True)
        elif entries:
            reuse = ItemReuse.objects.create(item=row, held_at_intake=True)
            _reuse_changed(dossier, (False, False), reuse)


def _reusable(item: DossierDocument) -> bool:
    return item.required_document is not None and item.required_document.reusable_from_store

"""Reads of data stores, the intake offers, and the reuse rate (Decision 766).

Every read of a person's store on behalf of an officer writes an audit row
(``store.read``): the store is personal data, and who looked at it, when and
through which dossier must be on record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalogue.models import Procedure
from motcua.citizens.identifiers import IdentifierError, check_tax_code, parse_personal_id
from motcua.core.audit import audit_record
from motcua.core.errors import DomainError
from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.access import officer_may_receive, officer_of
from motcua.dossiers.hooks import IntakeOffer
from motcua.dossiers.models import ApplicantKind, Dossier, DossierDocument
from motcua.dossiers.services import ActionForbidden
from motcua.units.models import AdministrativeUnit, Agency
from motcua.units.selectors import unit_ids_in_province
from motcua.warehouse.kinds import document_kind
from motcua.warehouse.models import DataStore, ItemReuse, StoreEntry


def store_get(*, owner_kind: str, owner_id: str) -> DataStore | None:
    return DataStore.objects.filter(owner_kind=owner_kind, owner_id=owner_id).first()


def store_of_dossier(dossier: Dossier) -> DataStore | None:
    """The store of the dossier's applicant, if anything was ever filed for them."""
    return store_get(owner_kind=dossier.applicant_kind, owner_id=dossier.applicant_id)


def item_title(item: DossierDocument) -> str:
    """The document type of a checklist item: the procedure's required-document name."""
    return item.required_document.name if item.required_document else item.name


def item_kind(item: DossierDocument) -> str:
    """The kind of a checklist item: its document type, normalised."""
    return document_kind(item_title(item))


def entry_list(store: DataStore | None) -> list[StoreEntry]:
    """The store's entries, newest document first."""
    if store is None:
        return []
    return list(
        StoreEntry.objects.filter(store=store)
        .select_related("source_dossier", "scan")
        .order_by(F("issued_on").desc(nulls_last=True), "-id")
    )


def entries_valid_by_kind(store: DataStore | None, today: date) -> dict[str, list[StoreEntry]]:
    """Entries still valid on ``today`` (no end date, or not before it), newest first."""
    found: dict[str, list[StoreEntry]] = {}
    for entry in entry_list(store):
        if entry.is_valid_on(today):
            found.setdefault(entry.kind_key, []).append(entry)
    return found


def _audit_read(actor: Any, owner_kind: str, owner_id: str, **data: Any) -> None:
    audit_record(
        actor=actor,
        action="store.read",
        object_type="data_store",
        object_id=f"{owner_kind}:{owner_id}",
        data=data,
    )


# --- intake offers --------------------------------------------------------------------


def _owner_id(kind: str, raw: str) -> str:
    try:
        if kind == ApplicantKind.ORGANISATION:
            return check_tax_code(raw)
        if kind == ApplicantKind.PERSON:
            return parse_personal_id(raw).number
    except IdentifierError as exc:
        raise DomainError(str(exc), field="applicant_id") from None
    raise DomainError(_("Unknown applicant kind."), field="applicant_kind")


def entry_description(entry: StoreEntry) -> str:
    """One line for the officer: type, number, issuer, dates."""
    parts = [entry.title]
    if entry.number:
        parts.append(_("no. %(number)s") % {"number": entry.number})
    if entry.issuer:
        parts.append(entry.issuer)
    if entry.issued_on:
        parts.append(_("issued %(day)s") % {"day": entry.issued_on.strftime("%d/%m/%Y")})
    if entry.valid_until:
        parts.append(_("valid until %(day)s") % {"day": entry.valid_until.strftime("%d/%m/%Y")})
    return " · ".join(parts)


def intake_store_offers(
    *, actor: Any, procedure: Procedure, applicant_kind: str, applicant_id: str
) -> list[IntakeOffer]:
    """What the applicant's store can provide for this procedure's reusable checklist items.

    The one read of a store without a dossier: the counter officer receiving
    the applicant's dossier sees, for this checklist only, the valid entries
    that match; never the rest of the store. The read is audited.
    """
    if not officer_may_receive(officer_of(actor)):
        raise ActionForbidden(_("Only a counter officer of a one-stop unit can receive dossiers."))
    owner_id = _owner_id(applicant_kind, applicant_id)
    _audit_read(actor, applicant_kind, owner_id, via="intake", procedure=procedure.code)
    held = entries_valid_by_kind(
        store_get(owner_kind=applicant_kind, owner_id=owner_id), timezone.localdate()
    )
    return [
        IntakeOffer(required_document_id=doc.pk, description=entry_description(entry))
        for doc in procedure.required_documents.filter(reusable_from_store=True)
        for entry in held.get(document_kind(doc.name), [])
    ]


# --- the store of a dossier's applicant -------------------------------------------------


@dataclass(frozen=True)
class ItemOffer:
    """A checklist item of the dossier and the valid entries that could stand for it."""

    item: DossierDocument
    reuse: ItemReuse | None
    entries: list[StoreEntry] = field(default_factory=list)


@dataclass(frozen=True)
class EntryRow:
    entry: StoreEntry
    valid: bool
    reused_for: list[DossierDocument]


@dataclass(frozen=True)
class StoreView:
    dossier: Dossier
    store: DataStore | None
    entries: list[StoreEntry]
    items: list[ItemOffer]
    today: date

    @property
    def rows(self) -> list[EntryRow]:
        """Each entry, whether it is valid today, and the items of this dossier reusing it."""
        reused: dict[int, list[DossierDocument]] = {}
        for offer in self.items:
            if offer.reuse is not None and offer.reuse.entry_id is not None:
                reused.setdefault(offer.reuse.entry_id, []).append(offer.item)
        return [
            EntryRow(entry, entry.is_valid_on(self.today), reused.get(entry.pk, []))
            for entry in self.entries
        ]


def store_view(*, actor: Any, dossier: Dossier, via: str, today: date | None = None) -> StoreView:
    """The store of the applicant of ``dossier`` (fetched through the access helpers).

    Seeing a dossier lets an officer see its applicant's store: every entry,
    and for each reusable checklist item, the valid entries of its kind.
    Audited as a read of the store.
    """
    today = today or timezone.localdate()
    store = store_of_dossier(dossier)
    _audit_read(actor, dossier.applicant_kind, dossier.applicant_id, via=via, dossier=dossier.code)
    entries = entry_list(store)
    valid: dict[str, list[StoreEntry]] = {}
    for entry in entries:
        if entry.is_valid_on(today):
            valid.setdefault(entry.kind_key, []).append(entry)
    reuses = {r.item_id: r for r in ItemReuse.objects.filter(item__dossier=dossier)}
    items = [
        ItemOffer(
            item=item,
            reuse=reuses.get(item.pk),
            entries=valid.get(item_kind(item), []) if _reusable(item) else [],
        )
        for item in dossier.documents.select_related("required_document")
    ]
    return StoreView(dossier=dossier, store=store, entries=entries, items=items, today=today)


def _reusable(item: DossierDocument) -> bool:
    return item.required_document is not None and item.required_document.reusable_from_store


def entry_of_dossier(*, actor: Any, dossier: Dossier, entry_id: int) -> StoreEntry | None:
    """An entry filed from ``dossier`` (to fill in its metadata); the read is audited."""
    entry = StoreEntry.objects.filter(pk=entry_id, source_dossier=dossier).first()
    if entry is not None:
        _audit_read(
            actor, dossier.applicant_kind, dossier.applicant_id, via="entry", entry=entry.pk
        )
    return entry


# --- reuse rate (Decision 766, digitization group) ----------------------------------------


@dataclass(frozen=True)
class ReuseRate:
    reused: int
    possible: int

    @property
    def rate(self) -> float | None:
        """``reused / possible``; None when nothing could have been reused."""
        return self.reused / self.possible if self.possible else None


def _counted(rows: Any) -> ReuseRate:
    totals = rows.filter(ItemReuse.POSSIBLE).aggregate(
        reused=Count("pk", filter=Q(entry__isnull=False)), possible=Count("pk")
    )
    return ReuseRate(reused=totals["reused"], possible=totals["possible"])


def reuse_rate(
    *,
    start: date,
    end: date,
    agency: Agency | None = None,
    unit: AdministrativeUnit | None = None,
) -> ReuseRate:
    """Reuse rate of the dossiers received from ``start`` to ``end`` (both included, Vietnam
    dates) by ``agency``, or by any agency of ``unit`` (with its communes and the units
    merged into it).

    Definition (Decision 766, "tỷ lệ tái sử dụng"):

    - *possible*: checklist items whose required document is marked
      ``reusable_from_store`` and whose applicant's store held a valid entry of
      that document kind when the dossier was received — plus any item reused
      later (a reuse proves an entry was there to reuse);
    - *reused*: those items linked to a store entry (``from_store``), at intake or
      later from the dossier page.

    rate = reused / possible; None when nothing was possible. A dossier counts
    whatever became of it (withdrawn ones too): the citizen was, or was not,
    spared the paper at intake.
    """
    if (agency is None) == (unit is None):
        raise ValueError("give an agency or a unit")
    since = datetime.combine(start, time.min, tzinfo=VN_TZ)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=VN_TZ)
    rows = ItemReuse.objects.filter(
        item__dossier__received_at__gte=since, item__dossier__received_at__lt=until
    )
    if agency is not None:
        rows = rows.filter(item__dossier__receiving_agency=agency)
    elif unit is not None:
        rows = rows.filter(item__dossier__receiving_agency__unit_id__in=unit_ids_in_province(unit))
    return _counted(rows)


def dossier_reuse_count(dossier: Dossier) -> ReuseRate:
    """The same count for one dossier: items reused / items that could have been."""
    return _counted(ItemReuse.objects.filter(item__dossier=dossier))


def own_store_offers(*, id_number: str, procedure: Procedure) -> dict[int, str]:
    """For a person filing online: which of the procedure's reusable checklist items their
    own store holds a valid entry for (required-document id → the entry, described).
    The person reads their own data: nothing to audit."""
    held = entries_valid_by_kind(
        store_get(owner_kind="person", owner_id=id_number), timezone.localdate()
    )
    offers: dict[int, str] = {}
    for doc in procedure.required_documents.filter(reusable_from_store=True):
        entries = held.get(document_kind(doc.name), [])
        if entries:
            offers[doc.pk] = entry_description(entries[0])
    return offers

"""The applicant's data store, seen through one of their dossiers, and reuse of its entries."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.params.functions import Path as PathParam
from ninja.responses import codes_4xx

from motcua.api.auth import OFFICER_AUTH, request_actor
from motcua.api.schemas import DossierCode, ErrorOut, InSchema, VnDatetime
from motcua.dossiers.access import get_dossier_for_officer
from motcua.warehouse.models import ItemReuse, StoreEntry
from motcua.warehouse.selectors import dossier_reuse_count, store_view
from motcua.warehouse.services import item_reuse

router = Router(tags=["data store"], auth=OFFICER_AUTH)

ItemId = Annotated[int, PathParam(..., ge=1, le=2**31 - 1, description="The checklist item id.")]


class EntryOut(Schema):
    id: int
    kind: str
    title: str
    kind_key: str
    issuer: str
    number: str
    issued_on: date | None
    valid_until: date | None
    valid: bool
    source_dossier: str | None
    source_item_id: int | None
    scan_id: int | None
    original_sha256: str
    archival_sha256: str

    @classmethod
    def of(cls, entry: StoreEntry, *, today: date) -> EntryOut:
        return cls(
            id=entry.pk,
            kind=entry.kind,
            title=entry.title,
            kind_key=entry.kind_key,
            issuer=entry.issuer,
            number=entry.number,
            issued_on=entry.issued_on,
            valid_until=entry.valid_until,
            valid=entry.is_valid_on(today),
            source_dossier=entry.source_dossier.code if entry.source_dossier else None,
            source_item_id=entry.source_item_id,
            scan_id=entry.scan_id,
            original_sha256=entry.original_sha256,
            archival_sha256=entry.archival_sha256,
        )


class ItemOut(Schema):
    id: int
    name: str
    from_store: bool
    entry_id: int | None = Field(None, description="The store entry the item is linked to.")
    held_at_intake: bool
    reusable_entry_ids: list[int] = Field(
        description="Valid entries of the same kind that could stand for the item."
    )


class StoreOut(Schema):
    owner_kind: str
    owner_id: str
    owner_name: str
    entries: list[EntryOut]
    items: list[ItemOut]
    reused: int
    reusable: int


class ReuseIn(InSchema):
    entry: int = Field(..., ge=1, le=2**31 - 1, description="Id of the store entry to link.")


class ReuseOut(Schema):
    item_id: int
    entry_id: int
    reused_at: VnDatetime

    @classmethod
    def of(cls, reuse: ItemReuse) -> ReuseOut:
        return cls.model_validate(reuse, from_attributes=True)


@router.get(
    "/{code}/store",
    response={200: StoreOut, codes_4xx: ErrorOut},
    summary="The data store of the dossier's applicant (the read is audited)",
)
def store_detail(request: HttpRequest, code: DossierCode) -> StoreOut:
    actor = request_actor(request)
    dossier = get_dossier_for_officer(user=actor, code=code)
    view = store_view(actor=actor, dossier=dossier, via="api")
    count = dossier_reuse_count(dossier)
    return StoreOut(
        owner_kind=dossier.applicant_kind,
        owner_id=dossier.applicant_id,
        owner_name=view.store.owner_name if view.store else dossier.applicant_name,
        entries=[EntryOut.of(e, today=view.today) for e in view.entries],
        items=[
            ItemOut(
                id=o.item.pk,
                name=o.item.name,
                from_store=o.item.from_store,
                entry_id=o.reuse.entry_id if o.reuse else None,
                held_at_intake=bool(o.reuse and o.reuse.held_at_intake),
                reusable_entry_ids=[e.pk for e in o.entries],
            )
            for o in view.items
        ],
        reused=count.reused,
        reusable=count.possible,
    )


@router.post(
    "/{code}/documents/{item}/reuse",
    response={200: ReuseOut, codes_4xx: ErrorOut},
    summary="Take a checklist item from the applicant's data store (a link, nothing copied)",
)
def store_reuse(
    request: HttpRequest, code: DossierCode, item: ItemId, payload: ReuseIn
) -> ReuseOut:
    reuse = item_reuse(
        actor=request_actor(request), dossier_code=code, item_id=item, entry_id=payload.entry
    )
    return ReuseOut.of(reuse)

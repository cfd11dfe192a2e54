"""Reuse: offered for valid, reusable entries; a link to the entry, never a copy."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from motcua.core.errors import DomainError, NotFound, TransitionNotAllowed
from motcua.core.models import AuditEntry
from motcua.digitization.models import ScannedDocument
from motcua.dossiers.inputs import DocumentInput, IntakeInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ActionForbidden, dossier_receive
from motcua.warehouse.models import ItemReuse
from motcua.warehouse.selectors import intake_store_offers
from motcua.warehouse.services import item_reuse
from tests.dossiers.helpers import HUNG, act, receive
from tests.warehouse.conftest import FORM, ID_CARD, item_of, stored_entry, stored_files

YESTERDAY = timezone.localdate() - timedelta(days=1)


def offers(world: Any, actor: Any = None) -> list[str]:
    found = intake_store_offers(
        actor=actor or world.counter,
        procedure=world.procedure,
        applicant_kind="person",
        applicant_id=HUNG.id_number,
    )
    return [offer.description for offer in found]


def intake(world: Any, *, from_store: bool) -> Dossier:
    """Hùng's next dossier; the ID card taken from his store when ``from_store``."""
    documents = tuple(
        DocumentInput(
            name=doc.name,
            required_document_id=doc.pk,
            copies=doc.copies,
            provided=not (from_store and doc.reusable_from_store),
            from_store=from_store and doc.reusable_from_store,
        )
        for doc in world.procedure.required_documents.all()
    )
    data = IntakeInput(procedure_code=world.procedure.code, applicant=HUNG, documents=documents)
    return dossier_receive(actor=world.counter, data=data)


def test_intake_offers_only_valid_entries_of_reusable_documents(world: Any, earlier: Any) -> None:
    stored_entry(earlier, ID_CARD, number="C-OLD", valid_until=YESTERDAY)
    stored_entry(earlier, ID_CARD, number="C-NEW", valid_until=date(2040, 1, 1))
    stored_entry(earlier, ID_CARD, number="C-OPEN")  # no end date: valid
    stored_entry(earlier, FORM, number="F-1")  # held, but the form is not reusable

    shown = offers(world)

    assert len(shown) == 2
    assert any("C-NEW" in text and "01/01/2040" in text for text in shown)
    assert any("C-OPEN" in text for text in shown)
    assert AuditEntry.objects.filter(action="store.read", data__via="intake").count() == 1


def test_intake_offers_need_a_counter_officer_and_a_well_formed_id(
    world: Any, earlier: Any
) -> None:
    stored_entry(earlier, ID_CARD)
    with pytest.raises(ActionForbidden):
        offers(world, actor=world.specialist)
    with pytest.raises(DomainError) as refused:
        intake_store_offers(
            actor=world.counter,
            procedure=world.procedure,
            applicant_kind="person",
            applicant_id="12345",
        )
    assert refused.value.field == "applicant_id"
    # Another person's number: nothing of Hùng's shows.
    assert (
        intake_store_offers(
            actor=world.counter,
            procedure=world.procedure,
            applicant_kind="person",
            applicant_id="024190001235",
        )
        == []
    )


def test_an_item_taken_at_intake_is_a_link_and_no_file_is_copied(
    world: Any, earlier: Any, media: Path
) -> None:
    entry = stored_entry(earlier, ID_CARD, number="C-1")
    files, scans = stored_files(media), ScannedDocument.objects.count()

    dossier = intake(world, from_store=True)

    item = item_of(dossier, ID_CARD)
    assert item.from_store and item.provided
    reuse = ItemReuse.objects.get(item=item)
    assert (reuse.entry, reuse.held_at_intake, reuse.reused_by) == (entry, True, world.counter)
    assert stored_files(media) == files  # storage unchanged
    assert ScannedDocument.objects.count() == scans
    assert AuditEntry.objects.filter(action="store.reuse", object_id=dossier.code).exists()


def test_intake_records_what_the_store_held_even_when_not_taken(world: Any, earlier: Any) -> None:
    stored_entry(earlier, ID_CARD)

    dossier = intake(world, from_store=False)

    reuse = ItemReuse.objects.get(item__dossier=dossier)
    assert reuse.held_at_intake and reuse.entry is None
    assert not item_of(dossier, ID_CARD).from_store


def test_taking_from_an_empty_or_expired_store_refuses_the_intake(world: Any, earlier: Any) -> None:
    stored_entry(earlier, ID_CARD, valid_until=YESTERDAY)
    dossiers = Dossier.objects.count()

    with pytest.raises(DomainError) as refused:
        intake(world, from_store=True)

    assert refused.value.field == "documents"
    assert "holds no valid" in refused.value.message
    assert Dossier.objects.count() == dossiers  # nothing half-written


def test_an_item_can_be_taken_from_the_store_on_the_dossier_page_before_a_decision(
    world: Any, earlier: Any
) -> None:
    dossier = receive(world.counter)
    entry = stored_entry(earlier, ID_CARD)
    item = item_of(dossier, ID_CARD)

    reuse = item_reuse(
        actor=world.counter, dossier_code=dossier.code, item_id=item.pk, entry_id=entry.pk
    )
    assert reuse.entry == entry and not reuse.held_at_intake
    item.refresh_from_db()
    assert item.from_store

    act(world.counter, dossier, "assign", assignee="specialist")
    act(world.specialist, dossier, "appraise")
    act(world.leader, dossier, "approve")
    with pytest.raises(TransitionNotAllowed):
        item_reuse(
            actor=world.counter, dossier_code=dossier.code, item_id=item.pk, entry_id=entry.pk
        )


def test_reuse_is_refused_for_expired_unreusable_or_foreign_entries(
    world: Any, earlier: Any
) -> None:
    dossier = receive(world.counter)
    expired = stored_entry(earlier, ID_CARD, valid_until=YESTERDAY)
    form = stored_entry(earlier, FORM)
    card = item_of(dossier, ID_CARD)

    def reuse(item: Any, entry: Any, actor: Any = world.counter) -> None:
        item_reuse(actor=actor, dossier_code=dossier.code, item_id=item.pk, entry_id=entry.pk)

    with pytest.raises(DomainError, match="expired"):
        reuse(card, expired)
    with pytest.raises(DomainError, match="cannot be taken from the data store"):
        reuse(item_of(dossier, FORM), form)
    with pytest.raises(DomainError, match="is not a"):
        reuse(card, form)
    # Another person's store is not this applicant's: not found.
    other = receive(
        world.counter,
        applicant=HUNG.__class__(name="Trần Thị Hoa", id_number="024190001235"),
    )
    foreign = stored_entry(other, ID_CARD)
    with pytest.raises(NotFound):
        reuse(card, foreign)
    # A leader does not take papers from the store; a stranger does not see the dossier.
    with pytest.raises(ActionForbidden):
        reuse(card, stored_entry(earlier, ID_CARD, number="2"), actor=world.leader)
    with pytest.raises(NotFound):
        reuse(card, stored_entry(earlier, ID_CARD, number="3"), actor=world.stranger)
    assert not ItemReuse.objects.filter(item__dossier=dossier, entry__isnull=False).exists()

"""The reuse rate of Decision 766, with real numbers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.inputs import ApplicantInput, DocumentInput, IntakeInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_receive
from motcua.warehouse.selectors import ReuseRate, dossier_reuse_count, reuse_rate
from motcua.warehouse.services import item_reuse
from tests.dossiers.helpers import HUNG, receive
from tests.warehouse.conftest import ID_CARD, item_of, stored_entry

HOA = ApplicantInput(name="Trần Thị Hoa", id_number="024190001235")
LAN = ApplicantInput(name="Vũ Thị Lan", id_number="024190007777")
MARCH = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}


def at(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, 9, 0, tzinfo=VN_TZ)


def intake(
    actor: Any, world: Any, when: datetime, *, applicant: ApplicantInput = HUNG, take: bool
) -> Dossier:
    documents = tuple(
        DocumentInput(
            name=doc.name,
            required_document_id=doc.pk,
            copies=doc.copies,
            from_store=take and doc.reusable_from_store,
        )
        for doc in world.procedure.required_documents.all()
    )
    data = IntakeInput(
        procedure_code=world.procedure.code, applicant=applicant, documents=documents
    )
    return dossier_receive(actor=actor, data=data, at=when)


@pytest.fixture
def dossiers(world: Any) -> dict[str, Dossier]:
    """Hùng's store holds a valid ID card; Hoa's is empty at intake, Lan has none at all."""
    stored_entry(receive(world.counter, at=at(5, 1)), ID_CARD)
    made = {
        "taken": intake(world.counter, world, at(2), take=True),
        "not_taken": intake(world.counter, world, at(3), take=False),
        "empty_store": intake(world.counter, world, at(4), applicant=LAN, take=False),
        "later": intake(world.counter, world, at(5), applicant=HOA, take=False),
        "other_commune": intake(world.stranger, world, at(6), take=True),
        "april": intake(world.counter, world, at(1, month=4), take=True),
    }
    # Hoa's ID card is filed after her intake, then taken on the dossier page.
    hoa_card = stored_entry(receive(world.counter, applicant=HOA, at=at(6)), ID_CARD)
    item_reuse(
        actor=world.counter,
        dossier_code=made["later"].code,
        item_id=item_of(made["later"], ID_CARD).pk,
        entry_id=hoa_card.pk,
        at=at(7),
    )
    return made


def test_the_reuse_rate_of_an_agency_counts_items_the_store_could_provide(
    world: Any, dossiers: dict[str, Dossier]
) -> None:
    # Possible: "taken", "not_taken" (held at intake) and "later" (reused afterwards);
    # reused: "taken" and "later". Lan's empty store, another commune, April: not counted.
    rate = reuse_rate(agency=world.centre, **MARCH)
    assert (rate.reused, rate.possible) == (2, 3)
    assert rate.rate == pytest.approx(2 / 3)


def test_the_reuse_rate_of_a_unit_takes_in_its_communes(
    world: Any, dossiers: dict[str, Dossier]
) -> None:
    assert reuse_rate(unit=world.commune, **MARCH) == ReuseRate(reused=2, possible=3)
    assert reuse_rate(unit=world.province, **MARCH) == ReuseRate(reused=3, possible=4)
    assert reuse_rate(unit=world.other_commune, **MARCH) == ReuseRate(reused=1, possible=1)
    april = reuse_rate(agency=world.centre, start=date(2026, 4, 1), end=date(2026, 4, 1))
    assert april == ReuseRate(reused=1, possible=1)


def test_a_period_with_nothing_reusable_has_no_rate(world: Any) -> None:
    rate = reuse_rate(agency=world.centre, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert (rate.reused, rate.possible, rate.rate) == (0, 0, None)
    with pytest.raises(ValueError):
        reuse_rate(start=date(2025, 1, 1), end=date(2025, 1, 2))


def test_the_per_dossier_count(dossiers: dict[str, Dossier]) -> None:
    counts = {name: dossier_reuse_count(d) for name, d in dossiers.items()}
    assert counts["taken"] == ReuseRate(reused=1, possible=1)
    assert counts["not_taken"] == ReuseRate(reused=0, possible=1)
    assert counts["empty_store"] == ReuseRate(reused=0, possible=0)
    assert counts["later"] == ReuseRate(reused=1, possible=1)

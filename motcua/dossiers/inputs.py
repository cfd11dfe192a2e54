"""Typed inputs of the dossier services; pages, API and CLI build these, never raw POST data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from motcua.catalogue.models import RequiredDocument

# The longest free text (a note, a reason, a request) any adapter accepts.
MAX_TEXT = 2000


@dataclass(frozen=True)
class ApplicantInput:
    name: str
    id_number: str  # 12-digit personal ID number, or a tax code for an organisation
    kind: str = "person"  # ApplicantKind value
    birth_date: date | None = None
    sex: str = ""  # "male" | "female" | ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class DocumentInput:
    name: str
    required_document_id: int | None = None
    copies: int = 1
    original_shown: bool = False
    provided: bool = True
    note: str = ""
    # Take the item from the applicant's data store (linked, not copied) when it
    # holds a valid one; the intake is refused if it does not.
    from_store: bool = False


def documents_handed_in(required: Iterable[RequiredDocument]) -> tuple[DocumentInput, ...]:
    """Every item of a checklist handed in, as the catalogue describes it (copies, the
    original shown): the counter's default when no checklist is given."""
    return tuple(
        DocumentInput(
            name=r.name,
            required_document_id=r.pk,
            copies=r.copies,
            original_shown=r.original_must_be_shown,
        )
        for r in required
    )


@dataclass(frozen=True)
class IntakeInput:
    procedure_code: str
    applicant: ApplicantInput
    # None: every item of the procedure's checklist was handed in.
    documents: tuple[DocumentInput, ...] | None = None
    channel: str = "1"  # Channel value: 1 in person, 2 online, 3 post
    sets: int = 1
    delivery: str = "counter"
    delivery_address: str = ""
    request: str = ""
    counter_id: int | None = None
    # Filed online at the counter on behalf of the applicant present (assisted filing).
    assisted: bool = False


@dataclass(frozen=True)
class ActionInput:
    """Parameters of a transition; each action reads the fields it needs."""

    note: str = ""
    assignee: str = ""  # username of the officer to assign to
    to_agency: str = ""  # electronic code of the agency to hand over to
    missing: tuple[str, ...] = field(default_factory=tuple)
    reason: str = ""
    new_due_at: datetime | None = None
    result_number: str = ""

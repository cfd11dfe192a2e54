"""Writes of the citizens app: filling the local population registry."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalogue import xlsx
from motcua.catalogue.xlsx import Column, SheetRow, WorkbookRefused
from motcua.citizens.identifiers import IdentifierError, check_personal_id
from motcua.citizens.models import RegistryPerson, Sex
from motcua.citizens.registry import PersonRecord
from motcua.core.audit import audit_record
from motcua.core.errors import DomainError

SHEET = "persons"
COLUMNS: tuple[Column, ...] = (
    Column("id_number", "text", required=True, max_length=20),
    Column("full_name", "text", required=True, max_length=200),
    Column("birth_date", "date", required=True, default=None),
    Column("sex", "choice", required=True, choices=tuple(Sex.values)),
    Column("permanent_address", "text", max_length=300),
)
MAX_BYTES = xlsx.MAX_BYTES
MAX_ROWS = xlsx.MAX_ROWS
MAX_REPORTED_ERRORS = 50
BATCH = 1000


class RegistryImportError(WorkbookRefused):
    """The file was refused; ``errors`` lists every row-level reason."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(
            errors,
            summary=_("The file has %(count)d errors; nothing was imported.")
            % {"count": len(errors)},
            limit=MAX_REPORTED_ERRORS,
        )


@dataclass(frozen=True)
class RegistryImportReport:
    created: int
    updated: int


def registry_import(*, data: bytes, filename: str, actor: Any) -> RegistryImportReport:
    """Import people into the local registry from CSV or xlsx: every row or none.

    Row 1 holds the keys of ``COLUMNS``; an xlsx file keeps them on a sheet
    named ``persons``. Every row is checked first (types, the ID number and
    its agreement with the birth year and sex, duplicates); on any error
    ``RegistryImportError`` lists them all and nothing is written. People are
    updated or created by ID number, in one transaction with an audit row.
    Raises ``DomainError`` for a file too big, of another kind, or unreadable.
    """
    rows, errors = _rows_read(data, filename)
    people = _people(rows, errors)
    if errors:
        raise RegistryImportError(errors)
    with transaction.atomic():
        report = _people_write(people)
        audit_record(
            actor=actor,
            action="registry.import",
            object_type="population_registry",
            object_id="local",
            data={"created": report.created, "updated": report.updated},
        )
    return report


def registry_people_upsert(*, people: list[PersonRecord], actor: Any) -> RegistryImportReport:
    """Add or update people of the local registry (already checked), with an audit row."""
    values = {
        p.id_number: {
            "id_number": p.id_number,
            "full_name": p.full_name,
            "birth_date": p.birth_date,
            "sex": p.sex,
            "permanent_address": p.permanent_address,
        }
        for p in people
    }
    with transaction.atomic():
        report = _people_write(values)
        audit_record(
            actor=actor,
            action="registry.import",
            object_type="population_registry",
            object_id="local",
            data={"created": report.created, "updated": report.updated},
        )
    return report


def _rows_read(data: bytes, filename: str) -> tuple[list[SheetRow], list[str]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        parsed = xlsx.workbook_read(data, {SHEET: COLUMNS})
        return parsed.rows.get(SHEET, []), list(parsed.errors)
    if not name.endswith(".csv"):
        raise DomainError(_("Import a .csv or .xlsx file."))
    if len(data) > MAX_BYTES:
        raise DomainError(
            _("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The CSV file must be encoded in UTF-8.")) from None
    errors: list[str] = []
    try:
        rows = xlsx.rows_read(SHEET, iter(csv.reader(io.StringIO(text))), COLUMNS, errors)
    except csv.Error:
        raise DomainError(_("The file could not be read as CSV.")) from None
    return rows, errors


def _people(rows: list[SheetRow], errors: list[str]) -> dict[str, dict[str, Any]]:
    people: dict[str, dict[str, Any]] = {}
    first_row: dict[str, int] = {}
    for row in rows:
        values = row.values
        if not values["id_number"]:
            continue  # already reported as required
        try:
            number = check_personal_id(
                values["id_number"], birth_date=values["birth_date"], sex=values["sex"] or None
            ).number
        except IdentifierError as exc:
            errors.append(xlsx.row_error(SHEET, row.number, str(exc)))
            continue
        if number in people:
            errors.append(
                xlsx.row_error(
                    SHEET,
                    row.number,
                    _("the ID number is already on row %(row)d") % {"row": first_row[number]},
                )
            )
            continue
        first_row[number] = row.number
        people[number] = {**values, "id_number": number}
    return people


def _people_write(people: dict[str, dict[str, Any]]) -> RegistryImportReport:
    numbers = list(people)
    existing: dict[str, RegistryPerson] = {}
    for start in range(0, len(numbers), BATCH):
        chunk = numbers[start : start + BATCH]
        existing.update(RegistryPerson.objects.in_bulk(chunk, field_name="id_number"))
    fields = ["full_name", "birth_date", "sex", "permanent_address"]
    new = [RegistryPerson(**values) for n, values in people.items() if n not in existing]
    changed = []
    now = timezone.now()  # bulk_update does not apply auto_now
    for number, person in existing.items():
        for key in fields:
            setattr(person, key, people[number][key])
        person.updated_at = now
        changed.append(person)
    RegistryPerson.objects.bulk_create(new, batch_size=BATCH)
    RegistryPerson.objects.bulk_update(changed, [*fields, "updated_at"], batch_size=BATCH)
    return RegistryImportReport(created=len(new), updated=len(changed))

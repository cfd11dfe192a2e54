"""Fixtures for the catalogue tests: the sample catalogue and workbook helpers."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from motcua.catalogue.models import (
    Bundle,
    Field,
    Procedure,
    ProcessingStep,
    RequiredDocument,
    ResultDocument,
)
from motcua.catalogue.seed import catalogue_seed
from motcua.core.models import AuditEntry


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Messages are asserted in their English source text, whatever translations exist.
    with translation.override("en"):
        yield


@pytest.fixture
def seeded(db: Any) -> int:
    return catalogue_seed()


def table_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Field,
            Procedure,
            RequiredDocument,
            ResultDocument,
            ProcessingStep,
            Bundle,
            AuditEntry,
        )
    }


def catalogue_snapshot() -> dict[str, Any]:
    """Everything the xlsx carries, by procedure code, without database ids."""
    snapshot: dict[str, Any] = {"fields": sorted(Field.objects.values_list("code", "name"))}
    for p in Procedure.objects.select_related("field", "competent_agency"):
        snapshot[p.code] = (
            p.name,
            p.name_search,
            p.field.code,
            p.level,
            p.competent_agency.code if p.competent_agency else "",
            p.competent_authority,
            p.time_limit,
            p.time_limit_unit,
            p.cutoff_hour,
            p.fee,
            p.fee_note,
            p.online_level,
            p.project06_number,
            p.is_active,
            p.is_sample,
            list(
                p.required_documents.order_by("position").values_list(
                    "position",
                    "name",
                    "copies",
                    "is_mandatory",
                    "original_must_be_shown",
                    "reusable_from_store",
                )
            ),
            list(p.result_documents.order_by("id").values_list("name", flat=True)),
            list(
                p.steps.order_by("position").values_list(
                    "position", "name", "role", "agency__code", "share_percent"
                )
            ),
        )
    return snapshot


def workbook_edit(data: bytes, edits: list[tuple[str, int, str, Any]]) -> bytes:
    """Set cells of an exported workbook: (sheet, row, column key, value)."""
    book = load_workbook(io.BytesIO(data))
    for sheet, row, key, value in edits:
        ws = book[sheet]
        keys = [c.value for c in ws[1]]
        # ws.cell(..., value=None) would leave the cell as it is.
        ws.cell(row=row, column=keys.index(key) + 1).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_build(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

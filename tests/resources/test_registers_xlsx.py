"""The registers' xlsx import and export: bad rows refused with reasons, all or nothing."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from motcua.core.errors import DomainError
from motcua.core.models import AuditEntry
from motcua.resources.models import Computer, Scanner, SpendingLine, UnitBudget
from motcua.resources.services import (
    RegistersImportError,
    registers_export_xlsx,
    registers_import_xlsx,
)

from .conftest import computer, counter_of, scanner, workbook

pytestmark = pytest.mark.django_db

GOOD_PC = {
    "unit_code": "07594",
    "inventory_code": "PC-01",
    "counter": "Quầy 1",
    "officer": "counter",
    "purchase_year": 2018,
    "condition": "fair",
    "warranty_until": "2021-06-30",
    "cpu_class": "entry",
    "ram_gb": 4,
    "disk_type": "hdd",
    "disk_gb": 500,
    "os": "Windows 10",
}


def test_a_good_workbook_replaces_the_units_registers(world: Any) -> None:
    computer(world.commune, inventory_code="OLD")
    data = workbook(
        {
            "computers": [GOOD_PC, {**GOOD_PC, "inventory_code": "PC-02", "counter": None}],
            "budgets": [{"unit_code": "07594", "year": 2026, "recurrent_total": 12_000_000_000}],
            "spending_lines": [
                {"unit_code": "07594", "year": 2026, "category": "hardware", "amount": 90_000_000,
                 "stage": "spent"},
            ],
        }
    )  # fmt: skip
    written = registers_import_xlsx(data=data, actor=world.province_admin)

    assert written == {"budgets": 1, "computers": 2, "spending_lines": 1}
    pcs = Computer.objects.filter(unit=world.commune).order_by("inventory_code")
    assert [c.inventory_code for c in pcs] == ["PC-01", "PC-02"]
    first = pcs[0]
    assert first.counter == counter_of(world.commune)
    assert first.officer == world.counter.officer
    assert first.warranty_until == date(2021, 6, 30)
    assert UnitBudget.objects.get(unit=world.commune, year=2026).recurrent_total == 12 * 10**9
    assert SpendingLine.objects.get().amount == 90_000_000
    assert AuditEntry.objects.filter(action="resources.import").count() == 1


def test_bad_rows_are_refused_with_row_column_and_reason_and_nothing_is_written(
    world: Any,
) -> None:
    computer(world.commune, inventory_code="KEEP")
    data = workbook(
        {
            "computers": [
                GOOD_PC,
                {**GOOD_PC, "inventory_code": "PC-02", "ram_gb": "lots"},
                {**GOOD_PC, "inventory_code": "PC-03", "disk_type": "floppy"},
                {**GOOD_PC, "inventory_code": "PC-04", "unit_code": "99999"},
                {**GOOD_PC, "inventory_code": "PC-05", "counter": "Quầy 9"},
                {**GOOD_PC, "inventory_code": "PC-01"},
            ],
            "scanners": [{"unit_code": "07594", "purchase_year": 2020}],
            "budgets": [{"unit_code": "07594", "year": 2026, "recurrent_total": 10**9}],
            "spending_lines": [
                {"unit_code": "07594", "year": 2025, "category": "hardware", "amount": 1,
                 "stage": "spent"},
            ],
        }
    )  # fmt: skip
    with pytest.raises(RegistersImportError) as caught:
        registers_import_xlsx(data=data, actor=world.province_admin)

    errors = caught.value.errors
    assert "sheet computers, row 3: ram_gb must be a whole number from 1 to 1024" in errors
    assert any(e.startswith("sheet computers, row 4: disk_type must be one of") for e in errors)
    assert "sheet computers, row 5: unit_code: no unit 99999 that you may edit" in errors
    assert any(e.startswith("sheet computers, row 6: counter: no counter named") for e in errors)
    assert "sheet computers, row 2: inventory_code appears on another row too" in errors
    assert "sheet computers, row 7: inventory_code appears on another row too" in errors
    assert "sheet scanners, row 2: max_dpi is required" in errors
    assert any(e.startswith("sheet spending_lines, row 2: year:") for e in errors)
    # Nothing half-imported: the good rows were not written either.
    assert list(Computer.objects.values_list("inventory_code", flat=True)) == ["KEEP"]
    assert not UnitBudget.objects.exists()


def test_an_officer_may_only_import_rows_of_units_given_to_them(world: Any) -> None:
    data = workbook({"computers": [{**GOOD_PC, "unit_code": "07210", "counter": None,
                                    "officer": None}]})  # fmt: skip
    with pytest.raises(RegistersImportError) as caught:
        registers_import_xlsx(data=data, actor=world.counter, unit_ids=[world.commune.pk])
    assert caught.value.errors == [
        "sheet computers, row 2: unit_code: no unit 07210 that you may edit"
    ]
    assert not Computer.objects.exists()


def test_an_officer_of_another_unit_cannot_be_assigned_a_computer(world: Any) -> None:
    data = workbook({"computers": [{**GOOD_PC, "officer": "stranger"}]})
    with pytest.raises(RegistersImportError) as caught:
        registers_import_xlsx(data=data, actor=world.province_admin)
    assert caught.value.errors[0].startswith("sheet computers, row 2: officer: no officer account")


def test_a_file_that_is_not_a_workbook_is_refused(world: Any) -> None:
    with pytest.raises(DomainError, match="not an Excel workbook"):
        registers_import_xlsx(data=b"not a zip", actor=None)
    with pytest.raises(DomainError, match="none of the sheets"):
        registers_import_xlsx(data=workbook({"other": []}), actor=None)


def test_the_export_reads_back_into_the_same_registers(world: Any) -> None:
    computer(world.commune, inventory_code="PC-9", counter=counter_of(world.commune), ram_gb=8)
    scanner(world.commune, inventory_code="SC-1", max_dpi=150)
    scanner(world.other_commune, inventory_code="SC-X")
    budget = UnitBudget.objects.create(unit=world.commune, year=2026, recurrent_total=10**10)
    SpendingLine.objects.create(budget=budget, category="network", amount=5, stage="planned")
    data = registers_export_xlsx(unit_ids=[world.commune.pk])

    sheets = load_workbook(io.BytesIO(data))
    rows = list(sheets["scanners"].iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["SC-1"]  # the other commune's scanner is not exported
    registers_import_xlsx(data=data, actor=None)
    assert Computer.objects.get(unit=world.commune).counter == counter_of(world.commune)
    assert Scanner.objects.get(unit=world.commune).max_dpi == 150
    assert SpendingLine.objects.get().stage == "planned"
    assert Scanner.objects.filter(unit=world.other_commune).count() == 1


def test_the_admin_imports_and_reports_bad_rows(world: Any, admin_client: Any) -> None:
    url = reverse("admin:resources_computer_import_xlsx")
    bad = workbook({"computers": [{**GOOD_PC, "ram_gb": 0}]})
    upload = SimpleUploadedFile("r.xlsx", bad)
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = admin_client.post(url, {"workbook": upload})
    assert response.status_code == 400
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "sheet computers, row 2: ram_gb must be a whole number from 1 to 1024" in text

    good = SimpleUploadedFile("r.xlsx", workbook({"computers": [GOOD_PC]}))
    response = admin_client.post(url, {"workbook": good})
    assert response.status_code == 302
    assert Computer.objects.count() == 1
    export = admin_client.get(reverse("admin:resources_computer_export_xlsx"))
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith("attachment")

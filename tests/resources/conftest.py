"""Registers built on the shared ``world``: Đèo Gia (the officers' commune) and Bắc Giang."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from motcua.catalogue.xlsx import Column
from motcua.resources.models import Computer, Scanner
from motcua.resources.xlsx import SHEETS
from motcua.units.models import AdministrativeUnit, Agency, OneStopCounter


def computer(unit: AdministrativeUnit, **values: Any) -> Computer:
    fields: dict[str, Any] = {
        "inventory_code": "",
        "purchase_year": 2024,
        "cpu_class": "high",
        "ram_gb": 16,
        "disk_type": "ssd",
        "disk_gb": 512,
        **values,
    }
    return Computer.objects.create(unit=unit, **fields)


def scanner(unit: AdministrativeUnit, **values: Any) -> Scanner:
    fields: dict[str, Any] = {"purchase_year": 2023, "max_dpi": 600, "colour": True, **values}
    return Scanner.objects.create(unit=unit, **fields)


def counter_of(unit: AdministrativeUnit) -> OneStopCounter:
    return OneStopCounter.objects.filter(agency__unit=unit).first()  # type: ignore[return-value]


def workbook(sheets: dict[str, list[dict[str, Any]]]) -> bytes:
    """A workbook with the given sheets, columns in the registers' layout."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        columns: tuple[Column, ...] = SHEETS.get(name, ())
        ws = book.create_sheet(name)
        keys = [c.key for c in columns]
        ws.append(keys)
        for row in rows:
            ws.append([row.get(k) for k in keys])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def more_units(world: Any, count: int) -> list[AdministrativeUnit]:
    """Communes of the province, each with a one-stop centre, a weak computer and a scanner."""
    units = []
    for n in range(count):
        unit = AdministrativeUnit.objects.create(
            code=f"0800{n}", name=f"Xã Mẫu {n}", level="commune", parent=world.province
        )
        agency = Agency.objects.create(
            code=f"000.{40 + n}.24.H24", name=f"TT {n}", kind="centre", unit=unit, is_one_stop=True
        )
        OneStopCounter.objects.create(agency=agency, name="Quầy 1")
        computer(unit, ram_gb=4)
        scanner(unit)
        units.append(unit)
    return units

"""The registers' xlsx layout: one sheet per register, the column keys in row 1.

Reading and cell checks are the catalogue's (``motcua.catalogue.xlsx``); this
module only declares the sheets. Every sheet is optional on import.
"""

from __future__ import annotations

from motcua.catalogue.xlsx import Column
from motcua.resources.models import Computer, Condition, ItStaff, SpendingLine

BIG_INT_MAX = 10**15  # VND amounts: a province's recurrent budget runs to trillions


def text(key: str, max_length: int, *, required: bool = False) -> Column:
    return Column(key, "text", required=required, max_length=max_length)


def integer(
    key: str, *, low: int = 0, high: int = 2_147_483_647, required: bool = False, default: int = 0
) -> Column:
    return Column(key, "int", required=required, default=default, low=low, high=high)


def boolean(key: str, default: bool) -> Column:
    return Column(key, "bool", default=default)


def choice(key: str, choices: list[str], *, required: bool = False, default: str = "") -> Column:
    return Column(key, "choice", required=required, default=default, choices=tuple(choices))


def date(key: str) -> Column:
    return Column(key, "date", default=None)


UNIT = text("unit_code", 16, required=True)
EQUIPMENT_HEAD = (
    UNIT,
    text("inventory_code", 40),
    text("model_name", 120),
    text("counter", 150),
    integer("purchase_year", low=1990, high=2100, required=True, default=2000),
    choice("condition", Condition.values, default=Condition.GOOD),
    date("warranty_until"),
)
NOTE = text("note", 300)

SHEETS: dict[str, tuple[Column, ...]] = {
    "computers": (
        *EQUIPMENT_HEAD,
        text("officer", 150),
        choice("cpu_class", Computer.CpuClass.values, required=True),
        integer("ram_gb", low=1, high=1024, required=True, default=1),
        choice("disk_type", Computer.DiskType.values, required=True),
        integer("disk_gb", low=1, high=100_000, required=True, default=1),
        text("os", 60),
        NOTE,
    ),
    "printers": (
        *EQUIPMENT_HEAD,
        boolean("colour", False),
        boolean("duplex", False),
        integer("pages_per_minute", low=1, high=500, default=20),
        NOTE,
    ),
    "scanners": (
        *EQUIPMENT_HEAD,
        integer("max_dpi", low=50, high=9600, required=True, default=50),
        boolean("colour", True),
        boolean("duplex", False),
        integer("pages_per_minute", low=1, high=500, default=10),
        boolean("feeder", False),
        NOTE,
    ),
    "network_links": (
        *EQUIPMENT_HEAD,
        boolean("dedicated", False),
        integer("bandwidth_mbps", low=1, high=1_000_000, required=True, default=1),
        text("provider", 80),
        NOTE,
    ),
    "video_endpoints": (*EQUIPMENT_HEAD, NOTE),
    "it_staff": (
        UNIT,
        text("full_name", 120, required=True),
        choice("kind", ItStaff.Kind.values, required=True),
        text("officer", 150),
        text("qualification", 120),
    ),
    "trainings": (
        UNIT,
        text("full_name", 120, required=True),
        text("course", 200, required=True),
        Column("completed_on", "date", required=True, default=None),
        integer("hours", high=10_000),
    ),
    "budgets": (
        UNIT,
        integer("year", low=2000, high=2100, required=True, default=2000),
        integer("recurrent_total", high=BIG_INT_MAX, required=True),
    ),
    "spending_lines": (
        UNIT,
        integer("year", low=2000, high=2100, required=True, default=2000),
        choice("category", SpendingLine.Category.values, required=True),
        text("description", 200),
        integer("amount", high=BIG_INT_MAX, required=True),
        choice("stage", SpendingLine.Stage.values, required=True),
    ),
}
EQUIPMENT_SHEETS = ("computers", "printers", "scanners", "network_links", "video_endpoints")

"""Administrative units as data: the 2025 two-tier list and a few pre-2025 predecessors.

The current list comes from the ``vietnam-provinces`` package (2025 releases:
34 provinces, 3,321 communes and wards, national statistical codes). This
module only reads data into plain records; ``units.services`` writes them.

Codes: a province's code is its statistical code on two digits ("24"), a
commune's on five ("07594"). Pre-2025 units reuse numbers that now belong to
other units (the former Bắc Giang was "24"), so their codes are ``old-``
followed by the former statistical code on its usual width: ``old-24``
(province), ``old-219`` (district), ``old-07609`` (commune).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from vietnam_provinces import Province, Ward

# Resolution-based arrangement of units in force from this day (two tiers, no districts).
REFORM_DAY = date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = date(2025, 6, 30)

PROVINCE = "province"
DISTRICT = "district"
COMMUNE = "commune"


@dataclass(frozen=True)
class UnitRecord:
    """One administrative unit as read from a data source."""

    code: str
    name: str
    level: str
    parent_code: str | None = None
    successor_code: str | None = None


def province_code(number: int) -> str:
    return f"{number:02d}"


def commune_code(number: int) -> str:
    return f"{number:05d}"


def _selected(number: int, wanted: frozenset[int] | None) -> bool:
    return wanted is None or number in wanted


def province_records(province_codes: Iterable[int] | None = None) -> Iterator[UnitRecord]:
    """The 2025 provinces, optionally only those with the given statistical codes."""
    wanted = None if province_codes is None else frozenset(province_codes)
    for province in Province.iter_all():
        if _selected(province.code.value, wanted):
            yield UnitRecord(province_code(province.code.value), province.name, PROVINCE)


def commune_records(province_codes: Iterable[int] | None = None) -> Iterator[UnitRecord]:
    """The 2025 communes and wards, each with its province's code as parent."""
    wanted = None if province_codes is None else frozenset(province_codes)
    for ward in Ward.iter_all():
        if _selected(ward.province_code.value, wanted):
            yield UnitRecord(
                commune_code(ward.code.value),
                ward.name,
                COMMUNE,
                parent_code=province_code(ward.province_code.value),
            )


# Sample predecessors of the merged Bắc Ninh (code 24), from the pre-2025
# statistical list (vietnam-provinces 0.6.0). Parents come before children.
# Xã Đèo Gia (2025) carries the code of the former Tân Lập commune, so the
# former Tân Lập and Đèo Gia communes are both shown as its predecessors.
# Sample data: check against the National Assembly Standing Committee's
# resolution on Bắc Ninh before relying on it.
PREDECESSORS: tuple[UnitRecord, ...] = (
    UnitRecord("old-24", "Tỉnh Bắc Giang", PROVINCE, successor_code="24"),
    UnitRecord("old-27", "Tỉnh Bắc Ninh", PROVINCE, successor_code="24"),
    UnitRecord("old-219", "Huyện Lục Ngạn", DISTRICT, parent_code="old-24"),
    UnitRecord("old-213", "Thành phố Bắc Giang", DISTRICT, parent_code="old-24"),
    UnitRecord("old-07609", "Xã Đèo Gia", COMMUNE, parent_code="old-219", successor_code="07594"),
    UnitRecord("old-07594", "Xã Tân Lập", COMMUNE, parent_code="old-219", successor_code="07594"),
    UnitRecord(
        "old-07231", "Phường Dĩnh Kế", COMMUNE, parent_code="old-213", successor_code="07210"
    ),
)

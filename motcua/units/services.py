"""Writes to administrative units: loading the national list and sample predecessors."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from motcua.core.audit import audit_record
from motcua.units import loader
from motcua.units.models import AdministrativeUnit

# Far below every backend's limit on query parameters (SQLite's was 999 before 3.32).
_BATCH = 500


@dataclass(frozen=True)
class LoadReport:
    """What a load found in its source and what it had to write."""

    provinces: int = 0
    districts: int = 0
    communes: int = 0
    created: int = 0
    updated: int = 0

    @property
    def unchanged(self) -> int:
        return self.provinces + self.districts + self.communes - self.created - self.updated


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]


def _units_by_code(codes: Iterable[str]) -> dict[str, AdministrativeUnit]:
    wanted = sorted(set(codes))
    found: dict[str, AdministrativeUnit] = {}
    for chunk in _chunks(wanted):
        found.update((u.code, u) for u in AdministrativeUnit.objects.filter(code__in=chunk))
    return found


def _pks_by_code(codes: Iterable[str | None]) -> dict[str, int]:
    return {code: unit.pk for code, unit in _units_by_code(c for c in codes if c).items()}


def _desired_values(
    record: loader.UnitRecord, pks: dict[str, int], extra: dict[str, Any]
) -> dict[str, Any]:
    values = {"name": record.name, "level": record.level, **extra}
    values["parent_id"] = pks.get(record.parent_code) if record.parent_code else None
    if record.successor_code:
        values["successor_id"] = pks[record.successor_code]
    return values


def _upsert(records: Sequence[loader.UnitRecord], extra: dict[str, Any]) -> tuple[int, int]:
    """Create missing units and update changed ones, by code; returns (created, updated).

    Fields not in ``extra`` (valid_to, successor, ...) are left as an
    administrator set them.
    """
    pks = _pks_by_code([r.parent_code for r in records] + [r.successor_code for r in records])
    existing = _units_by_code(r.code for r in records)
    new: list[AdministrativeUnit] = []
    changed: list[AdministrativeUnit] = []
    fields: set[str] = set()
    for record in records:
        values = _desired_values(record, pks, extra)
        unit = existing.get(record.code)
        if unit is None:
            new.append(AdministrativeUnit(code=record.code, **values))
        elif any(getattr(unit, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(unit, key, value)
            changed.append(unit)
            fields |= values.keys()
    # ignore_conflicts: a concurrent load that inserted the same code first wins;
    # the rows are identical, so nothing is lost.
    AdministrativeUnit.objects.bulk_create(new, batch_size=_BATCH, ignore_conflicts=True)
    if changed:
        AdministrativeUnit.objects.bulk_update(changed, sorted(fields), batch_size=_BATCH)
    return len(new), len(changed)


def _load_current(province_codes: list[int] | None) -> LoadReport:
    extra = {"valid_from": loader.REFORM_DAY}
    provinces = list(loader.province_records(province_codes))
    communes = list(loader.commune_records(province_codes))
    created_p, updated_p = _upsert(provinces, extra)
    created_c, updated_c = _upsert(communes, extra)
    return LoadReport(
        provinces=len(provinces),
        communes=len(communes),
        created=created_p + created_c,
        updated=updated_p + updated_c,
    )


@transaction.atomic
def units_load_from_package(
    *, province_codes: list[int] | None = None, actor: Any = None
) -> LoadReport:
    """Load the 2025 provinces and communes (all, or those of ``province_codes``).

    Idempotent: a second run creates nothing and updates only what changed.
    """
    report = _load_current(province_codes)
    audit_record(
        actor=actor,
        action="units.load",
        object_type="administrative_unit",
        object_id=",".join(map(str, province_codes or [])) or "all",
        data={"created": report.created, "updated": report.updated},
    )
    return report


@transaction.atomic
def units_seed_predecessors(*, actor: Any = None) -> LoadReport:
    """Seed sample pre-2025 units of the former Bắc Giang and Bắc Ninh (see loader.PREDECESSORS).

    Loads the merged Bắc Ninh (24) first if its units are missing, since the
    predecessors point at them.
    """
    successors = {r.successor_code for r in loader.PREDECESSORS if r.successor_code}
    if len(_units_by_code(successors)) < len(successors):
        _load_current([24])
    extra = {"valid_to": loader.LAST_DAY_BEFORE_REFORM, "is_sample": True}
    created = updated = 0
    counts: dict[str, int] = {}
    for level in (loader.PROVINCE, loader.DISTRICT, loader.COMMUNE):
        records = [r for r in loader.PREDECESSORS if r.level == level]
        new, changed = _upsert(records, extra)
        created, updated, counts[level] = created + new, updated + changed, len(records)
    audit_record(
        actor=actor,
        action="units.seed_predecessors",
        object_type="administrative_unit",
        object_id="24",
        data={"created": created, "updated": updated},
    )
    return LoadReport(
        provinces=counts[loader.PROVINCE],
        districts=counts[loader.DISTRICT],
        communes=counts[loader.COMMUNE],
        created=created,
        updated=updated,
    )

"""Reads of administrative units and agencies."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.units.models import AdministrativeUnit, Agency


def unit_current(unit: AdministrativeUnit) -> AdministrativeUnit:
    """The unit that stands today for ``unit`` (itself, or its last successor)."""
    return unit.current()


def unit_get(*, code: str) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.filter(code=code).first()
    if unit is None:
        raise NotFound(_("No administrative unit has the code %(code)s.") % {"code": code})
    return unit


def unit_list(
    *,
    level: str | None = None,
    parent: AdministrativeUnit | None = None,
    valid_on: date | None = None,
) -> QuerySet[AdministrativeUnit]:
    """Units filtered by level, parent and the day on which they must exist."""
    units = AdministrativeUnit.objects.all()
    if level is not None:
        units = units.filter(level=level)
    if parent is not None:
        units = units.filter(parent=parent)
    if valid_on is not None:
        units = units.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=valid_on))
        units = units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_on))
    return units


def agency_get(*, code: str) -> Agency:
    """The agency with this electronic identifier (Decision 20/2020/QĐ-TTg)."""
    agency = Agency.objects.select_related("unit").filter(code=code).first()
    if agency is None:
        raise NotFound(_("No agency has the electronic identifier %(code)s.") % {"code": code})
    return agency


def agency_list_in_province(agency: Agency) -> QuerySet[Agency]:
    """Agencies of the same province as ``agency`` (itself included), by name."""
    province = agency.province
    return Agency.objects.filter(Q(unit=province) | Q(unit__parent=province)).order_by("name")


def agency_handover_targets(agency: Agency) -> QuerySet[Agency]:
    """Where ``agency`` may hand a dossier over to: the other agencies of its
    province whose unit still exists (inter-agency handling stays in the province)."""
    return agency_list_in_province(agency).exclude(pk=agency.pk).filter(unit__valid_to__isnull=True)


def person_name(user: Any) -> str:
    """A person's name in Vietnamese order, family name first.

    ``last_name`` holds the family and middle names ("Lê Thị"), ``first_name``
    the given name ("Mai"); Django's get_full_name() would give "Mai Lê Thị".
    """
    if user is None:
        return ""
    parts = (getattr(user, "last_name", ""), getattr(user, "first_name", ""))
    return " ".join(part for part in parts if part) or str(user.get_username())


def unit_ids_in_province(province: AdministrativeUnit) -> set[int]:
    """Ids of every unit that belongs, or once belonged, to ``province`` as it is today.

    Today's units are the province and its descendants. A unit that no longer
    exists belongs where its successor chain leads; one without a successor
    (a district abolished in 2025) belongs where its parent does. So a dossier
    filed in 2024 at a commune of the former Bắc Giang counts under the merged
    Bắc Ninh.
    """
    current = {province.pk}
    frontier = [province.pk]
    while frontier:
        frontier = list(
            AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        current.update(frontier)
    past = {u.pk: u for u in AdministrativeUnit.objects.filter(valid_to__isnull=False)}
    resolved: dict[int, bool] = {}

    def belongs(pk: int | None, depth: int = 0) -> bool:
        if pk is None or depth > 20:  # a cycle in the data must not hang the page
            return False
        if pk in current:
            return True
        if pk not in past:
            return False
        if pk not in resolved:
            unit = past[pk]
            target = unit.successor_id if unit.successor_id is not None else unit.parent_id
            resolved[pk] = belongs(target, depth + 1)
        return resolved[pk]

    return current | {pk for pk in past if belongs(pk)}


def units_standing_for(province: AdministrativeUnit) -> dict[int, int]:
    """For every unit of ``province`` (as ``unit_ids_in_province`` counts them), the id of
    the unit that stands for it today: itself if it still exists, else where its
    successor chain leads (a unit abolished without successor: its parent's)."""
    ids = unit_ids_in_province(province)
    rows = {
        row["pk"]: row
        for row in AdministrativeUnit.objects.filter(pk__in=ids).values(
            "pk", "valid_to", "successor_id", "parent_id"
        )
    }
    standing: dict[int, int] = {}

    def resolve(pk: int, depth: int = 0) -> int:
        row = rows.get(pk)
        if row is None or row["valid_to"] is None or depth > 20:
            return pk
        if pk not in standing:
            step = row["successor_id"] if row["successor_id"] is not None else row["parent_id"]
            standing[pk] = resolve(step, depth + 1) if step is not None else pk
        return standing[pk]

    return {pk: resolve(pk) for pk in rows}

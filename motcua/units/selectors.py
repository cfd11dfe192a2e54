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


def person_name(user: Any) -> str:
    """A person's name in Vietnamese order, family name first.

    ``last_name`` holds the family and middle names ("Lê Thị"), ``first_name``
    the given name ("Mai"); Django's get_full_name() would give "Mai Lê Thị".
    """
    if user is None:
        return ""
    parts = (getattr(user, "last_name", ""), getattr(user, "first_name", ""))
    return " ".join(part for part in parts if part) or str(user.get_username())

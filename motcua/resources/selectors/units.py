"""Which units have resources, and one unit's registers as its page shows them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.resources.models import (
    Computer,
    ItStaff,
    NetworkLink,
    Printer,
    Scanner,
    Training,
    UnitBudget,
    VideoEndpoint,
)
from motcua.units.models import AdministrativeUnit, Agency
from motcua.units.selectors import unit_ids_in_province


def resource_units(province: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """Today's units of ``province`` (itself included) that have agencies, by code."""
    ids = unit_ids_in_province(province)
    return (
        AdministrativeUnit.objects.filter(pk__in=ids, valid_to__isnull=True)
        .filter(Exists(Agency.objects.filter(unit_id=OuterRef("pk"))))
        .order_by("code")
    )


def province_get(code: str | None = None) -> AdministrativeUnit:
    """The province with ``code``; without one, the first province that has a one-stop agency."""
    provinces = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE)
    if code:
        found = provinces.filter(code=code).first()
    else:
        with_counters = Agency.objects.filter(is_one_stop=True)
        ids: set[int] = set()
        for unit_id, parent_id in with_counters.values_list("unit_id", "unit__parent_id"):
            ids.update(pk for pk in (unit_id, parent_id) if pk is not None)
        found = provinces.filter(pk__in=ids, valid_to__isnull=True).order_by("code").first()
    if found is None:
        raise NotFound(_("No province found."))
    return found


# --- a unit's registers -----------------------------------------------------------


@dataclass(frozen=True)
class Registers:
    computers: list[Computer]
    printers: list[Printer]
    scanners: list[Scanner]
    links: list[NetworkLink]
    video: list[VideoEndpoint]
    staff: list[ItStaff]
    trainings: list[Training]
    budgets: list[UnitBudget]


def unit_registers(unit: AdministrativeUnit) -> Registers:
    """Every register row of one unit, with what its page shows, in one query per register."""
    return Registers(
        computers=list(
            Computer.objects.filter(unit=unit).select_related("counter", "officer__user")
        ),
        printers=list(Printer.objects.filter(unit=unit).select_related("counter")),
        scanners=list(Scanner.objects.filter(unit=unit).select_related("counter")),
        links=list(NetworkLink.objects.filter(unit=unit)),
        video=list(VideoEndpoint.objects.filter(unit=unit)),
        staff=list(ItStaff.objects.filter(unit=unit)),
        trainings=list(Training.objects.filter(unit=unit)),
        budgets=list(UnitBudget.objects.filter(unit=unit).prefetch_related("lines")),
    )

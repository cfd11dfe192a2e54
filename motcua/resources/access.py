"""The only door to the resource registers: which units an officer may see or edit.

A province administrator sees every unit of the province; any other officer
sees the unit of the agency they work for. A unit the user may not see is
"not found", never "forbidden".
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.dossiers.access import officer_of
from motcua.resources.selectors import resource_units
from motcua.units.models import AdministrativeUnit, Role

EDITOR_ROLES = frozenset({Role.PROVINCE_ADMIN, Role.UNIT_ADMIN})


def units_visible_to(user: Any) -> QuerySet[AdministrativeUnit]:
    """Today's units whose registers the user may read (none for a non-officer)."""
    officer = officer_of(user)
    if officer is None:
        return AdministrativeUnit.objects.none()
    if officer.role == Role.PROVINCE_ADMIN:
        return resource_units(officer.agency.province)
    return AdministrativeUnit.objects.filter(pk=officer.agency.unit_id)


def user_sees_province(user: Any) -> bool:
    officer = officer_of(user)
    return officer is not None and officer.role == Role.PROVINCE_ADMIN


def user_may_edit_registers(user: Any) -> bool:
    """Province and unit administrators import their units' registers."""
    officer = officer_of(user)
    return officer is not None and officer.role in EDITOR_ROLES


def get_unit_for_officer(*, user: Any, code: str) -> AdministrativeUnit:
    """The unit with ``code`` if the user may see its registers; NotFound otherwise."""
    unit = units_visible_to(user).filter(code=code).first()
    if unit is None:
        raise NotFound(_("No unit with this code."))
    return unit

"""Who may read the indicators of which unit. A unit the officer may not see is "not found"."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.dossiers.access import officer_of
from motcua.reporting.indicators import Target, target_get
from motcua.units.models import AdministrativeUnit, Officer, Role
from motcua.units.selectors import unit_ids_in_province


def _may_see(officer: Officer, target: Target) -> bool:
    """A province administrator: the province, its units (merged ones too) and their
    agencies. Any other officer: their own agency, and their own commune."""
    own = officer.agency
    if officer.role == Role.PROVINCE_ADMIN:
        units = unit_ids_in_province(own.province)
        return target.unit_id in units
    if target.agency is not None:
        return target.agency.pk == own.pk
    return target.unit_id == own.unit_id and own.unit.level != AdministrativeUnit.Level.PROVINCE


def target_get_for_officer(*, user: Any, code: str) -> Target:
    """The unit or agency with ``code`` if the user may read its indicators; NotFound otherwise."""
    officer = officer_of(user)
    target = None
    if officer is not None:
        try:
            target = target_get(code=code)
        except NotFound:
            target = None
    if officer is None or target is None or not _may_see(officer, target):
        raise NotFound(_("No unit or agency with this code."))
    return target

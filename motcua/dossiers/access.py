"""The only door to dossiers for officers. A dossier the officer may not see is "not found"."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.core.audit import audit_record
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier, Handover
from motcua.units.models import Officer, Role
from motcua.units.selectors import unit_ids_in_province


def officer_of(user: Any) -> Officer | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.officer
    except Officer.DoesNotExist:
        return None


def officer_may_receive(officer: Officer | None) -> bool:
    """Counter officers of an agency that runs a one-stop unit receive dossiers."""
    return officer is not None and officer.role == Role.COUNTER and officer.agency.is_one_stop


def dossiers_visible_to(user: Any) -> QuerySet[Dossier]:
    """Dossiers the user may see: by role, the agency's or the whole province's."""
    officer = officer_of(user)
    if officer is None:
        return Dossier.objects.none()
    if officer.role == Role.PROVINCE_ADMIN:
        units = unit_ids_in_province(officer.agency.province)
        return Dossier.objects.filter(receiving_agency__unit_id__in=units)
    agency = officer.agency_id
    return Dossier.objects.filter(
        Q(receiving_agency_id=agency)
        | Q(current_agency_id=agency)
        | Q(competent_agency_id=agency)
        # A dossier that once passed through the agency stays visible to it.
        | Q(pk__in=Handover.objects.filter(to_agency_id=agency).values("dossier_id"))
    )


def get_dossier_for_officer(*, user: Any, code: str, for_update: bool = False) -> Dossier:
    """The dossier with ``code`` if the user may see it; NotFound otherwise (never 403)."""
    pk = dossiers_visible_to(user).filter(code=code).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound(_("No dossier with this code."))
    queryset = Dossier.objects.select_related(
        "procedure", "receiving_agency", "competent_agency", "current_agency", "handler"
    )
    if for_update:
        # Lock the dossier row (not the joined ones): two officers acting on one
        # dossier at once are serialised, and the second sees the first's result.
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=pk)


@transaction.atomic
def dossier_read_record(*, user: Any, dossier: Dossier, via: str) -> None:
    """Log that an officer read the dossier's personal data (Decree 13/2023: every
    processing of personal data leaves a trace); the number is masked in the row."""
    number = dossier.applicant_id
    audit_record(
        actor=user,
        action="dossier.read",
        object_type="dossier",
        object_id=dossier.code,
        data={"via": via, "person": f"{number[:3]}…{number[-2:]}" if len(number) > 5 else "…"},
    )

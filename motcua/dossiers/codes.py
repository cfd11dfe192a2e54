"""Dossier codes: ``<agency code>-<YYMMDD>-<NNNN>`` by default (Circular 01/2018 art. 19).

The format is a setting (MOTCUA_DOSSIER_CODE_FORMAT) because Circular
03/2025 regulates it again. The sequence restarts every day per agency and
must never repeat, even when several counters receive at the same second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction

from motcua.dossiers.models import CodeSequence
from motcua.units.models import Agency


@dataclass(frozen=True)
class AllocatedCode:
    code: str
    sequence: int


def dossier_code_format(*, agency_code: str, day: date, sequence: int) -> str:
    return settings.MOTCUA_DOSSIER_CODE_FORMAT.format(
        agency=agency_code,
        yymmdd=day.strftime("%y%m%d"),
        yyyymmdd=day.strftime("%Y%m%d"),
        seq=sequence,
    )


@transaction.atomic
def dossier_code_allocate(*, agency: Agency, day: date) -> AllocatedCode:
    """Claim the next number of ``agency`` on ``day`` inside the caller's transaction.

    The row is created with ON CONFLICT DO NOTHING (a concurrent creator makes
    this insert wait, then do nothing), then locked with SELECT ... FOR UPDATE,
    so two intakes are serialised on the row and never read the same ``last``.
    On SQLite the IMMEDIATE transaction mode serialises writers instead.
    """
    CodeSequence.objects.bulk_create(
        [CodeSequence(agency=agency, day=day, last=0)], ignore_conflicts=True
    )
    row = CodeSequence.objects.select_for_update().get(agency=agency, day=day)
    row.last += 1
    row.save(update_fields=["last"])
    code = dossier_code_format(agency_code=agency.code, day=day, sequence=row.last)
    return AllocatedCode(code=code, sequence=row.last)

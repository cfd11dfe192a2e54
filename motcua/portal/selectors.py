"""What the public may read about a dossier, and how often it may ask.

Dossier codes are sequential (``<agency>-<YYMMDD>-<NNNN>``), so anyone can
guess them. The code alone therefore reveals only the progress of a dossier;
who asked for what (the masked name and the procedure, which may be a
divorce) needs the last four digits of the applicant's ID number or tax code,
which the applicant knows and a code-walker does not.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass, replace
from datetime import datetime

from motcua.core.ratelimit import ip_bucket, rate_limited
from motcua.dossiers.models import (
    FINISHED_STATUSES,
    TERMINAL_STATUSES,
    Dossier,
    DossierRating,
    Status,
)

# The longest code the database can hold (Dossier.code's max_length).
MAX_CODE = 64
# A person retyping a code from a receipt needs a handful of tries a minute;
# 30 makes walking one agency's day of codes take minutes per address, and
# hours for a whole month. One rule for the page and the API: they share it.
LOOKUP_LIMIT = 30
LOOKUP_WINDOW_SECONDS = 60
# Four digits are 10,000 guesses: a botnet with many addresses could try them
# all on one dossier, so each dossier answers at most this many ID checks an
# hour (right or wrong). Beyond that the check fails quietly for an hour.
ID_CHECK_LIMIT = 10
ID_CHECK_WINDOW_SECONDS = 3600
ID_DIGITS = 4
_FOUR_DIGITS = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class PublicDossier:
    """The public view of a dossier. ``procedure`` and ``applicant`` are None
    unless the caller proved to know the applicant's ID number."""

    code: str
    status: str
    status_label: str
    receiving_agency: str
    received_at: datetime
    due_at: datetime  # the date promised to the applicant (after an apology, the new one)
    result_ready: bool  # the result exists: waiting at the counter, or already handed over
    ready_at: datetime | None
    returned: bool
    closed_without_result: bool  # refused, stopped or withdrawn
    procedure: str | None = None
    applicant: str | None = None
    # Shown with the identity only: the applicant's rating, and whether they may rate now.
    rating: str | None = None
    may_rate: bool = False

    @property
    def verified(self) -> bool:
        return self.applicant is not None


def mask_name(name: str) -> str:
    """Keep the family name, reduce the rest to initials: "Nguyễn Văn Hùng" → "Nguyễn V. H."."""
    parts = name.split()
    if len(parts) <= 1:
        return (name[:1] + "***") if name else ""
    return " ".join([parts[0], *(p[0] + "." for p in parts[1:])])


def clean_code(raw: str) -> str:
    """The code as typed, without surrounding blanks; "" when it cannot be a code.

    Control and other unprintable characters (a NUL makes PostgreSQL fail) and
    input longer than any stored code never reach the database.
    """
    code = raw.strip()
    if len(code) > MAX_CODE or not code.isprintable():
        return ""
    return code


def public_lookup_throttled(ip: str) -> bool:
    """Count one lookup from ``ip``; True when it is over the limit and must be refused."""
    return rate_limited(
        key=f"lookup:{ip_bucket(ip)}", limit=LOOKUP_LIMIT, window_seconds=LOOKUP_WINDOW_SECONDS
    )


def public_lookup(code: str, *, id_last4: str = "") -> PublicDossier | None:
    """The public view of the dossier with exactly this code, or None.

    With ``id_last4`` equal to the last four digits of the applicant's ID
    number, the view also names the procedure and the (masked) applicant. Any
    other ``id_last4`` gives the same answer as none.
    """
    code = clean_code(code)
    if not code:
        return None
    dossier = (
        Dossier.objects.select_related("procedure", "receiving_agency").filter(code=code).first()
    )
    if dossier is None:
        return None
    public = _progress(dossier)
    if not knows_id(dossier, id_last4):
        return public
    return _with_identity(public, dossier)


def _progress(dossier: Dossier) -> PublicDossier:
    status = dossier.status
    result_ready = status in FINISHED_STATUSES
    return PublicDossier(
        code=dossier.code,
        status=status,
        status_label=str(dossier.get_status_display()),
        receiving_agency=dossier.receiving_agency.name,
        received_at=dossier.received_at,
        due_at=dossier.promised_at,
        result_ready=result_ready,
        ready_at=dossier.finished_at if result_ready else None,
        returned=status == Status.RETURNED,
        closed_without_result=status in TERMINAL_STATUSES and not result_ready,
    )


def _with_identity(public: PublicDossier, dossier: Dossier) -> PublicDossier:
    rating = DossierRating.objects.filter(dossier=dossier).first()
    return replace(
        public,
        procedure=dossier.procedure.name,
        applicant=mask_name(dossier.applicant_name),
        rating=str(rating.get_value_display()) if rating else None,
        may_rate=rating is None and dossier.status == Status.RETURNED,
    )


def knows_id(dossier: Dossier, id_last4: str) -> bool:
    """Whether ``id_last4`` are the last four digits of the applicant's ID number."""
    given = id_last4.strip()
    if not given:
        return False
    # Counted before comparing, so that right and wrong guesses cost the same.
    if rate_limited(
        key=f"lookup-id:{dossier.pk}", limit=ID_CHECK_LIMIT, window_seconds=ID_CHECK_WINDOW_SECONDS
    ):
        return False
    expected = "".join(c for c in dossier.applicant_id if c in "0123456789")[-ID_DIGITS:]
    if len(expected) < ID_DIGITS or not _FOUR_DIGITS.fullmatch(given):
        return False
    # Constant time, so response times do not tell how many leading digits are right.
    return hmac.compare_digest(given.encode(), expected.encode())

"""The intake's population-registry step: prefill the applicant, verify them at receipt.

The registry (``citizens.registry``) is consulted twice at the counter:

- on request, to prefill the form from an ID number (``applicant_registry_lookup``,
  an officer's read of personal data: audited, Decree 13/2023);
- at receipt, to verify what was declared (``applicant_registry_check``): the
  answer is recorded on the dossier and differences are flagged to the
  officer. Neither refuses the dossier, and a registry that cannot answer
  never blocks intake.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.citizens.identifiers import IdentifierError, parse_personal_id
from motcua.citizens.registry import (
    Declared,
    PersonRecord,
    RegistryUnavailable,
    registry,
)
from motcua.core.audit import audit_record
from motcua.core.errors import DomainError
from motcua.dossiers.access import officer_may_receive, officer_of
from motcua.dossiers.inputs import ApplicantInput
from motcua.dossiers.models import ApplicantKind, VerificationOutcome, VerificationSource

FIELD_LABELS = {
    "name": gettext_lazy("Full name"),
    "birth_date": gettext_lazy("Date of birth"),
    "sex": gettext_lazy("Sex"),
    "address": gettext_lazy("Permanent address"),
}


@dataclass(frozen=True)
class ApplicantCheck:
    """What is recorded on the dossier: source, outcome, fields that differ."""

    source: str = ""
    outcome: str = VerificationOutcome.NOT_CHECKED
    mismatches: tuple[str, ...] = ()


def applicant_registry_check(applicant: ApplicantInput, *, by_eid: bool = False) -> ApplicantCheck:
    """Verify a person applicant (an organisation is not checked); never raises for
    an unavailable registry, which is recorded as such. ``by_eid``: the applicant
    signed in with VNeID, whose accounts are identified against the population data:
    that stands as the check."""
    if by_eid:
        return ApplicantCheck(VerificationSource.VNEID, VerificationOutcome.MATCHED)
    if applicant.kind != ApplicantKind.PERSON:
        return ApplicantCheck()
    declared = Declared(
        name=applicant.name,
        birth_date=applicant.birth_date,
        sex=applicant.sex,
        address=applicant.address,
    )
    try:
        verification = registry().verify(applicant.id_number, declared)
    except RegistryUnavailable:
        return ApplicantCheck(outcome=VerificationOutcome.UNAVAILABLE)
    if not verification.found:
        return ApplicantCheck(verification.source, VerificationOutcome.NOT_FOUND)
    if verification.mismatches:
        return ApplicantCheck(
            verification.source, VerificationOutcome.MISMATCH, tuple(verification.mismatches)
        )
    return ApplicantCheck(verification.source, VerificationOutcome.MATCHED)


def applicant_registry_lookup(*, actor: Any, id_number: str) -> PersonRecord | None:
    """The registry's record of a person, for a counter officer prefilling the intake.

    Every lookup is an officer reading personal data and leaves an audit row,
    found or not. Raises ``DomainError`` for a malformed number or an actor
    who does not receive dossiers, ``RegistryUnavailable`` when it cannot answer.
    """
    officer = officer_of(actor)
    if officer is None or not officer_may_receive(officer):
        raise DomainError(_("Only a counter officer can look people up in the registry."))
    try:
        number = parse_personal_id(id_number).number
    except IdentifierError as exc:
        raise DomainError(str(exc), field="applicant_id") from None
    port = registry()
    try:
        person = port.lookup(number)
    except RegistryUnavailable:
        _audit_lookup(actor, number, port.source, "unavailable")
        raise
    _audit_lookup(actor, number, port.source, "found" if person else "not_found")
    return person


def _audit_lookup(actor: Any, number: str, source: str, result: str) -> None:
    audit_record(
        actor=actor,
        action="registry.lookup",
        object_type="person",
        object_id=number,
        data={"source": source, "result": result},
    )


def mismatch_labels(fields: list[str] | tuple[str, ...]) -> list[str]:
    """The differing fields as the officer reads them."""
    return [str(FIELD_LABELS[f]) for f in fields if f in FIELD_LABELS]

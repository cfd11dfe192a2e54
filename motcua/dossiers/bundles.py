"""Bundles (liên thông, Decree 63/2024): one filing, one child dossier per procedure.

Filing the birth bundle (birth registration + permanent residence + health
insurance card for a child under 6) or the death bundle at the counter
creates a ``DossierBundle`` with its own code and due time (the bundle's time
limit in working days, 3 for the birth bundle) and a child dossier per
procedure, each received through ``dossier_receive`` (same checks, same
hooks) and handled by its own competent agency under the ordinary state
machine. After every transition of a child, ``bundle_refresh`` recomputes the
bundle's state from its children: complete when every child has its result
(on time or late against the bundle's own limit), closed when every child is
finished and some ended without a result.

One child per procedure, not per agency: a dossier carries one procedure,
with its own time limit and result. In the seeded bundles every procedure has
its own competent agency, so the two coincide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalogue.models import Bundle, Procedure
from motcua.core.audit import audit_record
from motcua.core.errors import DomainError, NotFound
from motcua.core.lib.text import fold
from motcua.dossiers.access import dossiers_visible_to, officer_may_receive, officer_of
from motcua.dossiers.codes import dossier_code_allocate
from motcua.dossiers.deadlines import Limit, calendar_for_agency, verdict_at
from motcua.dossiers.inputs import ApplicantInput, DocumentInput, IntakeInput
from motcua.dossiers.models import (
    CLOSED_WITHOUT_RESULT,
    FINISHED_STATUSES,
    TERMINAL_STATUSES,
    BundleStatus,
    Channel,
    Dossier,
    DossierBundle,
)
from motcua.units.models import Agency


@dataclass(frozen=True)
class BundleState:
    status: str
    completed_at: datetime | None
    timeliness: str


def bundle_state(
    children: Iterable[tuple[str, datetime | None]], *, due_at: datetime
) -> BundleState:
    """The bundle's state from its children's (status, result time): complete when every
    child has its result, then on time or late against the bundle's due time."""
    rows = list(children)
    if not rows:
        return BundleState(BundleStatus.OPEN, None, "")
    if all(status in FINISHED_STATUSES for status, _at in rows):
        done = max(at for _status, at in rows if at is not None)
        return BundleState(BundleStatus.COMPLETED, done, verdict_at(done, due_at))
    settled = all(s in FINISHED_STATUSES or s in TERMINAL_STATUSES for s, _at in rows)
    if settled and any(s in CLOSED_WITHOUT_RESULT for s, _at in rows):
        return BundleState(BundleStatus.CLOSED, None, "")
    return BundleState(BundleStatus.OPEN, None, "")


def bundle_refresh(bundle_id: int) -> DossierBundle:
    """Recompute and store a bundle's state (inside the caller's transaction)."""
    filing = DossierBundle.objects.select_for_update().get(pk=bundle_id)
    children = Dossier.objects.filter(part_of=filing).values_list("status", "finished_at")
    state = bundle_state(children, due_at=filing.due_at)
    if (filing.status, filing.completed_at, filing.timeliness) != (
        state.status,
        state.completed_at,
        state.timeliness,
    ):
        filing.status, filing.completed_at = state.status, state.completed_at
        filing.timeliness = state.timeliness
        filing.save(update_fields=["status", "completed_at", "timeliness"])
    return filing


def bundle_list() -> list[Bundle]:
    """Bundles a counter can file, with their procedures."""
    return list(Bundle.objects.prefetch_related("procedures").order_by("code"))


def bundle_procedures(bundle: Bundle) -> list[Procedure]:
    """The bundle's active procedures, in a stable order (one child dossier each)."""
    procedures = list(bundle.procedures.filter(is_active=True).order_by("code"))
    if len(procedures) < 2:
        raise DomainError(_("This bundle has fewer than two active procedures."), field="bundle")
    return procedures


def _bundle(code: str) -> Bundle:
    bundle = Bundle.objects.filter(code=code).first()
    if bundle is None:
        raise NotFound(_("No bundle has the code %(code)s.") % {"code": code}, field="bundle")
    return bundle


def produced_in_bundle(procedures: Iterable[Procedure]) -> dict[int, Procedure]:
    """Checklist items that another procedure of the bundle issues as its result — the
    child's birth certificate for its health-insurance card, the death extract for the
    funeral allowance: {required document id: the procedure that issues it}. The
    applicant does not hand these in; the agencies pass them along the bundle.

    An item matches a result when its name, without accents and case, is the
    result's name or its beginning ("Giấy khai sinh" → "Giấy khai sinh (bản chính)").
    """
    rows = list(procedures)
    results = [
        (fold(name), procedure)
        for procedure in rows
        for name in procedure.result_documents.values_list("name", flat=True)
    ]
    produced: dict[int, Procedure] = {}
    for procedure in rows:
        for pk, name in procedure.required_documents.values_list("pk", "name"):
            folded = fold(name)
            for result, source in results:
                if source.pk != procedure.pk and folded and result.startswith(folded):
                    produced[pk] = source
                    break
    return produced


def _bundle_open(
    *,
    actor: Any,
    bundle: Bundle,
    agency: Agency,
    applicant: ApplicantInput,
    channel: str,
    at: datetime | None,
) -> DossierBundle:
    """The bundle filing itself: its code from the receiving unit's sequence, its due
    time from the bundle's own limit."""
    received_at = at or timezone.now()
    calendar = calendar_for_agency(agency, around=received_at)
    allocated = dossier_code_allocate(agency=agency, day=timezone.localdate(received_at))
    limit = Limit(bundle.time_limit_days, Procedure.LimitUnit.WORKING_DAYS)
    return DossierBundle.objects.create(
        code=allocated.code,
        bundle=bundle,
        receiving_agency=agency,
        applicant_name=applicant.name.strip(),
        applicant_id=applicant.id_number.strip(),
        channel=channel,
        received_at=received_at,
        due_at=limit.due_from(calendar, calendar.effective_start(received_at)),
        received_by=actor,
    )


def _bundle_audit(actor: Any, filing: DossierBundle, children: int) -> None:
    audit_record(
        actor=actor,
        action="bundle.receive",
        object_type="bundle",
        object_id=filing.code,
        data={"bundle": filing.bundle.code, "children": children, "channel": filing.channel},
    )


@transaction.atomic
def bundle_receive(
    *,
    actor: Any,
    bundle_code: str,
    applicant: ApplicantInput,
    channel: str = "1",
    assisted: bool = False,
    at: datetime | None = None,
) -> DossierBundle:
    """Receive a bundle at the counter: the bundle's code and due time, then one child
    dossier per procedure through ``dossier_receive`` — all or nothing. ``assisted``:
    filed online for the applicant present (the Project 06 bundles are online services)."""
    from motcua.dossiers.services import dossier_receive  # services import this module

    officer = officer_of(actor)
    if officer is None or not officer_may_receive(officer):
        raise DomainError(_("Only a counter officer of a one-stop unit receives dossiers."))
    bundle = _bundle(bundle_code)
    procedures = bundle_procedures(bundle)
    if assisted:
        channel = Channel.ONLINE
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel."), field="channel")
    received_at = at or timezone.now()
    filing = _bundle_open(
        actor=actor,
        bundle=bundle,
        agency=officer.agency,
        applicant=applicant,
        channel=channel,
        at=received_at,
    )
    for procedure in procedures:
        child = dossier_receive(
            actor=actor,
            data=IntakeInput(
                procedure_code=procedure.code,
                applicant=applicant,
                channel=Channel.IN_PERSON if assisted else channel,
                assisted=assisted,
            ),
            at=received_at,
        )
        Dossier.objects.filter(pk=child.pk).update(part_of=filing)
    _bundle_audit(actor, filing, len(procedures))
    return filing


def _passed_on(procedure: Procedure, produced: Mapping[int, Procedure]) -> list[DocumentInput]:
    """The items of ``procedure`` another procedure of the bundle issues: recorded in the
    checklist as not handed in, with the procedure they come from."""
    return [
        DocumentInput(
            name=doc.name,
            required_document_id=doc.pk,
            copies=0,
            provided=False,
            note=_("Issued in the bundle by: %(procedure)s") % {"procedure": produced[doc.pk].name},
        )
        for doc in procedure.required_documents.filter(pk__in=list(produced)).order_by("position")
    ]


@transaction.atomic
def bundle_submit_online(
    *,
    actor: Any,
    bundle_code: str,
    agency_code: str,
    applicant: ApplicantInput,
    documents: Mapping[str, tuple[DocumentInput, ...]],
    request: str = "",
    verified_by_eid: bool = False,
    at: datetime | None = None,
) -> DossierBundle:
    """A bundle filed online by its applicant (the portal): the bundle filing, then one
    child dossier per procedure through ``dossier_submit_online`` with that procedure's
    part of the checklist (``documents`` by procedure code) — all or nothing."""
    # services import this module
    from motcua.dossiers.services import ActionForbidden, dossier_submit_online

    if actor is None or not getattr(actor, "is_authenticated", False) or officer_of(actor):
        raise ActionForbidden(_("Only the applicant, signed in, files a dossier online."))
    bundle = _bundle(bundle_code)
    procedures = bundle_procedures(bundle)
    agency = Agency.objects.filter(code=agency_code, is_one_stop=True).first()
    if agency is None:
        raise DomainError(_("Choose the one-stop unit that receives the dossier."), field="agency")
    received_at = at or timezone.now()
    filing = _bundle_open(
        actor=actor,
        bundle=bundle,
        agency=agency,
        applicant=applicant,
        channel=Channel.ONLINE,
        at=received_at,
    )
    produced = produced_in_bundle(procedures)
    for procedure in procedures:
        passed_on = _passed_on(procedure, produced)
        passed_on_ids = {d.required_document_id for d in passed_on}
        own = [
            d for d in documents.get(procedure.code, ()) if d.required_document_id not in produced
        ]
        child = dossier_submit_online(
            actor=actor,
            agency_code=agency.code,
            data=IntakeInput(
                procedure_code=procedure.code,
                applicant=applicant,
                documents=(*own, *passed_on),
                request=request,
            ),
            verified_by_eid=verified_by_eid,
            at=received_at,
            from_bundle=frozenset(d for d in produced if d in passed_on_ids),
        )
        Dossier.objects.filter(pk=child.pk).update(part_of=filing)
    _bundle_audit(actor, filing, len(procedures))
    return filing


def bundle_get_for_officer(*, user: Any, code: str) -> DossierBundle:
    """A bundle filing the officer may see: one of its children is visible to them."""
    filing = DossierBundle.objects.select_related("bundle", "receiving_agency").filter(code=code)
    found = filing.first()
    if found is None or not dossiers_visible_to(user).filter(part_of=found).exists():
        raise NotFound(_("No bundle filing with this code."))
    return found


def bundle_children(filing: DossierBundle) -> list[Dossier]:
    return list(
        Dossier.objects.filter(part_of=filing)
        .select_related("procedure", "competent_agency", "current_agency")
        .order_by("procedure__code")
    )

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

from motcua.catalogue.models import Bundle, Procedure, RequiredDocument
from motcua.core.audit import audit_record
from motcua.core.errors import DomainError, NotFound
from motcua.core.lib.text import fold
from motcua.dossiers.access import dossiers_visible_to, officer_may_receive, officer_of
from motcua.dossiers.codes import dossier_code_allocate
from motcua.dossiers.deadlines import Limit, calendar_for_agency, verdict_at
from motcua.dossiers.hooks import event_hooks_run
from motcua.dossiers.inputs import (
    ApplicantInput,
    DocumentInput,
    IntakeInput,
    documents_handed_in,
)
from motcua.dossiers.models import (
    CLOSED_WITHOUT_RESULT,
    FINISHED_STATUSES,
    TERMINAL_STATUSES,
    BundleStatus,
    Channel,
    Dossier,
    DossierBundle,
)
from motcua.dossiers.registry_check import ApplicantCheck, applicant_registry_check
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


def bundle_get(code: str) -> Bundle:
    """A bundle of the catalogue by its code; ``NotFound`` otherwise."""
    bundle = Bundle.objects.filter(code=code[:32]).first()
    if bundle is None:
        raise NotFound(_("No bundle has the code %(code)s.") % {"code": code}, field="bundle")
    return bundle


def produced_in_bundle(bundle: Bundle, procedures: Iterable[Procedure]) -> dict[int, Procedure]:
    """Checklist items another procedure of the bundle issues (the catalogue's
    ``BundleDocumentLink`` rows: the child's birth certificate for its health-insurance
    card, the death extract for the funeral allowance): {required document id: the
    procedure that issues it}. The applicant does not hand these in."""
    rows = {p.pk: p for p in procedures}
    wanted = {
        (link.procedure_id, fold(link.document_name)): rows[link.issued_by_id]
        for link in bundle.document_links.all()
        if link.procedure_id in rows
        and link.issued_by_id in rows
        and link.procedure_id != link.issued_by_id  # a procedure does not issue its own input
    }
    if not wanted:
        return {}
    items = RequiredDocument.objects.filter(procedure_id__in=list(rows)).values_list(
        "pk", "procedure_id", "name"
    )
    return {
        pk: wanted[(procedure_id, fold(name))]
        for pk, procedure_id, name in items
        if (procedure_id, fold(name)) in wanted
    }


@dataclass(frozen=True)
class BundlePart:
    """What a child's intake takes from its bundle: the filing it is part of, the
    checklist items the bundle itself issues, and the applicant's registry check, made
    once for the bundle before it claims its code (a slow registry must not hold the
    code sequence's lock)."""

    filing: DossierBundle
    passed_on: frozenset[int]
    check: ApplicantCheck


def _child_checklist(
    procedure: Procedure,
    produced: Mapping[int, Procedure],
    given: tuple[DocumentInput, ...] | None,
) -> tuple[tuple[DocumentInput, ...], frozenset[int]]:
    """A child's checklist: what the applicant handed in (``given``; ``None`` at the
    counter: every item), and the items another procedure of the bundle issues,
    recorded as not handed in, with the procedure they come from."""
    required = list(procedure.required_documents.order_by("position", "pk"))
    passed_on = tuple(
        DocumentInput(
            name=doc.name,
            required_document_id=doc.pk,
            copies=0,
            provided=False,
            # Cut to the note's length: a procedure's published name can be long.
            note=(
                _("Issued in the bundle by: %(procedure)s") % {"procedure": produced[doc.pk].name}
            )[:300],
        )
        for doc in required
        if doc.pk in produced
    )
    ids = frozenset(d.pk for d in required if d.pk in produced)
    if given is None:
        own = documents_handed_in(doc for doc in required if doc.pk not in ids)
    else:
        own = tuple(d for d in given if d.required_document_id not in ids)
    return (*own, *passed_on), ids


def _bundle_open(
    *,
    actor: Any,
    bundle: Bundle,
    agency: Agency,
    applicant: ApplicantInput,
    channel: str,
    at: datetime,
) -> DossierBundle:
    """The bundle filing itself: its code from the receiving unit's sequence, its due
    time from the bundle's own limit. ``applicant`` is already checked and normalised."""
    calendar = calendar_for_agency(agency, around=at)
    allocated = dossier_code_allocate(agency=agency, day=timezone.localdate(at))
    limit = Limit(bundle.time_limit_days, Procedure.LimitUnit.WORKING_DAYS)
    return DossierBundle.objects.create(
        code=allocated.code,
        bundle=bundle,
        receiving_agency=agency,
        applicant_name=applicant.name,
        applicant_id=applicant.id_number,
        channel=channel,
        received_at=at,
        due_at=limit.due_from(calendar, calendar.effective_start(at)),
        received_by=actor,
    )


def _bundle_received(actor: Any, filing: DossierBundle, children: int) -> None:
    """The bundle is filed: an audit row, and the event ``"bundle_received"`` on its first
    child, for the applicant to be told once of the whole bundle (``portal``) rather
    than once per child."""
    audit_record(
        actor=actor,
        action="bundle.receive",
        object_type="bundle",
        object_id=filing.code,
        data={"bundle": filing.bundle.code, "children": children, "channel": filing.channel},
    )
    first = Dossier.objects.filter(part_of=filing).order_by("procedure__code").first()
    if first is not None:
        event_hooks_run(dossier=first, event="bundle_received", data={"bundle": filing.code})


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
    from motcua.dossiers.services import applicant_clean, dossier_receive  # they import us

    officer = officer_of(actor)
    if officer is None or not officer_may_receive(officer):
        raise DomainError(_("Only a counter officer of a one-stop unit receives dossiers."))
    bundle = bundle_get(bundle_code)
    procedures = bundle_procedures(bundle)
    if assisted:
        channel = Channel.ONLINE
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel."), field="channel")
    applicant = applicant_clean(applicant)
    check = applicant_registry_check(applicant)
    received_at = at or timezone.now()
    filing = _bundle_open(
        actor=actor,
        bundle=bundle,
        agency=officer.agency,
        applicant=applicant,
        channel=channel,
        at=received_at,
    )
    produced = produced_in_bundle(bundle, procedures)
    for procedure in procedures:
        documents, passed_on = _child_checklist(procedure, produced, None)
        dossier_receive(
            actor=actor,
            data=IntakeInput(
                procedure_code=procedure.code,
                applicant=applicant,
                documents=documents,
                channel=Channel.IN_PERSON if assisted else channel,
                assisted=assisted,
            ),
            at=received_at,
            part=BundlePart(filing, passed_on, check),
        )
    _bundle_received(actor, filing, len(procedures))
    return filing


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
    from motcua.dossiers.services import (
        applicant_clean,
        dossier_submit_online,
        online_agency,
        online_applicant_check,
    )

    online_applicant_check(actor)
    bundle = bundle_get(bundle_code)
    procedures = bundle_procedures(bundle)
    agency = online_agency(agency_code, procedures)
    applicant = applicant_clean(applicant)
    check = applicant_registry_check(applicant, by_eid=verified_by_eid)
    received_at = at or timezone.now()
    filing = _bundle_open(
        actor=actor,
        bundle=bundle,
        agency=agency,
        applicant=applicant,
        channel=Channel.ONLINE,
        at=received_at,
    )
    produced = produced_in_bundle(bundle, procedures)
    for procedure in procedures:
        checklist, passed_on = _child_checklist(
            procedure, produced, documents.get(procedure.code, ())
        )
        dossier_submit_online(
            actor=actor,
            agency_code=agency.code,
            data=IntakeInput(
                procedure_code=procedure.code,
                applicant=applicant,
                documents=checklist,
                request=request,
            ),
            verified_by_eid=verified_by_eid,
            at=received_at,
            part=BundlePart(filing, passed_on, check),
        )
    _bundle_received(actor, filing, len(procedures))
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

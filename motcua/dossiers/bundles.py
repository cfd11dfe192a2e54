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

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalogue.models import Bundle, Procedure
from motcua.core.audit import audit_record
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.access import dossiers_visible_to, officer_may_receive, officer_of
from motcua.dossiers.codes import dossier_code_allocate
from motcua.dossiers.deadlines import Limit, calendar_for_agency, verdict_at
from motcua.dossiers.inputs import ApplicantInput, IntakeInput
from motcua.dossiers.models import (
    CLOSED_WITHOUT_RESULT,
    FINISHED_STATUSES,
    TERMINAL_STATUSES,
    BundleStatus,
    Channel,
    Dossier,
    DossierBundle,
)


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
    bundle = Bundle.objects.filter(code=bundle_code).first()
    if bundle is None:
        raise NotFound(
            _("No bundle has the code %(code)s.") % {"code": bundle_code}, field="bundle"
        )
    procedures = list(bundle.procedures.filter(is_active=True).order_by("code"))
    if len(procedures) < 2:
        raise DomainError(_("This bundle has fewer than two active procedures."), field="bundle")
    if assisted:
        channel = Channel.ONLINE
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel."), field="channel")
    received_at = at or timezone.now()
    agency = officer.agency
    calendar = calendar_for_agency(agency, around=received_at)
    allocated = dossier_code_allocate(agency=agency, day=timezone.localdate(received_at))
    limit = Limit(bundle.time_limit_days, Procedure.LimitUnit.WORKING_DAYS)
    filing = DossierBundle.objects.create(
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
    audit_record(
        actor=actor,
        action="bundle.receive",
        object_type="bundle",
        object_id=filing.code,
        data={"bundle": bundle.code, "children": len(procedures)},
    )
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

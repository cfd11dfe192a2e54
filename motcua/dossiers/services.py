"""Every change of a dossier. Each service runs in one transaction with its audit row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalogue.models import Procedure
from motcua.citizens.identifiers import IdentifierError, check_personal_id, check_tax_code
from motcua.core.audit import audit_record
from motcua.core.errors import DomainError, NotFound, TransitionNotAllowed
from motcua.core.lib.text import fold
from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.access import get_dossier_for_officer, officer_may_receive, officer_of
from motcua.dossiers.bundles import BundlePart, bundle_refresh
from motcua.dossiers.codes import dossier_code_allocate
from motcua.dossiers.deadlines import (
    calendar_for_agency,
    limit_of,
    timeliness,
    verdict_at,
)
from motcua.dossiers.hooks import event_hooks_run, intake_hooks_run, transition_hooks_run
from motcua.dossiers.inputs import (
    MAX_TEXT,
    ActionInput,
    ApplicantInput,
    DocumentInput,
    IntakeInput,
    documents_handed_in,
)
from motcua.dossiers.models import (
    ApplicantKind,
    Channel,
    Delivery,
    Dossier,
    DossierDocument,
    Handover,
    Status,
    StatusChange,
)
from motcua.dossiers.registry_check import applicant_registry_check
from motcua.dossiers.selectors import online_offered, receiving_agencies
from motcua.dossiers.transitions import BY_ACTION, Transition, Where
from motcua.units.models import Agency, Officer, OneStopCounter, Role
from motcua.units.selectors import agency_handover_targets, person_name


class ActionForbidden(DomainError):
    """The officer may see the dossier but not take this action."""

    status = 403


# --- intake -----------------------------------------------------------------


APPLICANT_LIMITS = {"name": 200, "address": 300, "phone": 20, "email": 254}


def applicant_clean(applicant: ApplicantInput) -> ApplicantInput:
    """Validate the applicant; return it stripped, with the identifier normalised."""
    labels = {
        "name": _("The applicant's name"),
        "address": _("The address"),
        "phone": _("The phone number"),
        "email": _("The e-mail address"),
    }
    clean: dict[str, str] = {
        key: _text(
            getattr(applicant, key),
            field=f"applicant_{key}",
            label=labels[key],
            required=key == "name",
            max_length=limit,
        )
        for key, limit in APPLICANT_LIMITS.items()
    }
    if clean["email"]:
        try:
            validate_email(clean["email"])
        except ValidationError:
            raise DomainError(
                _("The e-mail address is not valid."), field="applicant_email"
            ) from None
    if applicant.sex not in {"", "male", "female"}:
        raise DomainError(_("Sex must be male, female or left empty."), field="applicant_sex")
    if applicant.birth_date is not None and applicant.birth_date > timezone.localdate():
        raise DomainError(
            _("The date of birth cannot be in the future."), field="applicant_birth_date"
        )
    return replace(
        applicant,
        id_number=_identifier(applicant),
        name=clean["name"],
        address=clean["address"],
        phone=clean["phone"],
        email=clean["email"],
    )


def _identifier(applicant: ApplicantInput) -> str:
    try:
        if applicant.kind == ApplicantKind.ORGANISATION:
            return check_tax_code(applicant.id_number)
        if applicant.kind != ApplicantKind.PERSON:
            raise DomainError(_("Unknown applicant kind."), field="applicant_kind")
        return check_personal_id(
            applicant.id_number, birth_date=applicant.birth_date, sex=applicant.sex or None
        ).number
    except IdentifierError as exc:
        raise DomainError(str(exc), field="applicant_id") from None


def _intake_officer(actor: Any) -> Officer:
    officer = officer_of(actor)
    if officer is None or not officer_may_receive(officer):
        raise ActionForbidden(_("Only a counter officer of a one-stop unit can receive dossiers."))
    return officer


def _checklist(
    procedure: Procedure,
    documents: tuple[DocumentInput, ...] | None,
    from_bundle: frozenset[int] = frozenset(),
) -> list[DocumentInput]:
    required = list(procedure.required_documents.all())
    if documents is None:
        return list(documents_handed_in(required))
    # An item taken from the data store is given too: the intake hook checks it is there.
    given = {d.required_document_id for d in documents if d.provided or d.from_store}
    given |= from_bundle  # issued by another procedure of the same bundle
    missing = [r.name for r in required if r.is_mandatory and r.pk not in given]
    if missing:
        raise DomainError(
            _(
                "The dossier is incomplete; missing: %(items)s. Give the applicant the "
                "one-time guidance (form 02) instead of receiving it."
            )
            % {"items": "; ".join(missing)},
            field="documents",
        )
    known = {r.pk for r in required}
    for doc in documents:
        if doc.required_document_id is not None and doc.required_document_id not in known:
            raise DomainError(
                _("A document does not belong to this procedure's checklist."), field="documents"
            )
        _text(
            doc.name, field="documents", label=_("A document's name"), required=True, max_length=300
        )
        _text(doc.note, field="documents", label=_("A document's note"), max_length=300)
        # 0 copies: the original is only shown at the counter (xuất trình).
        if not 0 <= doc.copies <= 99:
            raise DomainError(_("Each document takes 0 to 99 copies."), field="documents")
    return list(documents)


def _check_intake_fields(data: IntakeInput, *, online: bool = False) -> None:
    if data.channel not in Channel.values:
        raise DomainError(_("Unknown channel."), field="channel")
    if data.delivery not in Delivery.values:
        raise DomainError(_("Unknown way of returning the result."), field="delivery")
    if data.delivery == Delivery.POST and not data.delivery_address.strip():
        raise DomainError(
            _("A postal address is needed to send the result by post."), field="delivery_address"
        )
    if not 1 <= data.sets <= 20:
        raise DomainError(_("The number of sets must be between 1 and 20."), field="sets")
    if data.channel == Channel.ONLINE and not online:
        raise DomainError(
            _("Online dossiers are filed through the public portal, not at the counter."),
            field="channel",
        )


def _procedure(code: str) -> Procedure:
    procedure = (
        Procedure.objects.filter(code=code, is_active=True)
        .select_related("competent_agency")
        .first()
    )
    if procedure is None:
        raise DomainError(
            _("No active procedure with code %(code)s.") % {"code": code}, field="procedure"
        )
    return procedure


@transaction.atomic
def dossier_receive(
    *, actor: Any, data: IntakeInput, at: datetime | None = None, part: BundlePart | None = None
) -> Dossier:
    """Receive a complete dossier at the counter (or by post): code, due time, history, audit.
    ``part``: a child of a bundle (``bundles.bundle_receive`` only)."""
    officer = _intake_officer(actor)
    if data.assisted:
        # Assisted filing: an online dossier, filed for the applicant at the counter.
        data = replace(data, channel=Channel.ONLINE)
    _check_intake_fields(data, online=data.assisted)
    counter = None
    if data.counter_id is not None:
        counter = OneStopCounter.objects.filter(pk=data.counter_id, agency=officer.agency).first()
    return _intake(
        actor=actor,
        officer=officer,
        agency=officer.agency,
        counter=counter or officer.counter,
        data=data,
        at=at,
        assisted_by=actor if data.assisted else None,
        part=part,
    )


def online_applicant_check(actor: Any) -> None:
    """Only a signed-in applicant (never an officer account) files online."""
    if actor is None or not getattr(actor, "is_authenticated", False) or officer_of(actor):
        raise ActionForbidden(_("Only the applicant, signed in, files a dossier online."))


def online_offered_check(procedures: list[Procedure]) -> None:
    """Refuse, saying why, procedures that are not filed online (``online_offered``)."""
    if not online_offered(procedures):
        raise DomainError(_("This procedure cannot be filed online; please come to the counter."))


def online_agency(agency_code: str, procedures: list[Procedure]) -> Agency:
    """The one-stop unit an online filing of ``procedures`` names: one that receives them
    (``selectors.receiving_agencies``), and only if they are offered online."""
    online_offered_check(procedures)
    agency = receiving_agencies(*procedures).filter(code=agency_code).first()
    if agency is None:
        raise DomainError(_("Choose the one-stop unit that receives the dossier."), field="agency")
    return agency


@transaction.atomic
def dossier_submit_online(
    *,
    actor: Any,
    agency_code: str,
    data: IntakeInput,
    verified_by_eid: bool = False,
    at: datetime | None = None,
    part: BundlePart | None = None,
) -> Dossier:
    """A dossier filed online by its applicant (the portal): received by ``agency_code``'s
    one-stop unit at the moment of submission, with the same checks, code, due time,
    history, audit and hooks as at the counter. The counter then takes it on (assigns
    it), asks for a supplement or refuses it, as any received dossier.

    The caller (the portal) vouches that ``actor`` is the applicant; with
    ``verified_by_eid`` the applicant signed in with VNeID, which stands as the
    identity check (VNeID accounts are identified against the population data).
    ``part``: a child of a bundle (``bundles.bundle_submit_online`` only).
    """
    online_applicant_check(actor)
    agency = online_agency(agency_code, [_procedure(data.procedure_code)])
    data = replace(data, channel=Channel.ONLINE, counter_id=None, assisted=False)
    _check_intake_fields(data, online=True)
    return _intake(
        actor=actor,
        officer=None,
        agency=agency,
        counter=None,
        data=data,
        at=at,
        eid_check=verified_by_eid,
        part=part,
    )


def _intake(
    *,
    actor: Any,
    officer: Officer | None,
    agency: Agency,
    counter: OneStopCounter | None,
    data: IntakeInput,
    at: datetime | None,
    eid_check: bool = False,
    assisted_by: Any = None,
    part: BundlePart | None = None,
) -> Dossier:
    """The intake itself (inside the caller's transaction), at the counter or online;
    ``part``: a child of a bundle (``dossiers.bundles``)."""
    procedure = _procedure(data.procedure_code)
    applicant = applicant_clean(data.applicant)
    delivery_address = _text(
        data.delivery_address,
        field="delivery_address",
        label=_("The postal address"),
        max_length=300,
    )
    documents = _checklist(procedure, data.documents, part.passed_on if part else frozenset())
    # Before the code sequence row is claimed: a slow registry must not hold its lock
    # (a bundle checks its applicant once, before it claims its own code).
    check = part.check if part else applicant_registry_check(applicant, by_eid=eid_check)
    received_at = at or timezone.now()
    calendar = calendar_for_agency(agency, around=received_at)
    limit = limit_of(procedure)
    allocated = dossier_code_allocate(agency=agency, day=timezone.localdate(received_at))
    counted_from = calendar.effective_start(received_at, limit.cutoff)
    competent = procedure.competent_agency or agency
    dossier = Dossier.objects.create(
        code=allocated.code,
        procedure=procedure,
        receiving_agency=agency,
        counter=counter,
        competent_agency=competent,
        current_agency=agency,
        status=Status.RECEIVED,
        channel=data.channel,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_id=applicant.id_number,
        applicant_birth_date=applicant.birth_date,
        applicant_sex=applicant.sex,
        applicant_address=applicant.address,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_search=fold(applicant.name)[:200],
        applicant_verified_by=check.source,
        applicant_verification=check.outcome,
        applicant_mismatches=list(check.mismatches),
        request=_text(data.request, field="request", label=_("The request")) or procedure.name,
        sets=data.sets,
        delivery=data.delivery,
        delivery_address=delivery_address,
        fee=procedure.fee,
        time_limit=limit.amount,
        time_limit_unit=limit.unit,
        cutoff_hour=limit.cutoff,
        received_at=received_at,
        counted_from=counted_from,
        due_at=limit.due_from(calendar, counted_from),
        register_entry=allocated.sequence,
        received_by=actor,
        assisted_by=assisted_by,
        part_of=part.filing if part else None,
    )
    DossierDocument.objects.bulk_create(
        DossierDocument(
            dossier=dossier,
            required_document_id=d.required_document_id,
            name=d.name.strip(),
            copies=d.copies,
            original_shown=d.original_shown,
            provided=d.provided or d.from_store,
            note=d.note.strip(),
        )
        for d in documents
    )
    received: dict[str, Any] = {
        "channel": data.channel,
        "registry": check.outcome or "not_checked",
    }
    if assisted_by is not None:
        received["assisted"] = True
    if officer is not None:
        _record(dossier, officer, action="receive", from_status="", at=received_at, data=received)
    else:
        _record_by_applicant(
            dossier, actor, action="receive", from_status="", at=received_at, data=received
        )
    # Rows are read back in insertion order: not every database returns the
    # ids of a bulk insert. A hook's refusal rolls the whole intake back.
    written = list(dossier.documents.select_related("required_document").order_by("id"))
    intake_hooks_run(actor=actor, dossier=dossier, items=list(zip(written, documents, strict=True)))
    return dossier


# --- transitions ------------------------------------------------------------


def _guard(transition: Transition, dossier: Dossier, officer: Officer | None) -> Officer:
    if dossier.status not in transition.sources:
        raise TransitionNotAllowed(
            _("“%(action)s” is not possible while the dossier is “%(status)s”.")
            % {"action": transition.label, "status": dossier.get_status_display()}
        )
    if officer is None or officer.role not in transition.roles:
        raise ActionForbidden(_("Your role cannot “%(action)s”.") % {"action": transition.label})
    allowed = {
        Where.RECEIVING: {dossier.receiving_agency_id},
        Where.CURRENT: {dossier.current_agency_id},
    }[transition.where]
    if officer.agency_id not in allowed:
        raise ActionForbidden(
            _("Only the agency that holds the dossier can “%(action)s”.")
            % {"action": transition.label}
        )
    return officer


def _record(
    dossier: Dossier,
    officer: Officer,
    *,
    action: str,
    from_status: str,
    at: datetime,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> StatusChange:
    change = StatusChange.objects.create(
        dossier=dossier,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        at=at,
        actor=officer.user,
        agency=officer.agency,
        note=note,
        data=data or {},
    )
    _applicant_step_set(dossier, "")
    audit_record(
        actor=officer.user,
        action=f"dossier.{action}",
        object_type="dossier",
        object_id=dossier.code,
        data={"from": from_status, "to": dossier.status, **(data or {})},
    )
    return change


def _applicant_step_set(dossier: Dossier, step: str) -> None:
    """The worklist's mark: the applicant's online step waits for an officer until an
    officer's step is recorded (written now: not every caller saves the dossier after)."""
    if dossier.applicant_step != step:
        dossier.applicant_step = step
        Dossier.objects.filter(pk=dossier.pk).update(applicant_step=step)


def _record_by_applicant(
    dossier: Dossier,
    user: Any,
    *,
    action: str,
    from_status: str,
    at: datetime,
    data: dict[str, Any],
) -> StatusChange:
    """A history and audit row of a step the applicant took online (no agency)."""
    change = StatusChange.objects.create(
        dossier=dossier,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        at=at,
        actor=user,
        agency=None,
        data=data,
    )
    _applicant_step_set(dossier, action)
    audit_record(
        actor=user,
        action=f"dossier.{action}",
        object_type="dossier",
        object_id=dossier.code,
        data={"from": from_status, "to": dossier.status, "by": "applicant", **data},
    )
    return change


def _refresh_deadline(dossier: Dossier, now: datetime) -> None:
    """Store what ``deadlines.timeliness`` derives from the history (the one rule)."""
    result = timeliness(
        received_at=dossier.received_at,
        limit=limit_of(dossier),
        history=list(dossier.history.all()),
        calendar=calendar_for_agency(dossier.receiving_agency, around=dossier.received_at),
        now=now,
    )
    dossier.counted_from, dossier.due_at = result.counted_from, result.due_at
    dossier.finished_at = result.finished_at
    dossier.timeliness = result.verdict or ""


def _text(
    value: str, *, field: str, label: str, required: bool = False, max_length: int = MAX_TEXT
) -> str:
    """Strip and bound a free-text input; ``label`` is the translated name shown to the user."""
    value = value.strip()
    if "\x00" in value:
        raise DomainError(
            _("%(label)s contains a character that cannot be stored.") % {"label": label},
            field=field,
        )
    if required and not value:
        raise DomainError(_("%(label)s is required.") % {"label": label}, field=field)
    if len(value) > max_length:
        raise DomainError(
            _("%(label)s is too long (at most %(n)s characters).")
            % {"label": label, "n": max_length},
            field=field,
        )
    return value


def _handover(
    dossier: Dossier,
    officer: Officer,
    *,
    to_agency: Agency,
    to_user: Any,
    at: datetime,
    step: str,
    note: str = "",
) -> None:
    Handover.objects.create(
        dossier=dossier,
        at=at,
        from_agency=officer.agency,
        to_agency=to_agency,
        from_user=officer.user,
        to_user=to_user,
        step=step,
        # Judged against the legal due time, as the dossier itself is (Decision 766).
        verdict=verdict_at(at, dossier.due_at),
        note=note[:300],
    )
    dossier.current_agency = to_agency


def _assignee(username: str, agencies: set[int]) -> Officer:
    target = (
        Officer.objects.select_related("user", "agency")
        .filter(
            user__username=username,
            user__is_active=True,
            role__in=[Role.SPECIALIST, Role.LEADER],
            agency_id__in=agencies,
        )
        .first()
    )
    if target is None:
        raise DomainError(
            _("Choose a specialist or leader of the agency that handles the dossier."),
            field="assignee",
        )
    return target


def _do_assign(d: Dossier, o: Officer, p: ActionInput, at: datetime) -> dict[str, Any]:
    target = _assignee(p.assignee, {d.current_agency_id, d.competent_agency_id})
    _handover(d, o, to_agency=target.agency, to_user=target.user, at=at, step="assign", note=p.note)
    d.handler = target.user
    return {
        "assignee": target.user.username,
        "assignee_name": person_name(target.user),
        "agency": target.agency.code,
    }


def _do_hand_over(d: Dossier, o: Officer, p: ActionInput, at: datetime) -> dict[str, Any]:
    agency = agency_handover_targets(d.current_agency).filter(code=p.to_agency).first()
    if agency is None:
        raise DomainError(
            _("Choose another agency of the province to hand the dossier over to."),
            field="to_agency",
        )
    user = None
    if p.assignee:
        user = _assignee(p.assignee, {agency.pk}).user
    _handover(d, o, to_agency=agency, to_user=user, at=at, step="hand_over", note=p.note)
    d.handler = user
    return {
        "to_agency": agency.code,
        "to_agency_name": agency.name,
        "assignee": p.assignee,
        "assignee_name": person_name(user),
    }


def _do_request_supplement(d: Dossier, o: Officer, p: ActionInput, at: datetime) -> dict[str, Any]:
    # Decree 118/2025 keeps the one-time rule: every missing item is asked at
    # once; Decision 766 counts a second request as late.
    if d.supplement_count >= 1:
        raise TransitionNotAllowed(
            _("A supplement was already requested for this dossier; it may be requested only once.")
        )
    missing = [m.strip() for m in p.missing if m.strip()]
    if not missing or len(missing) > 50 or any(len(m) > 300 for m in missing):
        raise DomainError(
            _("List every missing or incorrect item (1 to 50 items)."), field="missing"
        )
    d.supplement_count += 1
    return {
        "missing": missing,
        "reason": _text(p.reason, field="reason", label=_("Reason")),
        "resume_status": d.status,
    }


def _do_supplement(d: Dossier, o: Officer | None, p: ActionInput, at: datetime) -> dict[str, Any]:
    request = d.history.filter(action="request_supplement").order_by("-at", "-id").first()
    resume = (request.data.get("resume_status") if request else None) or Status.RECEIVED
    d.status = Status(resume)
    return {}


def _do_issue(d: Dossier, o: Officer, p: ActionInput, at: datetime) -> dict[str, Any]:
    number = _text(
        p.result_number,
        field="result_number",
        label=_("Result number"),
        required=True,
        max_length=64,
    )
    d.result_number = number
    if d.current_agency_id != d.receiving_agency_id:
        _handover(d, o, to_agency=d.receiving_agency, to_user=None, at=at, step="issue")
    d.current_agency = d.receiving_agency
    return {"result_number": number}


def _do_close(d: Dossier, o: Officer, p: ActionInput, at: datetime) -> dict[str, Any]:
    d.closed_at = at
    return {"reason": _text(p.reason, field="reason", label=_("Reason"), required=True)}


def _do_return(d: Dossier, o: Officer, p: ActionInput, at: datetime) -> dict[str, Any]:
    d.closed_at = at
    return {"delivery": d.delivery}


def _do_apologize(d: Dossier, o: Officer, p: ActionInput, at: datetime) -> dict[str, Any]:
    if at >= d.promised_at:
        raise TransitionNotAllowed(
            _("An apology with a new date must be sent before the promised time passes.")
        )
    if p.new_due_at is not None and timezone.is_naive(p.new_due_at):
        # A time without offset is Vietnam time, as everywhere in motcua.
        p = replace(p, new_due_at=p.new_due_at.replace(tzinfo=VN_TZ))
    if p.new_due_at is None or p.new_due_at <= d.promised_at:
        raise DomainError(
            _("The new date must be later than the one promised."), field="new_due_at"
        )
    if p.new_due_at > d.promised_at + timedelta(days=366):
        raise DomainError(_("The new date must be within a year."), field="new_due_at")
    d.extended_due_at = p.new_due_at
    return {
        "reason": _text(p.reason, field="reason", label=_("Reason"), required=True),
        "new_due_at": p.new_due_at.isoformat(),
    }


def _do_nothing(d: Dossier, o: Officer, p: ActionInput, at: datetime) -> dict[str, Any]:
    return {}


Effect = Callable[[Dossier, Officer, ActionInput, datetime], dict[str, Any]]
EFFECTS: dict[str, Effect] = {
    "assign": _do_assign,
    "hand_over": _do_hand_over,
    "request_supplement": _do_request_supplement,
    "supplement": _do_supplement,
    "appraise": _do_nothing,
    "approve": _do_nothing,
    "sign": _do_nothing,
    "issue": _do_issue,
    "return": _do_return,
    "refuse": _do_close,
    "stop": _do_close,
    "apologize": _do_apologize,
    "withdraw": _do_close,
}


@transaction.atomic
def dossier_transition(
    *,
    actor: Any,
    code: str,
    action: str,
    params: ActionInput | None = None,
    at: datetime | None = None,
) -> Dossier:
    """Take ``action`` on the dossier: guard, effect, history, audit, due time — atomically."""
    transition = BY_ACTION.get(action)
    if transition is None:
        raise DomainError(_("Unknown action “%(action)s”.") % {"action": action}, field="action")
    dossier = get_dossier_for_officer(user=actor, code=code, for_update=True)
    officer = _guard(transition, dossier, officer_of(actor))
    now = at or timezone.now()
    params = params or ActionInput()
    from_status = dossier.status
    data = EFFECTS[action](dossier, officer, params, now)
    if transition.target is not None:
        dossier.status = transition.target
    note = _text(params.note, field="note", label=_("Note"))
    change = _record(
        dossier, officer, action=action, from_status=from_status, at=now, note=note, data=data
    )
    _refresh_deadline(dossier, now)
    dossier.save()
    if dossier.part_of_id is not None:
        bundle_refresh(dossier.part_of_id)
    transition_hooks_run(actor=actor, dossier=dossier, change=change)
    return dossier


def dossier_actions_for(*, actor: Any, dossier: Dossier) -> list[Transition]:
    """The transitions this actor may take on this dossier now (for buttons and the API)."""
    officer = officer_of(actor)
    allowed = []
    for transition in BY_ACTION.values():
        try:
            _guard(transition, dossier, officer)
        except DomainError:
            continue
        if transition.action == "request_supplement" and dossier.supplement_count >= 1:
            continue
        allowed.append(transition)
    return allowed


def officer_candidates(*, dossier: Dossier) -> list[Officer]:
    """Who the dossier can be assigned to: specialists and leaders of its agencies."""
    return list(
        Officer.objects.select_related("user", "agency")
        .filter(
            agency_id__in={dossier.current_agency_id, dossier.competent_agency_id},
            role__in=[Role.SPECIALIST, Role.LEADER],
            user__is_active=True,
        )
        .order_by("agency__name", "role", "user__last_name")
    )


# --- publicity ----------------------------------------------------------------

# Dossiers flagged per call at most (the command works in batches of this size).
SYNC_BATCH = 1000


@transaction.atomic
def dossiers_mark_synced(*, codes: list[str], at: datetime | None = None) -> int:
    """Flag the dossiers with these codes as synced to the national portal; return how many
    were newly flagged. Already-flagged and unknown codes are skipped.

    The sync itself is not built yet: the flag records that it happened (a
    Decision 766 publicity indicator), for an operator or a future sync job.
    """
    if len(codes) > SYNC_BATCH:
        raise DomainError(
            _("At most %(n)s dossiers can be flagged at once.") % {"n": SYNC_BATCH}, field="codes"
        )
    now = at or timezone.now()
    flagged = 0
    pending = (
        Dossier.objects.select_for_update()
        .filter(code__in=codes, synced_at__isnull=True)
        .order_by("pk")
    )
    for dossier in pending:
        dossier.synced_at = now
        dossier.save(update_fields=["synced_at"])
        event_hooks_run(dossier=dossier, event="synced")
        flagged += 1
    return flagged


# --- the applicant's own steps online -------------------------------------------


@transaction.atomic
def dossier_supplement_by_applicant(
    *, actor: Any, code: str, applicant_id: str, at: datetime | None = None
) -> Dossier:
    """The applicant sends the supplement asked for, online: the clock starts again, as
    when the counter records a supplement handed in (the files were attached first).
    ``applicant_id`` is the signed-in citizen's number: another's dossier is not found."""
    dossier = (
        Dossier.objects.select_for_update().filter(code=code, applicant_id=applicant_id).first()
    )
    if dossier is None:
        raise NotFound(_("No dossier with this code."))
    if dossier.status != Status.SUPPLEMENT_REQUESTED:
        raise TransitionNotAllowed(_("No supplement is waiting for this dossier."))
    now = at or timezone.now()
    from_status = dossier.status
    data = _do_supplement(dossier, None, ActionInput(), now)
    change = _record_by_applicant(
        dossier, actor, action="supplement", from_status=from_status, at=now, data=data
    )
    _refresh_deadline(dossier, now)
    dossier.save()
    if dossier.part_of_id is not None:
        bundle_refresh(dossier.part_of_id)
    transition_hooks_run(actor=actor, dossier=dossier, change=change)
    return dossier

"""Filing online: a signed-in citizen prepares a draft, attaches files or takes documents
from their data store, submits; and later answers a supplement request online.

The draft is the citizen's only; at submission the dossier is received through
``dossiers.services.dossier_submit_online`` (the same checks, code, due time,
history and hooks as at the counter) and each file becomes a scan of its
checklist item through ``digitization.services.scan_add_from_applicant`` (the
same checks and processing as a scan made at the counter) — all or nothing.

A draft for a bundle (liên thông, Decree 63/2024) holds the checklists of all its
procedures; it is submitted through ``dossiers.bundles.bundle_submit_online``,
one child dossier per procedure. Items another procedure of the bundle issues
(the child's birth certificate for its health-insurance card) are not asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalogue.models import Procedure, RequiredDocument
from motcua.citizens.models import Citizen, SignInMethod
from motcua.citizens.registry import RegistryUnavailable, registry
from motcua.core.errors import DomainError, NotFound
from motcua.digitization.checks import inspect_upload
from motcua.digitization.services import scan_add_from_applicant
from motcua.dossiers.bundles import (
    bundle_get,
    bundle_procedures,
    bundle_submit_online,
    produced_in_bundle,
)
from motcua.dossiers.inputs import MAX_TEXT, ApplicantInput, DocumentInput, IntakeInput
from motcua.dossiers.models import Dossier, DossierBundle, DossierDocument, Status
from motcua.dossiers.selectors import receiving_agencies
from motcua.dossiers.services import (
    dossier_submit_online,
    dossier_supplement_by_applicant,
    online_offered_check,
)
from motcua.portal.account_selectors import citizen_dossier_get
from motcua.portal.models import DraftFile, OnlineDraft
from motcua.units.models import Agency
from motcua.warehouse.selectors import own_store_offers

# Drafts a citizen may keep open at once.
MAX_OPEN_DRAFTS = 20


def _citizen(citizen: Citizen | None) -> Citizen:
    if citizen is None:
        raise NotFound(_("Sign in to file online."))
    return citizen


def draft_procedures(draft: OnlineDraft) -> list[Procedure]:
    """The procedures a draft files: its one procedure, or its bundle's."""
    if draft.procedure is not None:
        return [draft.procedure]
    if draft.bundle is not None:
        return bundle_procedures(draft.bundle)
    raise NotFound(_("You have no such draft."))  # the table's check forbids it


def needs_file(document: RequiredDocument) -> bool:
    """Whether an online filing must attach something for this item: not for a paper only
    shown at the counter (0 copies: the identity card, which VNeID stands for)."""
    return document.copies > 0


def _open_drafts(citizen: Citizen) -> QuerySet[OnlineDraft]:
    return OnlineDraft.objects.filter(citizen=citizen, submitted_at__isnull=True)


def _may_start(citizen: Citizen, procedures: list[Procedure]) -> None:
    online_offered_check(procedures)
    if _open_drafts(citizen).count() >= MAX_OPEN_DRAFTS:
        raise DomainError(
            _("You have %(n)s drafts open; submit or delete some first.") % {"n": MAX_OPEN_DRAFTS}
        )


def _only_agency(procedures: list[Procedure]) -> Agency | None:
    agencies = list(receiving_agencies(*procedures)[:2])
    return agencies[0] if len(agencies) == 1 else None


def draft_start(*, citizen: Citizen | None, procedure_code: str) -> OnlineDraft:
    owner = _citizen(citizen)
    procedure = Procedure.objects.filter(code=procedure_code[:64], is_active=True).first()
    if procedure is None:
        raise NotFound(_("No procedure has the code %(code)s.") % {"code": procedure_code})
    _may_start(owner, [procedure])
    return OnlineDraft.objects.create(
        citizen=owner, procedure=procedure, agency=_only_agency([procedure])
    )


def bundle_draft_start(*, citizen: Citizen | None, bundle_code: str) -> OnlineDraft:
    """A draft for a bundle: the checklists of all its procedures in one form."""
    owner = _citizen(citizen)
    bundle = bundle_get(bundle_code)
    procedures = bundle_procedures(bundle)
    _may_start(owner, procedures)
    return OnlineDraft.objects.create(citizen=owner, bundle=bundle, agency=_only_agency(procedures))


def draft_get(*, citizen: Citizen | None, draft_id: int) -> OnlineDraft:
    """One of the citizen's drafts not yet submitted; anyone else's is "not found"."""
    draft = None
    if citizen is not None and 0 < draft_id < 2**63:
        draft = (
            _open_drafts(citizen)
            .select_related("procedure", "bundle", "agency")
            .filter(pk=draft_id)
            .first()
        )
    if draft is None:
        raise NotFound(_("You have no such draft."))
    return draft


@dataclass(frozen=True)
class DraftItem:
    procedure: Procedure
    document: RequiredDocument
    needs_file: bool
    file: DraftFile | None
    store_offer: str  # the store's entry, described; "" when the store has none
    from_store: bool
    # In a bundle: the procedure of the bundle that issues this item (nothing to attach).
    issued_by: Procedure | None = None


def _offers(draft: OnlineDraft, procedures: list[Procedure]) -> dict[int, str]:
    offers: dict[int, str] = {}
    for procedure in procedures:
        offers.update(own_store_offers(id_number=draft.citizen.id_number, procedure=procedure))
    return offers


def draft_items(draft: OnlineDraft) -> list[DraftItem]:
    """The checklist of the draft, procedure by procedure."""
    procedures = draft_procedures(draft)
    files = {f.required_document_id: f for f in draft.files.all()}
    offers = _offers(draft, procedures)
    produced = produced_in_bundle(draft.bundle, procedures) if draft.bundle else {}
    return [
        DraftItem(
            procedure=procedure,
            document=doc,
            needs_file=needs_file(doc) and doc.pk not in produced,
            file=files.get(doc.pk),
            store_offer=offers.get(doc.pk, ""),
            from_store=doc.pk in draft.from_store and doc.pk in offers,
            issued_by=produced.get(doc.pk),
        )
        for procedure in procedures
        for doc in procedure.required_documents.order_by("position", "pk")
    ]


@transaction.atomic
def draft_save(
    *,
    citizen: Citizen | None,
    draft_id: int,
    agency_code: str,
    request: str,
    from_store: list[int],
) -> OnlineDraft:
    draft = draft_get(citizen=citizen, draft_id=draft_id)
    procedures = draft_procedures(draft)
    if agency_code:
        agency = receiving_agencies(*procedures).filter(code=agency_code).first()
        if agency is None:
            raise DomainError(_("Choose a one-stop unit from the list."), field="agency")
        draft.agency = agency
    if len(request) > MAX_TEXT:
        raise DomainError(
            _("The request may be at most %(n)s characters long.") % {"n": MAX_TEXT},
            field="request",
        )
    offers = _offers(draft, procedures)
    unknown = [i for i in from_store if i not in offers]
    if unknown:
        raise DomainError(
            _("Your data store holds no valid copy of one of the documents you ticked."),
            field="from_store",
        )
    draft.request, draft.from_store = request.strip(), sorted(set(from_store))
    draft.save()
    return draft


@transaction.atomic
def draft_file_put(
    *,
    citizen: Citizen | None,
    draft_id: int,
    required_document_id: int,
    data: bytes,
    filename: str,
) -> DraftFile:
    """Attach a file to a checklist item of the draft (replacing the one there): checked
    like every upload first; nothing is kept when it is refused."""
    draft = draft_get(citizen=citizen, draft_id=draft_id)
    item = next((i for i in draft_items(draft) if i.document.pk == required_document_id), None)
    document = item.document if item is not None and item.needs_file else None
    if document is None:
        raise NotFound(_("This procedure has no such document."), field="document")
    inspection = inspect_upload(data, filename=filename)
    month = timezone.localtime().strftime("%Y/%m")
    key = f"drafts/{month}/{inspection.sha256[:32]}.{inspection.detected_type}"
    name = default_storage.save(key, ContentFile(data))
    try:
        old = DraftFile.objects.filter(draft=draft, required_document=document).first()
        if old is not None:
            old_names = [old.file.name or ""]
            old.delete()
            transaction.on_commit(lambda: _delete_files(old_names))
        return DraftFile.objects.create(
            draft=draft,
            required_document=document,
            file=name,
            name=Path(filename).name[:255] or "file",
            sha256=inspection.sha256,
            size=inspection.size,
        )
    except BaseException:
        default_storage.delete(name)
        raise


def _delete_files(names: list[str]) -> None:
    """Files of rows already deleted, removed once the deletion has committed."""
    for name in names:
        if name:
            default_storage.delete(name)


def _applicant(citizen: Citizen) -> ApplicantInput:
    """The applicant as the account and the population registry know them."""
    birth_date, sex, address = None, "", ""
    try:
        person = registry().lookup(citizen.id_number)
    except RegistryUnavailable:
        person = None
    if person is not None:
        birth_date, sex, address = person.birth_date, person.sex, person.permanent_address
    return ApplicantInput(
        name=citizen.full_name or (person.full_name if person else ""),
        id_number=citizen.id_number,
        birth_date=birth_date,
        sex=sex,
        address=address,
        phone=citizen.phone,
        email=citizen.email,
    )


@transaction.atomic
def draft_submit(
    *, citizen: Citizen | None, draft_id: int, at: datetime | None = None
) -> Dossier | DossierBundle:
    """Submit the draft: the dossier (or, for a bundle, the bundle filing and its child
    dossiers) is received online and the files become scans of their items.

    Refused, with what is missing, when no unit is chosen or a mandatory item has
    neither a file nor a copy from the data store.
    """
    # Locked first: a second submit (a double click) waits, then finds it submitted.
    list(OnlineDraft.objects.select_for_update().filter(pk=draft_id).values_list("pk"))
    draft = draft_get(citizen=citizen, draft_id=draft_id)
    procedures = draft_procedures(draft)
    # The intake checks again that the procedures are offered online and that the unit
    # receives them: the catalogue or the units may have changed since the draft began.
    if draft.agency is None:
        raise DomainError(_("Choose the one-stop unit that receives the dossier."), field="agency")
    items = draft_items(draft)
    missing = [
        f"{i.procedure.name}: {i.document.name}" if draft.bundle_id else i.document.name
        for i in items
        if i.document.is_mandatory and i.needs_file and i.file is None and not i.from_store
    ]
    if missing:
        raise DomainError(
            _("Attach a file for: %(items)s.") % {"items": "; ".join(missing)}, field="documents"
        )
    documents: dict[str, tuple[DocumentInput, ...]] = {}
    for procedure in procedures:
        documents[procedure.code] = tuple(
            DocumentInput(
                name=i.document.name,
                required_document_id=i.document.pk,
                copies=1 if i.needs_file else 0,
                provided=bool(i.file) or not i.needs_file,
                from_store=i.from_store,
            )
            for i in items
            if i.procedure.pk == procedure.pk
            and i.issued_by is None
            and (i.file or i.from_store or not i.needs_file)
        )
    owner = draft.citizen
    submitted: Dossier | DossierBundle
    if draft.procedure is not None:
        submitted = dossier_submit_online(
            actor=owner.user,
            agency_code=draft.agency.code,
            data=IntakeInput(
                procedure_code=draft.procedure.code,
                applicant=_applicant(owner),
                documents=documents[draft.procedure.code],
                request=draft.request,
            ),
            verified_by_eid=owner.sign_in_method == SignInMethod.VNEID,
            at=at,
        )
        dossiers = [submitted]
        draft.dossier = submitted
    else:
        submitted = bundle_submit_online(
            actor=owner.user,
            bundle_code=draft.bundle.code if draft.bundle else "",
            agency_code=draft.agency.code,
            applicant=_applicant(owner),
            documents=documents,
            request=draft.request,
            verified_by_eid=owner.sign_in_method == SignInMethod.VNEID,
            at=at,
        )
        dossiers = list(Dossier.objects.filter(part_of=submitted))
        draft.filing = submitted
    checklist = {
        d.required_document_id: d for d in DossierDocument.objects.filter(dossier__in=dossiers)
    }
    copies: list[str] = []  # the scans' files, removed again if the submission fails
    try:
        for item in items:
            # An item the bundle issues takes no file, even one attached before it did.
            if item.file is not None and item.issued_by is None:
                scanned = checklist[item.document.pk]
                with item.file.file.open("rb") as stored:
                    data = stored.read()
                scan = scan_add_from_applicant(
                    actor=owner.user,
                    dossier=scanned.dossier,
                    item=scanned,
                    data=data,
                    filename=item.file.name,
                )
                copies.append(scan.original.name or "")
        names = [f.file.name or "" for f in draft.files.all()]
        draft.files.all().delete()
        draft.submitted_at = submitted.received_at
        draft.save(update_fields=["dossier", "filing", "submitted_at", "updated_at"])
    except BaseException:
        # The rows go with the transaction's rollback; their files must go too.
        _delete_files(copies)
        raise
    transaction.on_commit(lambda: _delete_files(names))
    return submitted


@transaction.atomic
def draft_delete(*, citizen: Citizen | None, draft_id: int) -> None:
    draft = draft_get(citizen=citizen, draft_id=draft_id)
    names = [f.file.name or "" for f in draft.files.all()]
    draft.delete()
    transaction.on_commit(lambda: _delete_files(names))


# --- a supplement answered online ------------------------------------------------------


def supplement_file_add(
    *, citizen: Citizen | None, code: str, item_id: int, data: bytes, filename: str
) -> None:
    """A file for one checklist item of the citizen's dossier, while a supplement is asked."""
    dossier = citizen_dossier_get(citizen=citizen, code=code)
    if dossier.status != Status.SUPPLEMENT_REQUESTED:
        raise DomainError(_("No supplement is waiting for this dossier."))
    item = (
        DossierDocument.objects.filter(dossier=dossier, pk=item_id).first()
        if 0 < item_id < 2**63
        else None
    )
    if item is None:
        raise NotFound(_("This dossier has no such checklist item."), field="checklist_item")
    with transaction.atomic():
        scan_add_from_applicant(
            actor=_citizen(citizen).user, dossier=dossier, item=item, data=data, filename=filename
        )


def supplement_send(*, citizen: Citizen | None, code: str, at: datetime | None = None) -> Any:
    """Send the supplement: the dossier goes back to the agency, its clock running again."""
    owner = _citizen(citizen)
    dossier = citizen_dossier_get(citizen=owner, code=code)
    asked = dossier.history.filter(action="request_supplement").order_by("-at", "-pk").first()
    if asked is not None and not dossier.scans.filter(created_at__gte=asked.at).exists():
        raise DomainError(_("Attach the missing documents first."))
    return dossier_supplement_by_applicant(
        actor=owner.user, code=dossier.code, applicant_id=owner.id_number, at=at
    )

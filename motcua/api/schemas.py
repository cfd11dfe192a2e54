"""Request and response shapes of the API. Strings are bounded; times are Vietnam time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.params.functions import Path as PathParam
from pydantic import AfterValidator, field_validator
from pydantic_core import PydanticCustomError

from motcua.catalogue.models import Procedure, RequiredDocument
from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.inputs import MAX_TEXT, ActionInput, ApplicantInput, DocumentInput, IntakeInput
from motcua.dossiers.models import Dossier, DossierDocument, Handover, StatusChange
from motcua.dossiers.models import Status as DossierStatus
from motcua.dossiers.transitions import Transition
from motcua.portal.selectors import PublicDossier

MAX_LIMIT = 100
# Offsets beyond this are meaningless and would overflow SQLite's 64-bit integers.
MAX_OFFSET = 1_000_000_000
MIN_YEAR, MAX_YEAR = 1900, 2200


def _vietnam_time(value: datetime) -> datetime:
    """Aware times in Vietnam time (+07:00)."""
    return value.astimezone(VN_TZ)


def _input_time(value: datetime) -> datetime:
    """A time sent by a client; a naive time is read as Vietnam time."""
    # Bounded first: converting a time near year 1 or 9999 overflows.
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise PydanticCustomError(
            "datetime_range",
            _("Give a time between the years {min} and {max}."),
            {"min": MIN_YEAR, "max": MAX_YEAR},
        )
    if value.tzinfo is None:
        return value.replace(tzinfo=VN_TZ)
    return value.astimezone(VN_TZ)


VnDatetime = Annotated[datetime, AfterValidator(_vietnam_time)]
InputDatetime = Annotated[datetime, AfterValidator(_input_time)]
DossierCode = Annotated[
    str,
    PathParam(
        ...,
        min_length=1,
        max_length=64,
        pattern=r"^[^\x00-\x1f]+$",
        description="The dossier code, as on the receipt.",
    ),
]


def _reject_control_characters(value: Any) -> Any:
    # PostgreSQL cannot store NUL in text: refuse it here rather than fail in the database.
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(t, str) and "\x00" in t for t in texts):
        raise PydanticCustomError("nul_character", _("The text contains a NUL character."))
    return value


class InSchema(Schema):
    """Base of every input: no NUL characters in any text field."""

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return _reject_control_characters(value)


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


# --- errors -----------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    field: str | None = None


# --- pagination -------------------------------------------------------------


class PageQuery(InSchema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


# --- procedures -------------------------------------------------------------


class ProcedureQuery(PageQuery):
    q: str = Field("", max_length=200, description="Words of the code or name; accents ignored.")


class FieldOut(Schema):
    code: str
    name: str


class RequiredDocumentOut(Schema):
    id: int
    position: int
    name: str
    copies: int
    is_mandatory: bool
    original_must_be_shown: bool

    @classmethod
    def of(cls, row: RequiredDocument) -> RequiredDocumentOut:
        # Every field is a model attribute of the same name: read them directly.
        return cls.model_validate(row, from_attributes=True)


class ProcedureOut(Schema):
    code: str
    name: str
    field: FieldOut
    level: str
    time_limit: int
    time_limit_unit: str
    fee: int
    online_level: str
    project06_number: int | None
    required_documents: list[RequiredDocumentOut]

    @classmethod
    def of(cls, p: Procedure) -> ProcedureOut:
        return cls(
            code=p.code,
            name=p.name,
            field=FieldOut(code=p.field.code, name=p.field.name),
            level=p.level,
            time_limit=p.time_limit,
            time_limit_unit=p.time_limit_unit,
            fee=p.fee,
            online_level=p.online_level,
            project06_number=p.project06_number,
            required_documents=[RequiredDocumentOut.of(r) for r in p.required_documents.all()],
        )


class ProcedurePage(Schema):
    count: int
    items: list[ProcedureOut]


# --- intake -----------------------------------------------------------------


class ApplicantIn(InSchema):
    kind: Literal["person", "organisation"] = "person"
    name: str = Field(..., min_length=1, max_length=200)
    id_number: str = Field(
        ..., min_length=1, max_length=20, description="12-digit personal ID number, or a tax code."
    )
    birth_date: date | None = None
    sex: Literal["male", "female", ""] = ""
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)

    @field_validator("birth_date")
    @classmethod
    def _birth_date(cls, value: date | None) -> date | None:
        if value is not None and not date(MIN_YEAR, 1, 1) <= value <= timezone.localdate():
            raise PydanticCustomError(
                "birth_date",
                _("The date of birth must be after {min} and not in the future."),
                {"min": MIN_YEAR},
            )
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip()
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise PydanticCustomError("email", _("Enter a valid e-mail address.")) from None
        return value

    def to_input(self) -> ApplicantInput:
        return ApplicantInput(
            name=self.name,
            id_number=self.id_number,
            kind=self.kind,
            birth_date=self.birth_date,
            sex=self.sex,
            address=self.address,
            phone=self.phone,
            email=self.email,
        )


class DocumentIn(InSchema):
    required_document_id: int | None = Field(None, ge=1, le=2**31 - 1)
    name: str = Field(..., min_length=1, max_length=300)
    copies: int = Field(1, ge=0, le=99)
    original_shown: bool = False
    provided: bool = True
    note: str = Field("", max_length=300)
    from_store: bool = Field(
        False,
        description="Take the item from the applicant's data store (a link to its newest "
        "valid entry); refused when the store holds none.",
    )

    def to_input(self) -> DocumentInput:
        return DocumentInput(
            name=self.name,
            required_document_id=self.required_document_id,
            copies=self.copies,
            original_shown=self.original_shown,
            provided=self.provided,
            note=self.note,
            from_store=self.from_store,
        )


class DossierIn(InSchema):
    procedure_code: str = Field(..., min_length=1, max_length=64)
    applicant: ApplicantIn
    documents: list[DocumentIn] | None = Field(
        None,
        max_length=100,
        description="Omitted: every item of the procedure's checklist was handed in.",
    )
    channel: str = Field("1", max_length=1, description='"1" in person, "3" by post.')
    sets: int = Field(1, ge=1, le=20)
    delivery: Literal["counter", "post", "online"] = "counter"
    delivery_address: str = Field("", max_length=300)
    request: str = Field("", max_length=MAX_TEXT)
    assisted: bool = Field(
        False, description="Filed online for the applicant who is present (assisted filing)."
    )

    def to_input(self) -> IntakeInput:
        documents = None
        if self.documents is not None:
            documents = tuple(d.to_input() for d in self.documents)
        return IntakeInput(
            procedure_code=self.procedure_code,
            applicant=self.applicant.to_input(),
            documents=documents,
            channel=self.channel,
            sets=self.sets,
            delivery=self.delivery,
            delivery_address=self.delivery_address,
            request=self.request,
            assisted=self.assisted,
        )


# --- transitions ------------------------------------------------------------


class ActionIn(InSchema):
    action: str = Field(
        ...,
        min_length=1,
        max_length=32,
        description="One of the actions listed in the dossier's `actions`.",
    )
    note: str = Field("", max_length=MAX_TEXT)
    assignee: str = Field("", max_length=150, description="Username of the officer.")
    to_agency: str = Field("", max_length=32, description="Electronic code of the agency.")
    missing: list[Annotated[str, Field(max_length=300)]] = Field(
        default_factory=list, max_length=50
    )
    reason: str = Field("", max_length=MAX_TEXT)
    new_due_at: InputDatetime | None = Field(None, description="Naive times are Vietnam time.")
    result_number: str = Field("", max_length=64)

    def to_input(self) -> ActionInput:
        return ActionInput(
            note=self.note,
            assignee=self.assignee,
            to_agency=self.to_agency,
            missing=tuple(self.missing),
            reason=self.reason,
            new_due_at=self.new_due_at,
            result_number=self.result_number,
        )


# --- dossiers ---------------------------------------------------------------


class DossierListQuery(PageQuery):
    status: DossierStatus | None = None
    q: str = Field(
        "",
        max_length=100,
        description="Applicant name (accents ignored), code or ID number prefix.",
    )
    late: bool = False
    due_soon: bool = False
    mine: bool = Field(False, description="Only dossiers held by the caller's agency.")
    procedure: str = Field("", max_length=64, description="Procedure code.")


class DossierRowOut(Schema):
    code: str
    status: str
    status_label: str
    procedure: str
    applicant_name: str
    received_at: VnDatetime
    due_at: VnDatetime
    flag: str = Field(description='"late", "due_soon" or "".')

    @classmethod
    def of(cls, d: Dossier, *, flag: str) -> DossierRowOut:
        return cls(
            code=d.code,
            status=d.status,
            status_label=str(d.get_status_display()),
            procedure=d.procedure.code,
            applicant_name=d.applicant_name,
            received_at=d.received_at,
            due_at=d.due_at,
            flag=flag,
        )


class DossierPage(Schema):
    count: int
    items: list[DossierRowOut]


class NamedOut(Schema):
    code: str
    name: str


class ApplicantOut(Schema):
    kind: str
    name: str
    id_number: str
    birth_date: date | None
    sex: str
    address: str
    phone: str
    email: str


class VerificationOut(Schema):
    """The population-registry check at intake; a mismatch is a warning, not a refusal."""

    source: str = Field(
        description="registry_local, registry_national, vneid, or empty when none answered."
    )
    outcome: str = Field(
        description="matched, mismatch, not_found, unavailable, or empty when not checked."
    )
    mismatches: list[str] = Field(
        description="Fields the registry records differently: name, birth_date, sex, address."
    )


class DocumentOut(Schema):
    id: int
    required_document_id: int | None
    name: str
    copies: int
    original_shown: bool
    provided: bool
    note: str
    from_store: bool

    @classmethod
    def of(cls, d: DossierDocument) -> DocumentOut:
        return cls.model_validate(d, from_attributes=True)


class HistoryOut(Schema):
    action: str
    from_status: str
    to_status: str
    at: VnDatetime
    actor: str | None
    note: str
    data: dict[str, Any]

    @classmethod
    def of(cls, h: StatusChange) -> HistoryOut:
        return cls(
            action=h.action,
            from_status=h.from_status,
            to_status=h.to_status,
            at=h.at,
            actor=_username(h.actor),
            note=h.note,
            data=h.data or {},
        )


class HandoverOut(Schema):
    at: VnDatetime
    from_agency: str
    to_agency: str
    from_user: str | None
    to_user: str | None
    step: str
    verdict: str
    note: str

    @classmethod
    def of(cls, h: Handover) -> HandoverOut:
        return cls(
            at=h.at,
            from_agency=h.from_agency.code,
            to_agency=h.to_agency.code,
            from_user=_username(h.from_user),
            to_user=_username(h.to_user),
            step=h.step,
            verdict=h.verdict,
            note=h.note,
        )


class ActionOut(Schema):
    action: str
    label: str

    @classmethod
    def of(cls, t: Transition) -> ActionOut:
        return cls(action=t.action, label=str(t.label))


class DossierOut(Schema):
    code: str
    status: str
    status_label: str
    channel: str
    assisted: bool = Field(description="filed online at the counter for the applicant present")
    procedure: NamedOut
    applicant: ApplicantOut
    verification: VerificationOut
    request: str
    sets: int
    delivery: str
    delivery_address: str
    fee: int
    receiving_agency: NamedOut
    competent_agency: NamedOut
    current_agency: NamedOut
    handler: str | None
    received_at: VnDatetime
    counted_from: VnDatetime
    due_at: VnDatetime = Field(description="The legal due time.")
    extended_due_at: VnDatetime | None = Field(description="The new date sent with an apology.")
    finished_at: VnDatetime | None
    closed_at: VnDatetime | None
    supplement_count: int
    result_number: str
    documents: list[DocumentOut]
    history: list[HistoryOut]
    handovers: list[HandoverOut]
    actions: list[ActionOut] = Field(description="What the caller may do now.")

    @classmethod
    def of(cls, d: Dossier, *, actions: list[Transition]) -> DossierOut:
        return cls(
            code=d.code,
            status=d.status,
            status_label=str(d.get_status_display()),
            channel=d.channel,
            assisted=d.assisted_by_id is not None,
            procedure=NamedOut(code=d.procedure.code, name=d.procedure.name),
            applicant=ApplicantOut(
                kind=d.applicant_kind,
                name=d.applicant_name,
                id_number=d.applicant_id,
                birth_date=d.applicant_birth_date,
                sex=d.applicant_sex,
                address=d.applicant_address,
                phone=d.applicant_phone,
                email=d.applicant_email,
            ),
            verification=VerificationOut(
                source=d.applicant_verified_by,
                outcome=d.applicant_verification,
                mismatches=list(d.applicant_mismatches or []),
            ),
            request=d.request,
            sets=d.sets,
            delivery=d.delivery,
            delivery_address=d.delivery_address,
            fee=d.fee,
            receiving_agency=_agency(d.receiving_agency),
            competent_agency=_agency(d.competent_agency),
            current_agency=_agency(d.current_agency),
            handler=_username(d.handler),
            received_at=d.received_at,
            counted_from=d.counted_from,
            due_at=d.due_at,
            extended_due_at=d.extended_due_at,
            finished_at=d.finished_at,
            closed_at=d.closed_at,
            supplement_count=d.supplement_count,
            result_number=d.result_number,
            documents=[DocumentOut.of(x) for x in d.documents.all()],
            history=[HistoryOut.of(x) for x in d.history.select_related("actor")],
            handovers=[
                HandoverOut.of(x)
                for x in d.handovers.select_related(
                    "from_agency", "to_agency", "from_user", "to_user"
                )
            ],
            actions=[ActionOut.of(t) for t in actions],
        )


def _agency(agency: Any) -> NamedOut:
    return NamedOut(code=agency.code, name=agency.name)


# --- public -----------------------------------------------------------------


class PublicDossierOut(Schema):
    """The progress of a dossier. The procedure and the applicant are null unless
    ``id_last4`` matched the last four digits of the applicant's ID number."""

    code: str
    status: str
    status_label: str
    receiving_agency: str
    received_at: VnDatetime
    due_at: VnDatetime = Field(description="The date promised to the applicant.")
    result_ready: bool = Field(description="The result exists (ready, or already returned).")
    ready_at: VnDatetime | None
    returned: bool
    closed_without_result: bool = Field(description="Refused, stopped or withdrawn.")
    procedure: str | None = Field(description="Only with the right `id_last4`.")
    applicant: str | None = Field(
        description="Only with the right `id_last4`; family name and initials."
    )

    @classmethod
    def of(cls, p: PublicDossier) -> PublicDossierOut:
        return cls(
            code=p.code,
            status=p.status,
            status_label=p.status_label,
            receiving_agency=p.receiving_agency,
            received_at=p.received_at,
            due_at=p.due_at,
            result_ready=p.result_ready,
            ready_at=p.ready_at,
            returned=p.returned,
            closed_without_result=p.closed_without_result,
            procedure=p.procedure,
            applicant=p.applicant,
        )

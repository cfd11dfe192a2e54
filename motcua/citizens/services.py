"""Writes of the citizens app: the local population registry and citizen sign-in."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalogue import xlsx
from motcua.catalogue.xlsx import Column, SheetRow, WorkbookRefused
from motcua.citizens.identifiers import IdentifierError, check_personal_id
from motcua.citizens.models import Citizen, RegistryPerson, Sex, SignInMethod
from motcua.citizens.registry import PersonRecord, masked
from motcua.core.audit import audit_record
from motcua.core.errors import DomainError
from motcua.core.lib.text import fold
from motcua.units.models import Officer

SHEET = "persons"
COLUMNS: tuple[Column, ...] = (
    Column("id_number", "text", required=True, max_length=20),
    Column("full_name", "text", required=True, max_length=200),
    Column("birth_date", "date", required=True, default=None),
    Column("sex", "choice", required=True, choices=tuple(Sex.values)),
    Column("permanent_address", "text", max_length=300),
)
MAX_BYTES = xlsx.MAX_BYTES
MAX_ROWS = xlsx.MAX_ROWS
MAX_REPORTED_ERRORS = 50
BATCH = 1000


class RegistryImportError(WorkbookRefused):
    """The file was refused; ``errors`` lists every row-level reason."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(
            errors,
            summary=_("The file has %(count)d errors; nothing was imported.")
            % {"count": len(errors)},
            limit=MAX_REPORTED_ERRORS,
        )


@dataclass(frozen=True)
class RegistryImportReport:
    created: int
    updated: int


def registry_import(*, data: bytes, filename: str, actor: Any) -> RegistryImportReport:
    """Import people into the local registry from CSV or xlsx: every row or none.

    Row 1 holds the keys of ``COLUMNS``; an xlsx file keeps them on a sheet
    named ``persons``. Every row is checked first (types, the ID number and
    its agreement with the birth year and sex, duplicates); on any error
    ``RegistryImportError`` lists them all and nothing is written. People are
    updated or created by ID number, in one transaction with an audit row.
    Raises ``DomainError`` for a file too big, of another kind, or unreadable.
    """
    rows, errors = _rows_read(data, filename)
    people = _people(rows, errors)
    if errors:
        raise RegistryImportError(errors)
    with transaction.atomic():
        report = _people_write(people)
        audit_record(
            actor=actor,
            action="registry.import",
            object_type="population_registry",
            object_id="local",
            data={"created": report.created, "updated": report.updated},
        )
    return report


def registry_people_upsert(*, people: list[PersonRecord], actor: Any) -> RegistryImportReport:
    """Add or update people of the local registry (already checked), with an audit row."""
    values = {
        p.id_number: {
            "id_number": p.id_number,
            "full_name": p.full_name,
            "birth_date": p.birth_date,
            "sex": p.sex,
            "permanent_address": p.permanent_address,
        }
        for p in people
    }
    with transaction.atomic():
        report = _people_write(values)
        audit_record(
            actor=actor,
            action="registry.import",
            object_type="population_registry",
            object_id="local",
            data={"created": report.created, "updated": report.updated},
        )
    return report


def _rows_read(data: bytes, filename: str) -> tuple[list[SheetRow], list[str]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        parsed = xlsx.workbook_read(data, {SHEET: COLUMNS})
        return parsed.rows.get(SHEET, []), list(parsed.errors)
    if not name.endswith(".csv"):
        raise DomainError(_("Import a .csv or .xlsx file."))
    if len(data) > MAX_BYTES:
        raise DomainError(
            _("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The CSV file must be encoded in UTF-8.")) from None
    errors: list[str] = []
    try:
        rows = xlsx.rows_read(SHEET, iter(csv.reader(io.StringIO(text))), COLUMNS, errors)
    except csv.Error:
        raise DomainError(_("The file could not be read as CSV.")) from None
    return rows, errors


def _people(rows: list[SheetRow], errors: list[str]) -> dict[str, dict[str, Any]]:
    people: dict[str, dict[str, Any]] = {}
    first_row: dict[str, int] = {}
    for row in rows:
        values = row.values
        if not values["id_number"]:
            continue  # already reported as required
        try:
            number = check_personal_id(
                values["id_number"], birth_date=values["birth_date"], sex=values["sex"] or None
            ).number
        except IdentifierError as exc:
            errors.append(xlsx.row_error(SHEET, row.number, str(exc)))
            continue
        if number in people:
            errors.append(
                xlsx.row_error(
                    SHEET,
                    row.number,
                    _("the ID number is already on row %(row)d") % {"row": first_row[number]},
                )
            )
            continue
        first_row[number] = row.number
        people[number] = {**values, "id_number": number}
    return people


def _people_write(people: dict[str, dict[str, Any]]) -> RegistryImportReport:
    numbers = list(people)
    existing: dict[str, RegistryPerson] = {}
    for start in range(0, len(numbers), BATCH):
        chunk = numbers[start : start + BATCH]
        existing.update(RegistryPerson.objects.in_bulk(chunk, field_name="id_number"))
    fields = ["full_name", "birth_date", "sex", "permanent_address"]
    new = [
        RegistryPerson(**values, name_search=fold(values["full_name"])[:200])
        for n, values in people.items()
        if n not in existing
    ]
    changed = []
    now = timezone.now()  # bulk_update does not apply auto_now
    for number, person in existing.items():
        for key in fields:
            setattr(person, key, people[number][key])
        person.name_search = fold(person.full_name)[:200]
        person.updated_at = now
        changed.append(person)
    RegistryPerson.objects.bulk_create(new, batch_size=BATCH)
    RegistryPerson.objects.bulk_update(
        changed, [*fields, "name_search", "updated_at"], batch_size=BATCH
    )
    return RegistryImportReport(created=len(new), updated=len(changed))


def registry_person_read_record(*, user: Any, person: RegistryPerson) -> None:
    """Log that an officer opened a person's record in the registry (Decree 13/2023);
    the number is masked in the row."""
    audit_record(
        actor=user,
        action="registry.read",
        object_type="population_registry",
        object_id=masked(person.id_number),
    )


def registry_search_record(*, user: Any, query: str, found: int) -> None:
    """Log a search of the registry: what was looked for (digits masked) and how many
    people it listed."""
    shown = masked(query) if any(ch.isdigit() for ch in query) else query[:100]
    audit_record(
        actor=user,
        action="registry.search",
        object_type="population_registry",
        object_id="local",
        data={"query": shown, "found": found},
    )


# --- citizen sign-in ----------------------------------------------------------------


class SignInRefused(DomainError):
    """A sign-in that cannot make or find a citizen account; the message says why, plainly."""

    status = 403


@dataclass(frozen=True)
class CitizenIdentity:
    """Who the e-ID provider (or the demo password) says is signing in; the number is checked."""

    id_number: str
    full_name: str
    email: str = ""
    phone: str = ""


def citizen_identity_from_claims(
    claims: Mapping[str, Any], *, id_number_claim: str
) -> CitizenIdentity:
    """Read the verified claims of the e-ID provider; ``SignInRefused`` without a valid number.

    A refusal is audited (with no number in it), so repeated attempts show.
    """
    raw = claims.get(id_number_claim)
    if not isinstance(raw, str) or not raw.strip():
        _sign_in_refuse(
            _(
                "VNeID did not send your personal ID number, so you cannot be signed in. "
                "Please allow motcua to read it, or file at a one-stop counter."
            ),
            reason="id_number_missing",
        )
    try:
        number = check_personal_id(str(raw)).number
    except IdentifierError:
        _sign_in_refuse(
            _(
                "The personal ID number sent by VNeID is not valid, so you cannot be signed "
                "in. Please contact VNeID support or file at a one-stop counter."
            ),
            reason="id_number_invalid",
        )
    name = claims.get("name") or " ".join(
        str(claims.get(key) or "") for key in ("family_name", "middle_name", "given_name")
    )
    return CitizenIdentity(
        id_number=number,
        full_name=" ".join(str(name).split())[:200],
        email=str(claims.get("email") or "")[:254] if claims.get("email_verified", True) else "",
        phone=str(claims.get("phone_number") or "")[:20],
    )


def citizen_sign_in(*, identity: CitizenIdentity, method: str) -> Citizen:
    """Find the account of ``identity.id_number`` or open one; record the sign-in and audit it.

    The account is found by the ID number only, never by e-mail or user name,
    and an account whose user is an officer or staff is refused: a citizen
    sign-in never opens an officer's session.
    """
    existing = Citizen.objects.select_related("user").filter(id_number=identity.id_number).first()
    if existing is not None and not _citizen_user_allowed(existing.user):
        _sign_in_refuse(
            _("This personal ID number belongs to an officer account; it cannot sign in here."),
            reason="not_a_citizen_account",
        )
    with transaction.atomic():
        created = existing is None
        citizen = existing or _citizen_create(identity, method)
        _citizen_signed_in(citizen, identity, method)
        audit_record(
            actor=citizen.user,
            action="citizen.sign_in",
            object_type="citizen",
            object_id=citizen.pk,
            data={"id_number": masked(citizen.id_number), "method": method, "created": created},
        )
    return citizen


def citizen_sign_in_password(*, id_number: str, password: str) -> Citizen:
    """The demo's local sign-in: ID number and the password of the citizen's account.

    Refuses with one message whatever was wrong, so the form does not tell
    which ID numbers have an account.
    """
    wrong = _("The personal ID number or the password is not right.")
    number = "".join(id_number.split())
    citizen = Citizen.objects.select_related("user").filter(id_number=number).first()
    if citizen is None:
        # Hash anyway, so the time taken does not tell which numbers have an account.
        get_user_model()().set_password(password)
        _sign_in_refuse(wrong, reason="password_wrong")
    if not citizen.user.check_password(password):
        _sign_in_refuse(wrong, reason="password_wrong")
    if not citizen.user.is_active or not _citizen_user_allowed(citizen.user):
        _sign_in_refuse(wrong, reason="not_a_citizen_account")
    identity = CitizenIdentity(
        id_number=citizen.id_number,
        full_name=citizen.full_name,
        email=citizen.email,
        phone=citizen.phone,
    )
    return citizen_sign_in(identity=identity, method=SignInMethod.PASSWORD)


def citizen_demo_account_ensure(*, identity: CitizenIdentity, password: str) -> Citizen:
    """The demo's citizen account for ``identity``, with a local password (demo only)."""
    with transaction.atomic():
        citizen = Citizen.objects.select_related("user").filter(id_number=identity.id_number)
        account = citizen.first() or _citizen_create(identity, SignInMethod.PASSWORD)
        account.user.set_password(password)
        account.user.save(update_fields=["password"])
        audit_record(
            actor=None,
            action="citizen.demo_account",
            object_type="citizen",
            object_id=account.pk,
            data={"id_number": masked(account.id_number)},
        )
    return account


def _citizen_create(identity: CitizenIdentity, method: str) -> Citizen:
    # A user of its own with a random name: the ID number is personal data and
    # the user name is written into every audit row the citizen causes.
    user = get_user_model().objects.create_user(
        username=f"citizen.{secrets.token_hex(8)}", email=identity.email or ""
    )
    try:
        with transaction.atomic():
            return Citizen.objects.create(
                user=user,
                id_number=identity.id_number,
                full_name=identity.full_name,
                email=identity.email,
                phone=identity.phone,
                sign_in_method=method,
            )
    except IntegrityError:
        # The same person signed in twice at once: the other request made the
        # account first (unique id_number); use it.
        user.delete()
        return Citizen.objects.select_related("user").get(id_number=identity.id_number)


def _citizen_user_allowed(user: Any) -> bool:
    if user.is_staff or user.is_superuser:
        return False
    return not Officer.objects.filter(user=user).exists()


def _citizen_signed_in(citizen: Citizen, identity: CitizenIdentity, method: str) -> None:
    citizen.full_name = identity.full_name or citizen.full_name
    citizen.email = identity.email or citizen.email
    citizen.phone = identity.phone or citizen.phone
    citizen.sign_in_method = method
    citizen.last_sign_in_at = timezone.now()
    citizen.save(update_fields=["full_name", "email", "phone", "sign_in_method", "last_sign_in_at"])


def _sign_in_refuse(message: str, *, reason: str) -> NoReturn:
    """Audit the refused attempt (committed even though the caller fails), then raise."""
    audit_record(
        actor=None,
        action="citizen.sign_in_refused",
        object_type="citizen",
        object_id="-",
        data={"reason": reason},
    )
    raise SignInRefused(message)


# --- notification channels ------------------------------------------------------------


@transaction.atomic
def citizen_notifications_set(*, citizen: Citizen, by_email: bool, by_sms: bool) -> Citizen:
    """Record the channels the citizen chose for news of their dossiers, with an audit row.

    The citizen is the actor: only they change their own choice.
    """
    citizen.notify_by_email = by_email
    citizen.notify_by_sms = by_sms
    citizen.save(update_fields=["notify_by_email", "notify_by_sms"])
    audit_record(
        actor=citizen.user,
        action="citizen.notifications",
        object_type="citizen",
        object_id=citizen.pk,
        data={"email": by_email, "sms": by_sms},
    )
    return citizen

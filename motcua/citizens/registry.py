"""The population-registry port: look a person up by ID number, verify what is declared.

One interface (``PopulationRegistry``), two implementations, chosen by the
``MOTCUA_REGISTRY`` setting and returned by ``registry()``:

- ``LocalRegistry`` (``local``, the default): the ``RegistryPerson`` table,
  filled by ``motcua registry-import``; used by the demo and the tests.
- ``HttpRegistry`` (``http``): a national population-data service.

Verification compares the declared name, birth date, sex and permanent
address with the registry's values (names and addresses ignoring case,
spacing and commas, never diacritics: "Hùng" is not "Hưng"). A field that was
not declared is not compared. The answer carries the registry's values, for
prefilling the intake form.

HTTP contract (``HttpRegistry``)
--------------------------------
Request::

    GET {MOTCUA_REGISTRY_URL}/persons/{id_number}
    Authorization: Bearer {MOTCUA_REGISTRY_TOKEN}
    Accept: application/json

``id_number`` is the 12-digit personal ID number. Answers:

- ``200`` with a JSON object::

      {"id_number": "024090001234",
       "full_name": "Nguyễn Văn Hùng",
       "birth_date": "1990-05-17",            # ISO 8601 date
       "sex": "male",                         # "male" | "female"
       "permanent_address": "Thôn Đồng Mới, xã Đèo Gia, tỉnh Bắc Ninh"}

  ``permanent_address`` may be empty; ``id_number`` must be the number asked.
- ``404``: no person has that number (not found; an answer, not a failure).
- anything else — ``401``/``403`` (credentials refused), ``5xx``, a timeout
  (``MOTCUA_REGISTRY_TIMEOUT`` seconds), a refused connection, a body that is
  not such a JSON object or larger than 64 KB — raises ``RegistryUnavailable``
  with a plain message. Callers carry on without the registry: it never
  blocks intake.
"""

from __future__ import annotations

import json
import logging
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError

logger = logging.getLogger(__name__)

SOURCE_LOCAL = "registry_local"
SOURCE_NATIONAL = "registry_national"
MAX_RESPONSE_BYTES = 64 * 1024
FIELDS = ("name", "birth_date", "sex", "address")


class RegistryUnavailable(DomainError):
    """The registry cannot answer now; the message says so plainly."""

    status = 503


@dataclass(frozen=True)
class PersonRecord:
    """A person as the registry knows them."""

    id_number: str
    full_name: str
    birth_date: date
    sex: str  # "male" | "female"
    permanent_address: str = ""


@dataclass(frozen=True)
class Declared:
    """What the applicant declares; empty values are not compared."""

    name: str = ""
    birth_date: date | None = None
    sex: str = ""
    address: str = ""


@dataclass(frozen=True)
class Verification:
    """The registry's answer about one ID number and the declared data.

    ``person`` is None when the number is unknown to the registry. ``checks``
    maps each of ``FIELDS`` to True (matches), False (differs) or None (not
    declared, or the person was not found).
    """

    source: str
    person: PersonRecord | None
    checks: dict[str, bool | None]

    @property
    def found(self) -> bool:
        return self.person is not None

    @property
    def mismatches(self) -> list[str]:
        return [name for name in FIELDS if self.checks.get(name) is False]

    @property
    def matched(self) -> bool:
        return self.found and not self.mismatches


class PopulationRegistry(Protocol):
    """The port. ``id_number`` is a normalised 12-digit number."""

    source: str

    def lookup(self, id_number: str) -> PersonRecord | None:
        """The person with this number, or None. Raises ``RegistryUnavailable``."""
        ...

    def verify(self, id_number: str, declared: Declared) -> Verification:
        """Compare ``declared`` with the registry. Raises ``RegistryUnavailable``."""
        ...


def _same_text(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).casefold().replace(",", " ").split())

    return norm(a) == norm(b)


def compare(source: str, person: PersonRecord | None, declared: Declared) -> Verification:
    """The verification of ``declared`` against ``person`` (shared by the implementations)."""
    if person is None:
        return Verification(source=source, person=None, checks=dict.fromkeys(FIELDS))
    checks: dict[str, bool | None] = {
        "name": _same_text(declared.name, person.full_name) if declared.name.strip() else None,
        "birth_date": (
            declared.birth_date == person.birth_date if declared.birth_date is not None else None
        ),
        "sex": declared.sex == person.sex if declared.sex else None,
        "address": (
            _same_text(declared.address, person.permanent_address)
            if declared.address.strip()
            else None
        ),
    }
    return Verification(source=source, person=person, checks=checks)


def masked(id_number: str) -> str:
    """The number as it may appear in an INFO log: province code and last two digits."""
    return f"{id_number[:3]}*******{id_number[-2:]}" if len(id_number) > 5 else "***"


class LocalRegistry:
    """The ``RegistryPerson`` table."""

    source = SOURCE_LOCAL

    def lookup(self, id_number: str) -> PersonRecord | None:
        from motcua.citizens.models import RegistryPerson

        row = RegistryPerson.objects.filter(id_number=id_number).first()
        if row is None:
            return None
        return PersonRecord(
            id_number=row.id_number,
            full_name=row.full_name,
            birth_date=row.birth_date,
            sex=row.sex,
            permanent_address=row.permanent_address,
        )

    def verify(self, id_number: str, declared: Declared) -> Verification:
        return compare(self.source, self.lookup(id_number), declared)


class HttpRegistry:
    """A national population-data service over HTTP(S); see the module's contract."""

    source = SOURCE_NATIONAL

    def __init__(self, *, base_url: str, token: str, timeout: float) -> None:
        if urllib.parse.urlsplit(base_url).scheme not in {"http", "https"}:
            raise ValueError("the registry URL must be http or https")
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def lookup(self, id_number: str) -> PersonRecord | None:
        url = f"{self.base_url}/persons/{urllib.parse.quote(id_number, safe='')}"
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(url, headers=headers, method="GET")  # noqa: S310 - scheme checked in __init__
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise self._unavailable(id_number, f"HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise self._unavailable(id_number, type(exc).__name__) from None
        return self._person(id_number, body)

    def verify(self, id_number: str, declared: Declared) -> Verification:
        return compare(self.source, self.lookup(id_number), declared)

    def _person(self, id_number: str, body: bytes) -> PersonRecord:
        if len(body) > MAX_RESPONSE_BYTES:
            raise self._unavailable(id_number, "response too large")
        try:
            data = json.loads(body)
            person = _person_from(data)
        except (ValueError, TypeError, KeyError) as exc:
            raise self._unavailable(id_number, f"malformed answer ({type(exc).__name__})") from None
        if person.id_number != id_number:
            raise self._unavailable(id_number, "answer for another number")
        return person

    def _unavailable(self, id_number: str, reason: str) -> RegistryUnavailable:
        logger.warning("population registry unavailable for %s: %s", masked(id_number), reason)
        return RegistryUnavailable(
            _(
                "The national population registry is not answering right now; "
                "continue with the papers the applicant shows."
            )
        )


def _person_from(data: Any) -> PersonRecord:
    if not isinstance(data, dict):
        raise TypeError("not an object")
    texts = {
        key: data[key]
        for key in ("id_number", "full_name", "birth_date", "sex")
        if isinstance(data.get(key), str)
    }
    address = data.get("permanent_address") or ""
    if len(texts) < 4 or not isinstance(address, str) or data["sex"] not in {"male", "female"}:
        raise ValueError("missing or wrong fields")
    return PersonRecord(
        id_number=texts["id_number"],
        full_name=texts["full_name"][:200],
        birth_date=date.fromisoformat(texts["birth_date"]),
        sex=texts["sex"],
        permanent_address=address[:300],
    )


def registry() -> PopulationRegistry:
    """The registry the settings choose (read at each call, so tests can switch)."""
    if settings.MOTCUA_REGISTRY == "http":
        return HttpRegistry(
            base_url=settings.MOTCUA_REGISTRY_URL,
            token=settings.MOTCUA_REGISTRY_TOKEN,
            timeout=settings.MOTCUA_REGISTRY_TIMEOUT,
        )
    return LocalRegistry()

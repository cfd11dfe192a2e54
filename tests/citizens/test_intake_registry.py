"""Intake with the population registry: prefill, verification recorded, never blocking."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.api.services import api_token_issue
from motcua.citizens.models import RegistryPerson
from motcua.core.models import AuditEntry
from motcua.dossiers.models import Dossier, VerificationOutcome, VerificationSource
from tests.citizens.conftest import HUNG_RECORD, FakeNationalRegistry
from tests.dossiers.helpers import HUNG, receive

URL = reverse("dossiers:intake")


@pytest.fixture
def hung_registered(world: Any) -> RegistryPerson:
    return RegistryPerson.objects.create(
        id_number=HUNG.id_number,
        full_name=HUNG.name,
        birth_date=HUNG.birth_date,
        sex=HUNG.sex,
        permanent_address=HUNG.address,
    )


@pytest.fixture(autouse=True)
def _english(client: Client, settings: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _post_data(world: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "procedure": world.procedure.code,
        "applicant_kind": "person",
        "applicant_name": HUNG.name,
        "applicant_id": HUNG.id_number,
        "applicant_birth_date": "17/05/1990",
        "applicant_sex": "male",
        "applicant_address": HUNG.address,
        "sets": "1",
        "delivery": "counter",
    }
    for doc in world.procedure.required_documents.all():
        data[f"copies_{doc.pk}"] = str(doc.copies)
        if doc.is_mandatory:
            data[f"doc_{doc.pk}"] = "on"
    return data | overrides


# --- recorded at receipt ------------------------------------------------------------


def test_a_matching_applicant_is_recorded_as_verified_by_the_local_registry(
    world: Any, hung_registered: Any
) -> None:
    dossier = receive(world.counter)
    assert dossier.applicant_verified_by == VerificationSource.REGISTRY_LOCAL
    assert dossier.applicant_verification == VerificationOutcome.MATCHED
    assert dossier.applicant_mismatches == []
    # Decision 766: the share verified against population data is a plain query.
    verified = Dossier.objects.filter(
        applicant_verified_by__startswith="registry_", applicant_verification="matched"
    )
    assert verified.count() == 1
    assert dossier.history.get().data["registry"] == "matched"


def test_a_mismatch_is_recorded_and_flagged_but_the_dossier_is_received(
    client: Client, world: Any, hung_registered: Any
) -> None:
    client.force_login(world.counter)
    response = client.post(
        URL, _post_data(world, applicant_name="Nguyễn Văn Hưng", applicant_address="Thôn Hạ")
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.applicant_verification == VerificationOutcome.MISMATCH
    assert dossier.applicant_mismatches == ["name", "address"]
    page = client.get(response["Location"]).content.decode()
    assert "records a different full name, permanent address" in page
    assert 'class="msg warning"' in page
    assert "Differs from the registry" in page


def test_an_applicant_unknown_to_the_registry_is_received_and_flagged(
    client: Client, world: Any
) -> None:
    client.force_login(world.counter)
    response = client.post(URL, _post_data(world))
    dossier = Dossier.objects.get()
    assert dossier.applicant_verification == VerificationOutcome.NOT_FOUND
    assert dossier.applicant_verified_by == VerificationSource.REGISTRY_LOCAL
    assert "not in the population registry" in client.get(response["Location"]).content.decode()


def test_an_organisation_is_not_checked(world: Any) -> None:
    company = replace(
        HUNG, kind="organisation", id_number="0100109106", birth_date=None, sex="", name="Cty A"
    )
    dossier = receive(world.counter, applicant=company)
    assert dossier.applicant_verification == VerificationOutcome.NOT_CHECKED
    assert dossier.applicant_verified_by == VerificationSource.NONE


def test_the_national_registry_verifies_when_configured(
    world: Any, national_registry: FakeNationalRegistry
) -> None:
    national_registry.person(HUNG_RECORD)
    dossier = receive(world.counter)
    assert dossier.applicant_verified_by == VerificationSource.REGISTRY_NATIONAL
    assert dossier.applicant_verification == VerificationOutcome.MATCHED


def test_an_unavailable_registry_does_not_block_intake(
    client: Client, world: Any, national_registry: FakeNationalRegistry
) -> None:
    national_registry.answer(HUNG.id_number, 502, b"Bad Gateway")
    client.force_login(world.counter)
    response = client.post(URL, _post_data(world))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.applicant_verification == VerificationOutcome.UNAVAILABLE
    assert dossier.applicant_verified_by == VerificationSource.NONE
    assert "did not answer" in client.get(response["Location"]).content.decode()


# --- the lookup button -----------------------------------------------------------------


def test_the_lookup_button_prefills_the_applicant_and_is_audited(
    client: Client, world: Any, hung_registered: Any
) -> None:
    client.force_login(world.counter)
    data = {
        "procedure": world.procedure.code,
        "applicant_kind": "person",
        "applicant_id": HUNG.id_number,
        "applicant_phone": "0912345678",
        "registry_lookup": "1",
    }
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not Dossier.objects.exists()
    form = response.context["form"]
    assert form["applicant_name"].value() == HUNG.name
    assert form["applicant_birth_date"].value() == date(1990, 5, 17)
    assert form["applicant_sex"].value() == "male"
    assert form["applicant_address"].value() == HUNG.address
    assert form["applicant_phone"].value() == "0912345678"  # what was typed stays
    page = response.content.decode()
    assert 'value="17/05/1990"' in page
    assert "Filled in from the population registry" in page
    entry = AuditEntry.objects.get(action="registry.lookup")
    assert (entry.actor, entry.object_id) == (world.counter, HUNG.id_number)
    assert entry.data == {"source": "registry_local", "result": "found"}


def test_the_lookup_says_when_the_number_is_unknown_or_malformed(
    client: Client, world: Any
) -> None:
    client.force_login(world.counter)
    base = {"procedure": world.procedure.code, "registry_lookup": "1"}
    page = client.post(URL, base | {"applicant_id": HUNG.id_number}).content.decode()
    assert "No person with this ID number" in page
    page = client.post(URL, base | {"applicant_id": "12345"}).content.decode()
    assert "exactly 12 digits" in page
    assert AuditEntry.objects.filter(action="registry.lookup").count() == 1


def test_the_lookup_shows_a_plain_message_when_the_registry_is_down(
    client: Client, world: Any, national_registry: FakeNationalRegistry
) -> None:
    national_registry.answer(HUNG.id_number, 200, b"{broken")
    client.force_login(world.counter)
    response = client.post(
        URL,
        {
            "procedure": world.procedure.code,
            "applicant_id": HUNG.id_number,
            "registry_lookup": "1",
        },
    )
    assert response.status_code == 200
    assert "not answering right now" in response.content.decode()
    assert AuditEntry.objects.get(action="registry.lookup").data["result"] == "unavailable"


def test_a_specialist_cannot_look_people_up(client: Client, world: Any) -> None:
    client.force_login(world.specialist)
    response = client.post(
        URL,
        {"procedure": world.procedure.code, "applicant_id": HUNG.id_number, "registry_lookup": "1"},
    )
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="registry.lookup").exists()


# --- the API -------------------------------------------------------------------------------


def _api_receive(world: Any, applicant: dict[str, Any]) -> Any:
    token = api_token_issue(user=world.counter)
    body = {"procedure_code": world.procedure.code, "applicant": applicant, "channel": "1"}
    return Client().post(
        "/api/v1/dossiers",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    )


def test_the_api_response_says_the_verification_outcome(world: Any, hung_registered: Any) -> None:
    applicant = {
        "kind": "person",
        "name": HUNG.name,
        "id_number": HUNG.id_number,
        "birth_date": "1990-05-17",
        "sex": "male",
        "address": "Khu Trần Phú",
    }
    response = _api_receive(world, applicant)
    assert response.status_code == 201, response.json()
    assert response.json()["verification"] == {
        "source": "registry_local",
        "outcome": "mismatch",
        "mismatches": ["address"],
    }


def test_the_api_receives_when_the_registry_is_down(
    world: Any, national_registry: FakeNationalRegistry
) -> None:
    national_registry.answer(HUNG.id_number, 500)
    response = _api_receive(
        world, {"kind": "person", "name": HUNG.name, "id_number": HUNG.id_number}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["verification"]["outcome"] == "unavailable"

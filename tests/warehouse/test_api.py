"""The store through the API: scoped to the dossiers an officer may see, bad input → 4xx."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.warehouse.models import ItemReuse
from tests.api.conftest import Api, intake
from tests.dossiers.helpers import HUNG, act, receive
from tests.warehouse.conftest import FORM, ID_CARD, item_of, stored_entry, stored_files


@pytest.fixture
def setup(world: Any, earlier: Any) -> dict[str, Any]:
    entry = stored_entry(earlier, ID_CARD, number="C-1")
    dossier = receive(world.counter)
    return {"dossier": dossier, "entry": entry, "item": item_of(dossier, ID_CARD)}


def reuse_path(setup: dict[str, Any], item: Any = None) -> str:
    item_id = setup["item"].pk if item is None else item
    return f"/dossiers/{setup['dossier'].code}/documents/{item_id}/reuse"


def test_the_store_of_a_dossiers_applicant_is_listed_and_the_read_audited(
    api: dict[str, Api],
    setup: dict[str, Any],
) -> None:
    response = api["counter"].get(f"/dossiers/{setup['dossier'].code}/store")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["owner_kind"], body["owner_id"]) == ("person", HUNG.id_number)
    [entry] = body["entries"]
    assert (entry["id"], entry["number"], entry["valid"]) == (setup["entry"].pk, "C-1", True)
    assert entry["archival_sha256"] == setup["entry"].archival_sha256
    card = next(i for i in body["items"] if i["id"] == setup["item"].pk)
    assert card["reusable_entry_ids"] == [setup["entry"].pk]
    assert (body["reused"], body["reusable"]) == (0, 1)
    read = AuditEntry.objects.filter(action="store.read").last()
    assert read is not None
    assert (read.actor_label, read.data["via"]) == ("counter", "api")
    assert read.object_id == f"person:{HUNG.id_number}"


def test_an_item_is_reused_through_the_api_and_nothing_is_stored(
    api: dict[str, Api],
    setup: dict[str, Any],
    media: Path,
) -> None:
    files = stored_files(media)

    response = api["counter"].post(reuse_path(setup), {"entry": setup["entry"].pk})

    assert response.status_code == 200, response.json()
    assert response.json()["entry_id"] == setup["entry"].pk
    assert ItemReuse.objects.get(item=setup["item"]).entry == setup["entry"]
    assert stored_files(media) == files
    store = api["counter"].get(f"/dossiers/{setup['dossier'].code}/store").json()
    card = next(i for i in store["items"] if i["id"] == setup["item"].pk)
    assert (card["from_store"], card["entry_id"]) == (True, setup["entry"].pk)


def test_a_stranger_finds_no_store_and_a_citizen_or_anonymous_caller_nothing(
    api: dict[str, Api],
    setup: dict[str, Any],
    world: Any,
) -> None:
    code = setup["dossier"].code
    assert api["stranger"].get(f"/dossiers/{code}/store").status_code == 404
    response = api["stranger"].post(reuse_path(setup), {"entry": setup["entry"].pk})
    assert response.status_code == 404
    assert Api(None).get(f"/dossiers/{code}/store").status_code == 401
    # A citizen's page session is not an officer's: the API does not answer it.
    citizen = Client()
    citizen.force_login(world.citizen)
    assert citizen.get(f"/api/v1/dossiers/{code}/store").status_code == 401
    assert not AuditEntry.objects.filter(action="store.read").exists()
    assert not ItemReuse.objects.filter(entry__isnull=False).exists()


def test_bad_reuse_requests_answer_4xx_with_a_reason(
    api: dict[str, Api],
    setup: dict[str, Any],
    world: Any,
    earlier: Any,
) -> None:
    expired = stored_entry(
        earlier, ID_CARD, number="X", valid_until=timezone.localdate() - timedelta(days=1)
    )
    form = item_of(setup["dossier"], FORM)
    entry = setup["entry"].pk
    cases: list[tuple[Any, Any, int, str | None]] = [
        (None, {}, 422, "entry"),
        (None, {"entry": "abc"}, 422, "entry"),
        (None, {"entry": 0}, 422, "entry"),
        (None, {"entry": 2**40}, 422, "entry"),
        (None, [entry], 422, None),
        (None, '{"entry": ', 400, None),
        (None, {"entry": 999_999}, 404, "entry"),
        (None, {"entry": expired.pk}, 400, "entry"),
        (form.pk, {"entry": entry}, 400, "item"),
        (999_999, {"entry": entry}, 404, "item"),
        ("abc", {"entry": entry}, 422, None),
        (2**40, {"entry": entry}, 422, None),
    ]
    for item, body, status, field in cases:
        response = api["counter"].post(reuse_path(setup, item), body)
        assert response.status_code == status, (item, body, response.content)
        assert response.json()["detail"], (item, body)
        if field:
            assert response.json()["field"] == field, (item, body, response.json())

    # A clerk may see the dossier but not take papers from the store.
    response = api["clerk"].post(reuse_path(setup), {"entry": entry})
    assert response.status_code == 403
    # Once decided, the checklist is final.
    dossier = setup["dossier"]
    act(world.counter, dossier, "assign", assignee="specialist")
    act(world.specialist, dossier, "appraise")
    act(world.leader, dossier, "approve")
    response = api["specialist"].post(reuse_path(setup), {"entry": entry})
    assert response.status_code == 409
    assert "before the dossier is decided" in response.json()["detail"]
    assert not ItemReuse.objects.filter(entry__isnull=False).exists()


def test_an_intake_by_api_can_take_an_item_from_the_store(
    api: dict[str, Api], setup: dict[str, Any], world: Any
) -> None:
    documents = [
        {
            "required_document_id": doc.pk,
            "name": doc.name,
            "copies": doc.copies,
            "from_store": doc.reusable_from_store,
        }
        for doc in world.procedure.required_documents.all()
    ]
    response = api["counter"].post("/dossiers", intake(documents=documents))

    assert response.status_code == 201, response.json()
    card = next(d for d in response.json()["documents"] if d["name"] == ID_CARD)
    assert card["from_store"] is True
    assert ItemReuse.objects.get(item_id=card["id"]).entry == setup["entry"]


def test_the_store_answers_in_as_many_queries_for_many_entries_as_for_one(
    api: dict[str, Api], setup: dict[str, Any], earlier: Any
) -> None:
    path = f"/dossiers/{setup['dossier'].code}/store"
    api["counter"].get(path)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as one:
        api["counter"].get(path)
    for number in ("2", "3", "4"):
        stored_entry(earlier, ID_CARD, number=number)
    with CaptureQueriesContext(connection) as four:
        response = api["counter"].get(path)
    assert len(response.json()["entries"]) == 4
    assert len(four.captured_queries) == len(one.captured_queries)

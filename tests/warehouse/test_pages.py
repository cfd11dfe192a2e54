"""The store on the officer pages: intake lookup, the dossier page's card, metadata."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from motcua.core.models import AuditEntry
from motcua.dossiers.models import Dossier
from motcua.warehouse.models import ItemReuse, StoreEntry
from tests.dossiers.helpers import HUNG, receive
from tests.warehouse.conftest import ID_CARD, item_of, stored_entry


@pytest.fixture(autouse=True)
def _english(client: Client, settings: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def intake_post(world: Any, **extra: str) -> dict[str, str]:
    data = {
        "procedure": world.procedure.code,
        "applicant_kind": "person",
        "applicant_name": HUNG.name,
        "applicant_id": HUNG.id_number,
        "applicant_birth_date": "17/05/1990",
        "applicant_sex": "male",
        "sets": "1",
        "delivery": "counter",
    }
    for doc in world.procedure.required_documents.filter(is_mandatory=True):
        data[f"doc_{doc.pk}"] = "on"
    for doc in world.procedure.required_documents.all():
        data[f"copies_{doc.pk}"] = str(doc.copies)
    data.update(extra)
    return data


def test_the_counter_checks_the_store_at_intake_and_takes_the_id_card_from_it(
    client: Client, world: Any, earlier: Any
) -> None:
    stored_entry(earlier, ID_CARD, number="C-777", valid_until=date(2040, 1, 1))
    card = world.procedure.required_documents.get(reusable_from_store=True)
    client.force_login(world.counter)

    looked = client.post("/dossiers/new/", intake_post(world, store_lookup="1"))

    assert looked.status_code == 200
    page = looked.content.decode()
    assert "C-777" in page and "01/01/2040" in page
    assert f'name="store_{card.pk}" id="id_store_{card.pk}" checked' in page
    assert Dossier.objects.count() == 1  # the lookup receives nothing

    data = intake_post(world, **{f"store_{card.pk}": "on"})
    del data[f"doc_{card.pk}"]  # not handed in: taken from the store
    response = client.post("/dossiers/new/", data)

    assert response.status_code == 302
    dossier = Dossier.objects.exclude(pk=earlier.pk).get()
    assert item_of(dossier, ID_CARD).from_store
    detail = client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert "from the data store" in detail
    assert "1 of 1 reusable items taken from the store" in detail


def test_a_lookup_with_a_malformed_id_says_why(client: Client, world: Any) -> None:
    client.force_login(world.counter)
    response = client.post(
        "/dossiers/new/", intake_post(world, applicant_id="12", store_lookup="1")
    )
    assert response.status_code == 200
    assert "exactly 12 digits" in response.content.decode()


def test_the_dossier_page_shows_the_store_and_reuses_an_entry(
    client: Client, world: Any, earlier: Any
) -> None:
    dossier = receive(world.counter)
    entry = stored_entry(earlier, ID_CARD, number="C-42")
    item = item_of(dossier, ID_CARD)
    client.force_login(world.counter)

    page = client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert "Applicant&#x27;s data store" in page or "Applicant's data store" in page
    assert "C-42" in page and earlier.code in page
    assert f"/dossiers/{dossier.code}/store/items/{item.pk}/reuse/" in page
    assert AuditEntry.objects.filter(action="store.read", data__via="page").exists()

    response = client.post(
        f"/dossiers/{dossier.code}/store/items/{item.pk}/reuse/", {"entry": str(entry.pk)}
    )
    assert response.status_code == 302
    assert ItemReuse.objects.get(item=item).entry == entry
    page = client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert "reused for" in page

    response = client.post(f"/dossiers/{dossier.code}/store/items/{item.pk}/reuse/", {})
    assert response.status_code == 302  # back to the page, with the message


def test_the_officer_fills_in_the_metadata_of_an_entry_filed_from_the_dossier(
    client: Client, world: Any, earlier: Any
) -> None:
    entry = stored_entry(earlier, ID_CARD)
    url = f"/dossiers/{earlier.code}/store/{entry.pk}/edit/"
    client.force_login(world.specialist)
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "issuer": "Cục Cảnh sát QLHC về TTXH",
            "number": "024090001234",
            "issued_on": "10/04/2021",
            "valid_until": "17/05/2030",
        },
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.issuer, entry.number) == ("Cục Cảnh sát QLHC về TTXH", "024090001234")
    assert (entry.issued_on, entry.valid_until) == (date(2021, 4, 10), date(2030, 5, 17))
    assert entry.updated_by == world.specialist
    assert AuditEntry.objects.filter(action="store.entry_update", object_id=str(entry.pk)).exists()

    bad = client.post(url, {"issued_on": "10/04/2021", "valid_until": "01/01/2020"})
    assert bad.status_code == 400
    assert "cannot expire before it was issued" in bad.content.decode()
    future = client.post(url, {"issued_on": "01/01/2099"})
    assert future.status_code == 400


def test_strangers_and_citizens_see_no_store(client: Client, world: Any, earlier: Any) -> None:
    entry = stored_entry(earlier, ID_CARD)
    item = item_of(earlier, ID_CARD)
    edit = f"/dossiers/{earlier.code}/store/{entry.pk}/edit/"
    reuse = f"/dossiers/{earlier.code}/store/items/{item.pk}/reuse/"

    client.force_login(world.stranger)
    assert client.get(edit).status_code == 404
    assert client.post(reuse, {"entry": str(entry.pk)}).status_code == 404
    client.force_login(world.citizen)
    assert client.get(edit).status_code == 403
    assert client.post(reuse, {"entry": str(entry.pk)}).status_code == 403
    assert not ItemReuse.objects.exists()
    assert StoreEntry.objects.get().issuer == ""


def test_the_admin_lists_stores_entries_and_reuses(
    client: Client, world: Any, earlier: Any
) -> None:
    entry = stored_entry(earlier, ID_CARD, number="C-9")
    admin = get_user_model().objects.create_superuser("root", password="x-long-pw-2026")
    client.force_login(admin)
    for path in [
        "/admin/warehouse/datastore/",
        f"/admin/warehouse/datastore/{entry.store_id}/change/",
        "/admin/warehouse/storeentry/",
        f"/admin/warehouse/storeentry/{entry.pk}/change/",
        "/admin/warehouse/itemreuse/",
    ]:
        assert client.get(path).status_code == 200, path

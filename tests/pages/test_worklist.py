from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.inputs import ApplicantInput
from motcua.dossiers.models import Dossier
from tests.dossiers.helpers import receive

URL = reverse("dossiers:worklist")
LAN = ApplicantInput(name="Trần Thị Lan", id_number="001190004567")


def test_worklist_lists_the_agencys_dossiers_and_hides_other_communes(
    client: Client, world: Any
) -> None:
    mine = receive(world.counter)
    theirs = receive(world.stranger, applicant=LAN)
    client.force_login(world.counter)
    page = client.get(URL).content.decode()
    assert mine.code in page
    assert "Nguyễn Văn Hùng" in page
    assert theirs.code not in page
    assert "Trần Thị Lan" not in page


def test_worklist_flags_late_and_due_soon_dossiers(client: Client, world: Any) -> None:
    late = receive(world.counter)
    soon = receive(world.counter, applicant=LAN)
    now = timezone.now()
    Dossier.objects.filter(pk=late.pk).update(due_at=now - timedelta(days=1))
    Dossier.objects.filter(pk=soon.pk).update(due_at=now + timedelta(minutes=30))
    client.force_login(world.counter)
    page = client.get(URL).content.decode()
    assert 'class="flag late"' in page
    assert 'class="flag soon"' in page
    late_tab = client.get(URL, {"tab": "late"}).content.decode()
    assert late.code in late_tab
    assert soon.code not in late_tab


def test_search_without_accents_finds_the_applicant(client: Client, world: Any) -> None:
    hung = receive(world.counter)
    lan = receive(world.counter, applicant=LAN)
    client.force_login(world.counter)
    page = client.get(URL, {"q": "nguyen van hung"}).content.decode()
    assert hung.code in page
    assert lan.code not in page


def test_worklist_filters_by_status(client: Client, world: Any) -> None:
    dossier = receive(world.counter)
    client.force_login(world.counter)
    assert dossier.code in client.get(URL, {"status": "received"}).content.decode()
    assert dossier.code not in client.get(URL, {"status": "signed"}).content.decode()


def test_worklist_query_count_does_not_grow_with_rows(
    client: Client, world: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(world.counter)
    counts = []
    for total in (5, 30):
        while Dossier.objects.count() < total:
            receive(world.counter)
        with django_assert_max_num_queries(15) as captured:
            assert client.get(URL, {"tab": "all"}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_worklist_paginates_by_fifty(client: Client, world: Any) -> None:
    for _ in range(51):
        receive(world.counter)
    client.force_login(world.counter)
    first = client.get(URL)
    assert len(first.context["rows"]) == 50
    assert len(client.get(URL, {"page": 2}).context["rows"]) == 1


def test_login_is_required(client: Client, world: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_non_officer_gets_a_plain_403(client: Client, world: Any) -> None:
    client.force_login(world.citizen)
    response = client.get(URL)
    assert response.status_code == 403
    assert "not an officer account" in response.content.decode()


def test_my_desk_holds_open_work_and_results_to_return_not_closed_dossiers(client, world):
    from tests.dossiers.helpers import act, receive, walk_to_returned

    returned = walk_to_returned(world, receive(world.counter))
    refused = act(world.counter, receive(world.counter), "refuse", reason="Sai thẩm quyền")
    waiting = receive(world.counter)
    client.force_login(world.counter)
    page = client.get("/dossiers/").content.decode()
    assert waiting.code in page
    assert returned.code not in page and refused.code not in page


def test_a_dossier_waiting_for_the_citizen_is_neither_late_nor_due_soon(client, world):
    from datetime import datetime, timedelta

    from django.utils import timezone

    from tests.dossiers.helpers import act, receive

    long_ago = timezone.now() - timedelta(days=30)
    waiting = receive(world.counter, at=long_ago)
    act(
        world.counter,
        waiting,
        "request_supplement",
        missing=["Tờ khai"],
        at=long_ago + timedelta(hours=1),
    )
    late = receive(world.counter, at=long_ago)
    client.force_login(world.counter)
    page = client.get("/dossiers/?tab=late").content.decode()
    assert late.code in page and waiting.code not in page
    assert isinstance(long_ago, datetime)


def test_the_province_administrators_tabs_match_the_counts(client, world):
    from datetime import timedelta

    from django.utils import timezone

    from tests.dossiers.helpers import receive

    late = receive(world.counter, at=timezone.now() - timedelta(days=30))
    client.force_login(world.province_admin)
    page = client.get("/dossiers/?tab=late")
    assert page.context["counts"]["late"] == 1
    assert late.code in page.content.decode()

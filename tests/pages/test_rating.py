"""The one-tap rating on the public lookup page, after the result is returned."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from motcua.dossiers.models import DossierRating
from motcua.reporting.models import DailyCount
from tests.dossiers.helpers import HUNG, receive, walk_to_returned

RATE = reverse("portal:rate")
LAST4 = HUNG.id_number[-4:]


def test_the_applicant_rates_a_returned_dossier_once(client: Client, world: Any) -> None:
    dossier = walk_to_returned(world, receive(world.counter))
    page = client.post(reverse("portal:lookup"), {"code": dossier.code, "id_last4": LAST4})
    html = page.content.decode()
    assert "How was your dossier handled?" in html and 'value="bad"' in html

    response = client.post(
        RATE,
        {"code": dossier.code, "id_last4": LAST4, "value": "bad", "comment": "Phải đi lại 3 lần"},
    )
    assert response.status_code == 200
    assert "your rating has been recorded" in response.content.decode()
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.value, rating.comment) == ("bad", "Phải đi lại 3 lần")
    assert sum(DailyCount.objects.values_list("rated_negative", flat=True)) == 1

    again = client.post(RATE, {"code": dossier.code, "id_last4": LAST4, "value": "good"})
    assert again.status_code == 409
    assert DossierRating.objects.get(dossier=dossier).value == "bad"


def test_a_rating_needs_the_right_digits_and_a_returned_dossier(client: Client, world: Any) -> None:
    returned = walk_to_returned(world, receive(world.counter))
    wrong = client.post(RATE, {"code": returned.code, "id_last4": "0000", "value": "good"})
    assert wrong.status_code == 404
    open_dossier = receive(world.counter)
    early = client.post(RATE, {"code": open_dossier.code, "id_last4": LAST4, "value": "good"})
    assert early.status_code == 409
    assert "once its result has been returned" in early.content.decode()
    odd = client.post(RATE, {"code": returned.code, "id_last4": LAST4, "value": "5 stars"})
    assert odd.status_code == 400
    long = client.post(
        RATE, {"code": returned.code, "id_last4": LAST4, "value": "good", "comment": "x" * 501}
    )
    assert long.status_code == 400
    assert not DossierRating.objects.exists()
    assert client.get(RATE).status_code == 405

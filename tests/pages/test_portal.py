from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from motcua.dossiers.models import Dossier

URL = reverse("portal:lookup")


def test_lookup_masks_the_applicant_and_needs_no_login(
    client: Client, world: Any, dossier: Dossier
) -> None:
    response = client.get(URL, {"code": dossier.code})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nguyễn V. H." in page
    assert "Văn Hùng" not in page
    assert "024090001234" not in page
    assert "Received" in page
    assert 'name="viewport"' in page


def test_lookup_of_an_unknown_code_says_so(client: Client, world: Any) -> None:
    page = client.get(URL, {"code": "NOPE-1"}).content.decode()
    assert "No dossier has the code" in page


def test_lookup_form_shows_without_a_code(client: Client, world: Any) -> None:
    page = client.get(URL).content.decode()
    assert 'name="code"' in page
    assert "No dossier has the code" not in page

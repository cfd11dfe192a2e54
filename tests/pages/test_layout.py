from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD


def test_login_page_logs_an_officer_in(client: Client, world: Any) -> None:
    assert 'name="password"' in client.get(reverse("login")).content.decode()
    response = client.post(reverse("login"), {"username": "counter", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:worklist")


def test_header_names_the_officer_role_and_agency(client: Client, world: Any) -> None:
    client.force_login(world.counter)
    page = client.get(reverse("dossiers:worklist")).content.decode()
    assert "Lê Thị Mai" in page
    assert "Counter officer" in page
    assert "Trung tâm PVHCC xã Đèo Gia" in page
    assert reverse("logout") in page


def test_set_language_switches_to_english(client: Client, world: Any) -> None:
    client.force_login(world.counter)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("dossiers:worklist")}
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("dossiers:worklist")).content.decode()
    assert '<html lang="en">' in page
    assert "Worklist" in page
    assert "All I can see" in page


def test_vietnamese_is_the_default_language(client: Client, world: Any) -> None:
    client.cookies.clear()  # this module's other tests read English
    page = client.get(reverse("portal:lookup")).content.decode()
    assert '<html lang="vi">' in page

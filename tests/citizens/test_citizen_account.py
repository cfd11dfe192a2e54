"""The citizen page and sign-in without the provider: switches, demo password, officers apart."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.citizens.models import Citizen
from motcua.citizens.services import (
    CitizenIdentity,
    SignInRefused,
    citizen_demo_account_ensure,
    citizen_identity_from_claims,
    citizen_sign_in,
)
from motcua.units.models import Officer, Role
from tests.citizens.test_oidc_signin import LAN
from tests.dossiers.helpers import HUNG, receive

HOME = reverse("citizen:home")
DEMO_PW = "demo-citizen-pw-2026"


@pytest.fixture(autouse=True)
def _english(client: Client, settings: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def hung(db: Any) -> Citizen:
    identity = CitizenIdentity(id_number=HUNG.id_number, full_name=HUNG.name)
    return citizen_demo_account_ensure(identity=identity, password=DEMO_PW)


def password_sign_in(client: Client, id_number: str, password: str) -> Any:
    url = reverse("citizen:sign_in_password")
    return client.post(url, {"id_number": id_number, "password": password}, follow=True)


def test_without_a_provider_the_button_is_hidden_and_the_sign_in_routes_answer_404(
    client: Client, db: Any
) -> None:
    page = client.get(HOME)
    assert page.status_code == 200
    assert "Sign in with VNeID" not in page.content.decode()
    assert "not available here yet" in page.content.decode()
    assert client.get(reverse("citizen:oidc_start")).status_code == 404
    callback = reverse("citizen:oidc_callback")
    assert client.get(callback, {"code": "x", "state": "y"}).status_code == 404


def test_the_demo_provider_answers_404_when_it_is_off(client: Client, db: Any) -> None:
    for url in [
        "/eid-demo/o/.well-known/openid-configuration",
        "/eid-demo/o/.well-known/jwks.json",
        "/eid-demo/o/authorize/?client_id=x",
        "/eid-demo/o/userinfo/",
        "/eid-demo/dang-nhap/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post("/eid-demo/o/token/", {"grant_type": "x"}).status_code == 404


def test_the_demo_password_sign_in_is_refused_when_its_setting_is_off(
    client: Client, hung: Citizen, settings: Any
) -> None:
    settings.MOTCUA_CITIZEN_DEMO_PASSWORD = False
    url = reverse("citizen:sign_in_password")
    response = client.post(url, {"id_number": HUNG.id_number, "password": DEMO_PW})
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session
    assert 'name="password"' not in client.get(HOME).content.decode()


def test_with_the_demo_password_a_citizen_signs_in_and_sees_only_their_dossiers(
    client: Client, world: Any, hung: Citizen, settings: Any
) -> None:
    settings.MOTCUA_CITIZEN_DEMO_PASSWORD = True
    own = receive(world.counter)
    other = receive(world.counter, applicant=LAN)

    wrong = password_sign_in(client, HUNG.id_number, "not-the-password")
    assert "is not right" in wrong.content.decode() and "_auth_user_id" not in client.session
    page = password_sign_in(client, f" {HUNG.id_number} ", DEMO_PW)

    text = page.content.decode()
    assert own.code in text and other.code not in text and HUNG.name in text
    hung.refresh_from_db()
    assert hung.sign_in_method == "password" and hung.last_sign_in_at is not None
    assert client.get(reverse("dossiers:worklist")).status_code == 403
    assert client.get(reverse("dossiers:detail", args=[other.code])).status_code == 403
    # The header's "Log out" ends the citizen's session and comes back here.
    assert reverse("citizen:sign_out") in text
    assert client.post(reverse("citizen:sign_out")).url == HOME
    assert "_auth_user_id" not in client.session


def test_the_citizen_page_reads_the_dossiers_in_a_fixed_number_of_queries(
    client: Client, world: Any, hung: Citizen
) -> None:
    client.force_login(hung.user)
    receive(world.counter)
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    for _ in range(3):
        receive(world.counter, procedure_code="2.000488")
    with CaptureQueriesContext(connection) as four:
        page = client.get(HOME)
    assert page.content.decode().count('<p class="code">') == 4
    assert len(four) == len(one)


def test_an_officer_is_not_a_citizen_here(client: Client, world: Any) -> None:
    client.force_login(world.counter)
    page = client.get(HOME).content.decode()
    assert "officer account" in page and "My dossiers" not in page


def test_a_citizen_account_whose_user_became_an_officer_cannot_sign_in(
    world: Any, hung: Citizen
) -> None:
    Officer.objects.create(user=hung.user, agency=world.centre, role=Role.SPECIALIST)
    identity = CitizenIdentity(id_number=HUNG.id_number, full_name=HUNG.name)
    with pytest.raises(SignInRefused, match="officer account"):
        citizen_sign_in(identity=identity, method="vneid")


def test_claims_give_the_checked_number_and_the_name_from_its_parts(db: Any) -> None:
    claims = {
        "id_number": " 024090001234 ",
        "family_name": "Nguyễn",
        "middle_name": "Văn",
        "given_name": "Hùng",
        "email": "hung@example.vn",
        "email_verified": False,
        "phone_number": "0912345678",
    }
    identity = citizen_identity_from_claims(claims, id_number_claim="id_number")
    assert identity == CitizenIdentity(
        id_number="024090001234", full_name="Nguyễn Văn Hùng", email="", phone="0912345678"
    )
    with pytest.raises(SignInRefused):
        citizen_identity_from_claims({"cccd": "024090001234"}, id_number_claim="id_number")
    assert citizen_identity_from_claims(
        {"cccd": "024090001234"}, id_number_claim="cccd"
    ).id_number == ("024090001234")

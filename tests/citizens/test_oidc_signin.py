"""Citizen sign-in through OpenID Connect, end to end, against the in-process e-ID provider.

The "browser" is a requests session talking HTTP to pytest-django's live
server; the relying party's back-channel calls (token, JWKS, user-info) go
over HTTP to the same live server, where the stand-in provider answers with
a real RS256-signed ID token. Nothing is mocked.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from oauth2_provider.models import Application

from motcua.citizens.models import Citizen, DemoEidIdentity
from motcua.core.lib.rsakey import rsa_private_key_pem
from motcua.core.models import AuditEntry
from motcua.dossiers.inputs import ApplicantInput
from tests.conftest import PASSWORD
from tests.dossiers.helpers import HUNG, receive

CLIENT_ID = "motcua-test-rp"
CLIENT_SECRET = "test-rp-secret-0123456789"
LAN = ApplicantInput(
    name="Trần Thị Lan",
    id_number="024185000111",
    sex="female",
    address="Thôn Hạ, xã Đèo Gia, Bắc Ninh",
)


@pytest.fixture(scope="session")
def provider_key(tmp_path_factory: pytest.TempPathFactory) -> str:
    return rsa_private_key_pem(tmp_path_factory.mktemp("eid") / "key.pem")


@dataclass
class Provider:
    url: str  # the live server's base URL

    def browser(self) -> requests.Session:
        session = requests.Session()
        session.cookies.set("django_language", "en")
        return session

    def identity(self, username: str, id_number: str, full_name: str) -> Any:
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        DemoEidIdentity.objects.create(
            user=user, id_number=id_number, full_name=full_name, email="hung@example.vn"
        )
        return user


@pytest.fixture
def provider(live_server: Any, settings: Any, provider_key: str) -> Iterator[Provider]:
    """The stand-in provider on the live server, and motcua's client pointed at it."""
    base = f"{live_server.url}/eid-demo/o"
    settings.MOTCUA_EID_DEMO_PROVIDER = True
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "OIDC_RSA_PRIVATE_KEY": provider_key}
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/.well-known/jwks.json"
    settings.MOTCUA_OIDC_ISSUER = base
    Application.objects.create(
        name="motcua (tests)",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=f"{live_server.url}/cong-dan/vneid/callback/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    yield Provider(url=live_server.url)


def provider_login(browser: requests.Session, page: requests.Response, username: str) -> Any:
    """Fill the provider's login form (the page the sign-in start led to)."""
    assert urlsplit(page.url).path == "/eid-demo/dang-nhap/", page.url
    next_url = dict(parse_qsl(urlsplit(page.url).query))["next"]
    return browser.post(
        page.url,
        data={
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "username": username,
            "password": PASSWORD,
            "next": next_url,
        },
        allow_redirects=False,
    )


def follow(browser: requests.Session, response: requests.Response) -> Any:
    """Follow redirects one by one until the answer is a page; returns it."""
    while response.is_redirect:
        response = browser.get(
            requests.compat.urljoin(response.url, response.headers["Location"]),
            allow_redirects=False,
        )
    return response


def sign_in(provider: Provider, username: str) -> tuple[requests.Session, Any]:
    browser = provider.browser()
    page = browser.get(f"{provider.url}/cong-dan/vneid/")
    answer = provider_login(browser, page, username)
    return browser, follow(browser, answer)


def test_a_citizen_signs_in_with_vneid_and_sees_exactly_their_own_dossiers(
    world: Any, provider: Provider
) -> None:
    own = [receive(world.counter), receive(world.counter)]
    other = receive(world.counter, applicant=LAN)
    identity = provider.identity("024090001234", HUNG.id_number, "Nguyễn Văn Hùng")

    browser, page = sign_in(provider, "024090001234")

    assert page.status_code == 200 and urlsplit(page.url).path == "/cong-dan/"
    assert "Nguyễn Văn Hùng" in page.text and "Sign out" in page.text
    codes = re.findall(r'<p class="code"><a href="[^"]+"><strong>([^<]+)</strong>', page.text)
    assert codes == [own[1].code, own[0].code]  # newest first
    assert other.code not in page.text
    citizen = Citizen.objects.get()
    assert citizen.id_number == HUNG.id_number and citizen.sign_in_method == "vneid"
    assert citizen.email == "hung@example.vn"
    assert citizen.user != identity and not hasattr(citizen.user, "officer")
    assert AuditEntry.objects.filter(
        action="citizen.sign_in", actor=citizen.user, data__id_number="024*******34"
    ).exists()
    # The citizen's session is no officer's: the worklist and dossiers are refused.
    assert browser.get(f"{provider.url}/dossiers/").status_code == 403
    assert browser.get(f"{provider.url}/dossiers/{other.code}/").status_code == 403
    # A second sign-in finds the same account.
    sign_in(provider, "024090001234")
    assert Citizen.objects.count() == 1


def test_a_tampered_state_is_refused_and_signs_nobody_in(world: Any, provider: Provider) -> None:
    provider.identity("024090001234", HUNG.id_number, "Nguyễn Văn Hùng")
    browser = provider.browser()
    answer = provider_login(browser, browser.get(f"{provider.url}/cong-dan/vneid/"), "024090001234")
    authorize = browser.get(
        requests.compat.urljoin(answer.url, answer.headers["Location"]), allow_redirects=False
    )
    callback = urlsplit(authorize.headers["Location"])
    assert callback.path == "/cong-dan/vneid/callback/"
    params = dict(parse_qsl(callback.query))
    params["state"] = params["state"][::-1]
    tampered = urlunsplit(callback._replace(query=urlencode(params)))

    page = browser.get(tampered)

    assert urlsplit(page.url).path == "/cong-dan/"
    assert "could not be completed" in page.text and "Sign in with VNeID" in page.text
    assert not Citizen.objects.exists()


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        ("", "did not send your personal ID number"),
        ("123456789012", "is not valid"),
    ],
)
def test_a_missing_or_invalid_id_number_claim_refuses_the_sign_in_and_creates_nothing(
    world: Any, provider: Provider, id_number: str, message: str
) -> None:
    provider.identity("eid-no-number", id_number, "Người Không Số")
    users_before = get_user_model().objects.count()

    _, page = sign_in(provider, "eid-no-number")

    assert urlsplit(page.url).path == "/cong-dan/"
    assert message in html.unescape(page.text) and "Sign in with VNeID" in page.text
    assert not Citizen.objects.exists()
    assert get_user_model().objects.count() == users_before
    assert AuditEntry.objects.filter(action="citizen.sign_in_refused").exists()


def test_the_provider_publishes_its_discovery_document_and_keys(provider: Provider) -> None:
    found = requests.get(f"{provider.url}/eid-demo/o/.well-known/openid-configuration", timeout=5)
    assert found.json()["issuer"] == f"{provider.url}/eid-demo/o"
    keys = requests.get(found.json()["jwks_uri"], timeout=5).json()["keys"]
    assert keys and keys[0]["kty"] == "RSA"

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from motcua.api.models import ApiToken
from motcua.api.services import api_token_hash, api_token_issue
from motcua.core.errors import DomainError

from .conftest import Api

pytestmark = pytest.mark.django_db


def test_a_request_without_token_is_401_json(anonymous):
    response = anonymous.get("/dossiers")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_wrong_token_is_401(world):
    assert Api("not-a-token").get("/procedures").status_code == 401


def test_a_revoked_token_is_401(world):
    token = api_token_issue(user=world.counter)
    assert Api(token).get("/procedures").status_code == 200
    ApiToken.objects.filter(key_hash=api_token_hash(token)).update(revoked_at=timezone.now())
    assert Api(token).get("/procedures").status_code == 401


def test_an_inactive_officer_is_401(world):
    token = api_token_issue(user=world.counter)
    world.counter.is_active = False
    world.counter.save()
    assert Api(token).get("/procedures").status_code == 401


def test_only_the_hash_and_prefix_are_stored(world):
    token = api_token_issue(user=world.counter, name="laptop")
    row = ApiToken.objects.get()
    assert row.key_hash == api_token_hash(token) and token not in row.key_hash
    assert row.prefix == token[:8] and row.name == "laptop"
    Api(token).get("/procedures")
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_a_citizen_gets_no_token(world):
    with pytest.raises(DomainError):
        api_token_issue(user=world.citizen)


def test_the_token_command_prints_a_token_that_works(world):
    out = StringIO()
    call_command("token", "counter", "--name", "ci", stdout=out)
    token = out.getvalue().strip()
    assert ApiToken.objects.get().name == "ci"
    assert Api(token).get("/procedures").status_code == 200


def test_the_token_command_fails_for_an_unknown_user(world):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("token", "nobody", stderr=err)
    assert exit_info.value.code == 1
    assert "nobody" in err.getvalue()
    assert not ApiToken.objects.exists()


def test_the_officer_pages_session_also_works(world, client):
    client.force_login(world.counter)
    assert client.get("/api/v1/procedures").status_code == 200


def test_a_citizen_session_is_401(world, client):
    client.force_login(world.citizen)
    assert client.get("/api/v1/procedures").status_code == 401


def test_a_session_write_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.counter)
    response = client.post("/api/v1/dossiers", "{}", content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"]

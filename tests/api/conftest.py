"""An API client per persona, each with its own token issued through the service."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from motcua.api.services import api_token_issue
from motcua.dossiers.models import Dossier, StatusChange

BASE = "/api/v1"

APPLICANT: dict[str, Any] = {
    "kind": "person",
    "name": "Nguyễn Văn Hùng",
    "id_number": "024090001234",
    "birth_date": "1990-05-17",
    "sex": "male",
    "address": "Thôn Đồng Mới, xã Đèo Gia, Bắc Ninh",
    "phone": "0912345678",
    "email": "hung@example.vn",
}


def intake(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "procedure_code": "1.000894",
        "applicant": dict(APPLICANT),
        "channel": "1",
    }
    body.update(changes)
    return body


class Api:
    """A test client that sends one persona's bearer token with every request."""

    def __init__(self, token: str | None) -> None:
        # CSRF is enforced as for a real client: a bearer token needs no CSRF cookie.
        self.client = Client(enforce_csrf_checks=True)
        # English messages, so assertions on them hold whatever translations exist.
        self.headers = {"Accept-Language": "en"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.client.post(
            BASE + path, data, content_type="application/json", headers=self.headers
        )

    def act(self, code: str, action: str, **params: Any) -> Any:
        return self.post(f"/dossiers/{code}/transitions", {"action": action, **params})

    def receive(self, **changes: Any) -> str:
        response = self.post("/dossiers", intake(**changes))
        assert response.status_code == 201, response.json()
        return str(response.json()["code"])


@pytest.fixture
def api(world: Any) -> dict[str, Api]:
    names = [
        "counter",
        "specialist",
        "leader",
        "clerk",
        "stranger",
        "province_admin",
        "dept_specialist",
    ]
    return {name: Api(api_token_issue(user=getattr(world, name))) for name in names}


@pytest.fixture
def anonymous() -> Api:
    return Api(None)


def rows_written() -> tuple[int, int]:
    return Dossier.objects.count(), StatusChange.objects.count()

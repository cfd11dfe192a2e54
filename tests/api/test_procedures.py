from __future__ import annotations

import json

import pytest

from motcua.catalogue.models import Procedure
from motcua.catalogue.services import procedure_search_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def searchable(world):
    # The world's procedures are created directly, not through the catalogue services.
    for p in Procedure.objects.all():
        p.name_search = procedure_search_text(code=p.code, name=p.name)
        p.save(update_fields=["name_search"])


def test_procedures_are_listed_with_their_checklist(api):
    body = api["counter"].get("/procedures").json()
    assert body["count"] == 2
    first = next(p for p in body["items"] if p["code"] == "1.000894")
    assert first["name"] == "Đăng ký kết hôn"
    assert first["field"] == {"code": "HT", "name": "Hộ tịch"}
    assert first["time_limit"] == 3 and first["time_limit_unit"] == "days"
    assert [d["name"] for d in first["required_documents"]] == [
        "Tờ khai theo mẫu",
        "Căn cước công dân (xuất trình)",
        "Giấy tờ khác",
    ]
    assert {"level", "fee", "online_level", "project06_number"} <= first.keys()


def test_search_ignores_accents(api, searchable):
    body = api["counter"].get("/procedures", q="dang ky ket hon").json()
    assert [p["code"] for p in body["items"]] == ["1.000894"]
    assert api["counter"].get("/procedures", q="LÝ LỊCH").json()["count"] == 1


def test_procedures_are_paginated(api):
    body = api["counter"].get("/procedures", limit=1, offset=1).json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert api["counter"].get("/procedures", limit=101).status_code == 422


def test_openapi_document_lists_the_paths(anonymous):
    response = anonymous.client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    for path in [
        "/api/v1/procedures",
        "/api/v1/dossiers",
        "/api/v1/dossiers/{code}",
        "/api/v1/dossiers/{code}/transitions",
        "/api/v1/public/lookup/{code}",
    ]:
        assert path in paths


def test_docs_page_is_served(anonymous):
    assert anonymous.client.get("/api/v1/docs").status_code == 200


def test_an_unknown_api_path_is_json_404(anonymous):
    response = anonymous.client.get("/api/v1/nothing/here")
    assert response.status_code == 404 and response.json()["detail"]

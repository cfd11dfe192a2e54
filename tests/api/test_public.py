from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_public_lookup_is_masked(api, anonymous):
    code = api["counter"].receive()
    response = anonymous.get(f"/public/lookup/{code}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == code and body["status"] == "received"
    assert body["applicant"] == "Nguyễn V. H."
    assert body["applicant_id"].endswith("234") and "024090001234" not in response.content.decode()
    assert "Nguyễn Văn Hùng" not in response.content.decode()
    assert body["due_at"].endswith("+07:00")


def test_public_lookup_of_an_unknown_code_is_404_json(anonymous, world):
    response = anonymous.get("/public/lookup/000.21.24.H24-260101-9999")
    assert response.status_code == 404
    assert response.json()["detail"]

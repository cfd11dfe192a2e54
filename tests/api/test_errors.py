"""Bad input answers 4xx JSON and writes nothing."""

from __future__ import annotations

import pytest

from .conftest import APPLICANT, intake, rows_written

pytestmark = pytest.mark.django_db


def applicant(**changes):
    return {**APPLICANT, **changes}


BAD_INTAKES = {
    "missing fields": ({"applicant": {"name": "Nguyễn Văn Hùng"}}, 422, "procedure_code"),
    "13-digit ID number": (
        intake(applicant=applicant(id_number="0240900012345")),
        400,
        "applicant_id",
    ),
    "ID contradicting the birth year": (
        intake(applicant=applicant(birth_date="1991-01-01")),
        400,
        "applicant_id",
    ),
    "unknown procedure": (intake(procedure_code="9.999999"), 400, "procedure"),
    "huge name": (intake(applicant=applicant(name="N" * 100_000)), 422, "applicant.name"),
    "huge request": (intake(request="x" * 3000), 422, "request"),
    "online channel": (intake(channel="2"), 400, "channel"),
    "bad e-mail": (intake(applicant=applicant(email="not-an-email")), 422, "applicant.email"),
    "incomplete checklist": (intake(documents=[]), 400, "documents"),
    "list instead of object": ([1, 2, 3], 422, None),
}


@pytest.mark.parametrize("case", BAD_INTAKES)
def test_bad_intake_is_refused_and_writes_nothing(api, case):
    body, status, field = BAD_INTAKES[case]
    before = rows_written()
    response = api["counter"].post("/dossiers", body)
    assert response.status_code == status, response.json()
    assert response.json()["detail"]
    if field:
        assert response.json()["field"] == field
    assert rows_written() == before


def test_validation_errors_list_every_bad_field(api):
    response = api["counter"].post("/dossiers", {"applicant": {"id_number": "1" * 30}})
    assert response.status_code == 422
    detail = response.json()["detail"]
    for name in ["procedure_code", "applicant.name", "applicant.id_number"]:
        assert name in detail


def test_malformed_json_is_400(api):
    before = rows_written()
    response = api["counter"].post("/dossiers", '{"procedure_code": "1.000894",')
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body is not valid JSON."
    assert rows_written() == before


def test_a_body_over_the_upload_limit_is_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api["counter"].post("/dossiers", intake(request="x" * 2000))
    assert response.status_code == 413 and response.json()["detail"]


def test_an_unknown_action_is_400(api):
    code = api["counter"].receive()
    before = rows_written()
    response = api["counter"].act(code, "teleport")
    assert response.status_code == 400 and response.json()["field"] == "action"
    assert rows_written() == before


def test_bad_transition_params_are_refused(api):
    code = api["counter"].receive()
    before = rows_written()
    assert api["counter"].act(code, "assign", assignee="stranger").status_code == 400
    assert api["counter"].act(code, "request_supplement", missing=[]).status_code == 400
    assert api["counter"].act(code, "request_supplement", missing=["x" * 301]).status_code == 422
    assert api["counter"].act(code, "withdraw", reason="x" * 5000).status_code == 422
    assert api["counter"].act(code, "withdraw", new_due_at="soon").status_code == 422
    assert rows_written() == before


def test_odd_values_are_422_not_500(api):
    code = api["counter"].receive()
    api["counter"].act(code, "assign", assignee="specialist")
    before = rows_written()
    for moment in ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"]:
        response = api["leader"].act(code, "apologize", reason="x", new_due_at=moment)
        assert response.status_code == 422, response.json()
    future = intake(applicant=applicant(birth_date="2999-01-01"))
    assert api["counter"].post("/dossiers", future).status_code == 422
    assert api["counter"].post("/dossiers", intake(request="a\x00b")).status_code == 422
    assert api["counter"].get("/dossiers", q="\x00").status_code == 422
    assert api["counter"].get("/dossiers", offset=10**12).status_code == 422
    assert api["counter"].get("/dossiers/%00").status_code == 422
    assert api["counter"].get("/dossiers/" + "x" * 65).status_code == 422
    assert rows_written() == before


def test_a_post_without_token_is_401(anonymous, world):
    before = rows_written()
    response = anonymous.post("/dossiers", intake())
    assert response.status_code == 401 and response.json()["detail"]
    assert rows_written() == before

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.models import Dossier, Status
from tests.dossiers.helpers import receive

from .conftest import intake, rows_written

pytestmark = pytest.mark.django_db


def test_a_counter_officer_receives_a_dossier(api):
    response = api["counter"].post("/dossiers", intake(request="Đăng ký kết hôn lần đầu"))
    assert response.status_code == 201
    body = response.json()
    assert body["code"].startswith("000.21.24.H24-")
    assert body["status"] == "received"
    assert body["procedure"]["code"] == "1.000894"
    assert body["due_at"].endswith("+07:00") and body["received_at"].endswith("+07:00")
    assert len(body["documents"]) == 3
    assert [h["action"] for h in body["history"]] == ["receive"]
    assert body["history"][0]["actor"] == "counter"
    dossier = Dossier.objects.get(code=body["code"])
    assert datetime.fromisoformat(body["due_at"]) == dossier.due_at
    assert dossier.applicant_email == "hung@example.vn"


def test_received_by_post_with_an_explicit_checklist(api, world):
    required = list(world.procedure.required_documents.all())
    documents = [{"required_document_id": r.pk, "name": r.name, "copies": 1} for r in required[:2]]
    response = api["counter"].post(
        "/dossiers",
        intake(channel="3", documents=documents, delivery="post", delivery_address="Thôn Đồng Mới"),
    )
    assert response.status_code == 201, response.json()
    assert [d["name"] for d in response.json()["documents"]] == [r.name for r in required[:2]]
    assert response.json()["channel"] == "3"


def test_the_detail_shows_history_documents_and_actions(api):
    code = api["counter"].receive()
    body = api["counter"].get(f"/dossiers/{code}").json()
    assert body["applicant"]["id_number"] == "024090001234"
    assert {a["action"] for a in body["actions"]} >= {"assign", "request_supplement", "withdraw"}
    assert "approve" not in {a["action"] for a in body["actions"]}
    assert body["handovers"] == []


def test_the_stranger_cannot_see_or_touch_the_dossier(api):
    code = api["counter"].receive()
    response = api["stranger"].get(f"/dossiers/{code}")
    assert response.status_code == 404 and response.json()["detail"]
    before = rows_written()
    response = api["stranger"].act(code, "withdraw", reason="Người dân rút hồ sơ")
    assert response.status_code == 404
    assert rows_written() == before
    assert api["stranger"].get("/dossiers").json()["count"] == 0
    assert api["counter"].get("/dossiers").json()["count"] == 1


def test_the_whole_path_by_the_right_people(api, world):
    code = api["counter"].receive()
    steps = [
        ("counter", "assign", {"assignee": "specialist"}, "assigned"),
        ("specialist", "appraise", {"note": "Đủ điều kiện"}, "appraised"),
        ("leader", "approve", {}, "approved"),
        ("leader", "sign", {}, "signed"),
        ("clerk", "issue", {"result_number": "12/2026/GCN"}, "result_ready"),
        ("counter", "return", {}, "returned"),
    ]
    for persona, action, params, status in steps:
        response = api[persona].act(code, action, **params)
        assert response.status_code == 200, (action, response.json())
        assert response.json()["status"] == status
    body = response.json()
    assert [h["action"] for h in body["history"]] == [
        "receive",
        "assign",
        "appraise",
        "approve",
        "sign",
        "issue",
        "return",
    ]
    assert [h["actor"] for h in body["history"]][1:] == [
        "counter",
        "specialist",
        "leader",
        "leader",
        "clerk",
        "counter",
    ]
    assert body["history"][2]["note"] == "Đủ điều kiện"
    assert body["history"][1]["data"]["assignee"] == "specialist"
    assert body["result_number"] == "12/2026/GCN"
    assert len(body["handovers"]) == 1 and body["handovers"][0]["to_user"] == "specialist"
    assert body["actions"] == []


def test_a_wrong_role_is_403_with_a_message(api):
    code = api["counter"].receive()
    before = rows_written()
    response = api["clerk"].act(code, "assign", assignee="specialist")
    assert response.status_code == 403
    assert "role" in response.json()["detail"]
    assert api["specialist"].post("/dossiers", intake()).status_code == 403
    assert rows_written() == before


def test_a_wrong_state_is_409(api):
    code = api["counter"].receive()
    response = api["leader"].act(code, "approve")
    assert response.status_code == 409 and response.json()["detail"]
    assert Dossier.objects.get(code=code).status == Status.RECEIVED


def test_a_second_supplement_request_is_409_with_the_reason(api):
    code = api["counter"].receive()
    missing = {"missing": ["Bản sao giấy khai sinh"]}
    assert api["counter"].act(code, "request_supplement", **missing).status_code == 200
    assert api["counter"].act(code, "supplement").json()["status"] == "received"
    before = rows_written()
    response = api["counter"].act(code, "request_supplement", missing=["Ảnh 4x6"])
    assert response.status_code == 409
    assert "only once" in response.json()["detail"]
    assert rows_written() == before


def test_an_apology_date_without_offset_is_vietnam_time(api, world):
    code = api["counter"].receive()
    api["counter"].act(code, "assign", assignee="specialist")
    new_due = (timezone.now() + timedelta(days=60)).astimezone(VN_TZ).replace(microsecond=0)
    response = api["leader"].act(
        code,
        "apologize",
        reason="Chờ xác minh",
        new_due_at=new_due.replace(tzinfo=None).isoformat(),
    )
    assert response.status_code == 200, response.json()
    assert datetime.fromisoformat(response.json()["extended_due_at"]) == new_due


def _thirty_dossiers(world):
    for _ in range(28):
        receive(world.counter)
    receive(world.counter, at=datetime(2026, 3, 2, 8, 0, tzinfo=VN_TZ))  # long overdue
    soon = receive(world.counter)
    Dossier.objects.filter(pk=soon.pk).update(due_at=timezone.now() + timedelta(hours=1))
    return soon


def test_the_list_is_filtered_and_paginated_in_few_queries(
    api, world, django_assert_max_num_queries
):
    soon = _thirty_dossiers(world)
    with django_assert_max_num_queries(10):
        body = api["counter"].get("/dossiers", limit=100).json()
    assert body["count"] == 30 and len(body["items"]) == 30
    row = body["items"][0]
    assert {
        "code",
        "status",
        "procedure",
        "applicant_name",
        "received_at",
        "due_at",
        "flag",
    } <= row.keys()
    late = api["counter"].get("/dossiers", late="true").json()
    assert late["count"] == 1 and late["items"][0]["flag"] == "late"
    due_soon = api["counter"].get("/dossiers", due_soon="true").json()
    assert [r["code"] for r in due_soon["items"]] == [soon.code]
    assert due_soon["items"][0]["flag"] == "due_soon"
    page = api["counter"].get("/dossiers", limit=10, offset=25).json()
    assert page["count"] == 30 and len(page["items"]) == 5


def test_the_list_filters_by_status_text_procedure_and_agency(api, world):
    code = api["counter"].receive()
    api["counter"].receive(
        applicant={
            "name": "Trần Thị Bình",
            "id_number": "024190001234",
            "birth_date": "1990-01-01",
            "sex": "female",
        }
    )
    api["counter"].act(code, "assign", assignee="specialist")
    counter = api["counter"]
    assert counter.get("/dossiers", status="assigned").json()["count"] == 1
    assert counter.get("/dossiers", q="nguyen van hung").json()["items"][0]["code"] == code
    assert counter.get("/dossiers", procedure="2.000488").json()["count"] == 0
    assert counter.get("/dossiers", mine="true").json()["count"] == 2
    assert counter.get("/dossiers", status="nonsense").status_code == 422
    assert counter.get("/dossiers", limit=1000).status_code == 422

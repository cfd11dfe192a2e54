"""Resource pages and API through the HTTP boundary: who sees which unit."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from motcua.api.services import api_token_issue
from motcua.core.models import AuditEntry
from motcua.resources.models import Computer, Scanner
from motcua.units.models import Officer, Role
from tests.conftest import PASSWORD

from .conftest import computer, counter_of, more_units, scanner, workbook

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.login(username=user.username, password=PASSWORD)
    return client


def api_get(user: Any, path: str) -> Any:
    token = api_token_issue(user=user)
    return Client().get(
        f"/api/v1/resources{path}",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    )


@pytest.fixture
def registers(world: Any) -> Any:
    computer(world.commune, inventory_code="PC-DEOGIA", ram_gb=4, counter=counter_of(world.commune))
    computer(world.other_commune, inventory_code="PC-BACGIANG", disk_type="hdd")
    scanner(world.other_commune, counter=counter_of(world.other_commune))
    return world


def test_the_province_admin_sees_every_unit_with_charts(registers: Any) -> None:
    response = client_for(registers.province_admin).get(reverse("resources:province"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Xã Đèo Gia" in text and "Phường Bắc Giang" in text and "Bắc Ninh" in text
    assert text.count("<svg") == 3
    assert "<script" not in text


def test_the_province_table_sorts_on_the_server(registers: Any) -> None:
    client = client_for(registers.province_admin)
    up = client.get(reverse("resources:province"), {"sort": "name", "dir": "asc"}).content.decode()
    down = client.get(reverse("resources:province"), {"sort": "name"}).content.decode()
    assert up.index("Phường Bắc Giang") < up.index("Xã Đèo Gia")
    assert down.index("Xã Đèo Gia") < down.index("Phường Bắc Giang")


def test_the_province_page_query_count_does_not_grow_with_units(registers: Any) -> None:
    client = client_for(registers.province_admin)
    client.get(reverse("resources:province"))  # sessions and caches warmed
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("resources:province"))
    more_units(registers, 5)
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("resources:province"))
    assert "Xã Mẫu 4" in response.content.decode()
    assert len(more) == len(few) <= 25


def test_a_commune_officer_is_sent_to_their_own_unit(registers: Any) -> None:
    response = client_for(registers.counter).get(reverse("resources:province"))
    assert response.status_code == 302
    assert response["Location"] == reverse("resources:unit", args=["07594"])


def test_a_unit_page_shows_registers_and_gaps(registers: Any) -> None:
    response = client_for(registers.counter).get(reverse("resources:unit", args=["07594"]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "PC-DEOGIA" in text and "PC-BACGIANG" not in text
    assert "Counters with a compliant scanner" in text
    assert "counters without one" in text


def test_a_commune_officer_cannot_see_another_communes_registers(registers: Any) -> None:
    client = client_for(registers.stranger)
    assert client.get(reverse("resources:unit", args=["07594"])).status_code == 404
    assert client.get(reverse("resources:unit_export", args=["07594"])).status_code == 404
    assert api_get(registers.stranger, "/units/07594").status_code == 404
    listed = api_get(registers.stranger, "/units").json()
    assert [u["code"] for u in listed] == ["07210"]


def test_the_api_gives_a_units_readiness_and_registers(registers: Any) -> None:
    response = api_get(registers.counter, "/units/07594")
    assert response.status_code == 200
    body = response.json()
    assert body["readiness"]["code"] == "07594"
    assert [r["inventory_code"] for r in body["registers"]["computers"]] == ["PC-DEOGIA"]
    gauges = {g["key"]: g for g in body["readiness"]["gauges"]}
    assert gauges["scanners"]["gap"] == 1
    everyone = api_get(registers.province_admin, "/units").json()
    assert {u["code"] for u in everyone} == {"24", "07594", "07210"}


def test_the_api_makes_a_plan_and_explains_an_infeasible_budget(registers: Any) -> None:
    token = api_token_issue(user=registers.province_admin)
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    client = Client()

    def post(budget: Any) -> Any:
        return client.post("/api/v1/resources/plan", json.dumps({"budget": budget}),
                           content_type="application/json", headers=headers)  # fmt: skip

    too_small = post(1_000_000).json()
    assert too_small["feasible"] is False
    assert too_small["minimum_budget"] == 9_000_000
    assert "at least 9,000,000 VND" in too_small["message"]
    plan = post(3_000_000_000).json()
    assert plan["feasible"] and plan["cost"] <= 3_000_000_000
    assert any(a["target"].startswith("PC-DEOGIA") for a in plan["actions"])
    assert post(-1).status_code == 422


def test_the_plan_page_shows_actions_and_exports_them(registers: Any) -> None:
    client = client_for(registers.province_admin)
    response = client.get(reverse("resources:plan"), {"budget": "50000000"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "PC-DEOGIA" in text and "Replacing the oldest computers first" in text
    export = client.get(reverse("resources:plan_xlsx"), {"budget": "50000000"})
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["summary", "plan", "naive plan"]
    too_small = client.get(reverse("resources:plan"), {"budget": "1000"}).content.decode()
    assert "at least 9,000,000 VND is needed" in too_small
    assert client.get(reverse("resources:plan"), {"budget": "-5"}).status_code == 400


def test_a_commune_officer_plans_only_for_their_unit(registers: Any) -> None:
    response = client_for(registers.counter).get(reverse("resources:plan"), {"budget": "5e7"})
    assert response.status_code == 400  # not a whole number
    text = (
        client_for(registers.counter)
        .get(reverse("resources:plan"), {"budget": "50000000"})
        .content.decode()
    )
    assert "PC-DEOGIA" in text and "PC-BACGIANG" not in text


def test_a_unit_administrator_imports_the_units_registers(registers: Any) -> None:
    Officer.objects.filter(user=registers.leader).update(role=Role.UNIT_ADMIN)
    url = reverse("resources:unit_import", args=["07594"])
    row = {"unit_code": "07594", "inventory_code": "PC-NEW", "purchase_year": 2025,
           "cpu_class": "high", "ram_gb": 16, "disk_type": "ssd", "disk_gb": 512}  # fmt: skip
    bad = workbook({"computers": [row, {**row, "unit_code": "07210", "inventory_code": "X"}]})
    client = client_for(registers.leader)
    response = client.post(url, {"workbook": SimpleUploadedFile("r.xlsx", bad)})
    assert response.status_code == 400
    assert "sheet computers, row 3: unit_code: no unit 07210 that you may edit" in (
        response.content.decode()
    )
    assert Computer.objects.filter(inventory_code="PC-NEW").count() == 0
    good = workbook({"computers": [row]})
    response = client.post(url, {"workbook": SimpleUploadedFile("r.xlsx", good)})
    assert response.status_code == 302
    assert list(
        Computer.objects.filter(unit=registers.commune).values_list("inventory_code", flat=True)
    ) == ["PC-NEW"]
    # A counter officer may not import.
    forbidden = client_for(registers.counter).post(
        url, {"workbook": SimpleUploadedFile("r.xlsx", good)}
    )
    assert forbidden.status_code == 403


def test_a_unit_administrator_edits_one_row_in_the_page(registers: Any) -> None:
    Officer.objects.filter(user=registers.leader).update(role=Role.UNIT_ADMIN)
    client = client_for(registers.leader)
    page = client.get(reverse("resources:unit", args=["07594"])).content.decode()
    add = reverse("resources:register_add", args=["07594", "scanners"])
    assert add in page
    fields = {"purchase_year": 2025, "condition": "good", "max_dpi": 600, "colour": "on",
              "pages_per_minute": 20, "counter": counter_of(registers.commune).pk}  # fmt: skip
    assert client.post(add, {**fields, "max_dpi": ""}).status_code == 400
    # A counter of another commune is not among the choices.
    other = {**fields, "counter": counter_of(registers.other_commune).pk}
    assert client.post(add, other).status_code == 400
    assert client.post(add, fields).status_code == 302
    row = Scanner.objects.get(unit=registers.commune)
    readiness = api_get(registers.leader, "/units/07594").json()["readiness"]
    assert {g["key"]: g["met"] for g in readiness["gauges"]}["scanners"]

    edit = reverse("resources:register_edit", args=["07594", "scanners", row.pk])
    assert client.post(edit, {**fields, "max_dpi": 150}).status_code == 302
    assert Scanner.objects.get(pk=row.pk).max_dpi == 150
    delete = reverse("resources:register_delete", args=["07594", "scanners", row.pk])
    assert client.post(delete).status_code == 302
    assert not Scanner.objects.filter(pk=row.pk).exists()
    assert AuditEntry.objects.filter(action__startswith="resources.scanners.").count() == 3


def test_rows_of_another_unit_cannot_be_edited(registers: Any) -> None:
    Officer.objects.filter(user=registers.leader).update(role=Role.UNIT_ADMIN)
    theirs = Scanner.objects.get(unit=registers.other_commune)
    client = client_for(registers.leader)
    url = reverse("resources:register_edit", args=["07210", "scanners", theirs.pk])
    assert client.get(url).status_code == 404
    # Nor through this unit's address.
    url = reverse("resources:register_edit", args=["07594", "scanners", theirs.pk])
    assert client.get(url).status_code == 404
    delete = reverse("resources:register_delete", args=["07594", "scanners", theirs.pk])
    assert client.post(delete).status_code == 404
    assert client.get(reverse("resources:register_add", args=["07594", "nope"])).status_code == 404
    # A counter officer may read but not edit.
    add = reverse("resources:register_add", args=["07594", "scanners"])
    assert client_for(registers.counter).get(add).status_code == 403

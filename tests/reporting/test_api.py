"""GET /api/v1/indicators: officers see the units their role allows; bad input → 422."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.api.conftest import Api

from .conftest import Month

pytestmark = pytest.mark.django_db

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


def test_the_indicators_of_a_commune_with_every_figure(
    api: dict[str, Api], world: Any, month: Month
) -> None:
    response = api["counter"].get("/indicators", unit="07594", **MARCH)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["unit"], body["from"], body["to"]) == ("07594", "2026-03-01", "2026-03-31")
    assert [g["key"] for g in body["groups"]] == [
        "publicity",
        "progress",
        "online",
        "digitization",
        "satisfaction",
    ]
    assert (body["points_possible"], body["points_measured"], body["band"]) == (100, 100, "Weak")
    progress = body["groups"][1]
    assert (progress["key"], progress["points"], progress["total"]) == ("progress", 20, 12.0)
    on_time = progress["indicators"][0]
    assert on_time == {
        "key": "on_time_rate",
        "label": "Decided on time or early",
        "numerator": 3,
        "denominator": 5,
        "rate": 0.6,
        "threshold": 1.0,
        "score": 0.6,
        "unit": "ratio",
    }
    online = next(i for i in body["groups"][2]["indicators"] if i["key"] == "online_rate")
    assert (online["numerator"], online["denominator"], online["threshold"]) == (1, 9, 0.5)
    assert {d["code"] for d in body["now_late"]} == {
        month.dossiers["online"].code,
        month.dossiers["merged_open"].code,
    }


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("province_admin", "24", 200),
        ("province_admin", "07594", 200),
        ("province_admin", "07600", 200),  # merged into Đèo Gia
        ("province_admin", "000.21.24.H24", 200),
        ("counter", "000.21.24.H24", 200),
        ("leader", "07594", 200),
        ("counter", "24", 404),
        ("counter", "07210", 404),
        ("counter", "000.22.24.H24", 404),
        ("stranger", "07594", 404),
        ("stranger", "000.21.24.H24", 404),
        ("dept_specialist", "24", 404),  # a department is not its province
        ("dept_specialist", "000.07.00.H24", 200),
        ("counter", "99999", 404),
    ],
)
def test_an_officer_sees_only_the_units_their_role_allows(
    api: dict[str, Api], month: Month, persona: str, code: str, status: int
) -> None:
    response = api[persona].get("/indicators", unit=code, **MARCH)

    assert response.status_code == status, response.json()
    if status == 404:
        assert response.json()["detail"] == "No unit or agency with this code."


def test_anonymous_callers_are_refused(anonymous: Api, world: Any) -> None:
    assert anonymous.get("/indicators", unit="07594", **MARCH).status_code == 401


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"unit": "07594", "from": "2026-02-30", "to": "2026-03-31"}, "from"),
        ({"unit": "07594", "from": "yesterday", "to": "2026-03-31"}, "from"),
        ({"unit": "07594", "from": "2026-03-01"}, "to"),
        ({"from": "2026-03-01", "to": "2026-03-31"}, "unit"),
        ({"unit": "07594", "from": "2026-04-01", "to": "2026-03-31"}, "from"),
        ({"unit": "07594", "from": "2000-01-01", "to": "2026-03-31"}, "to"),
    ],
)
def test_bad_dates_and_ranges_answer_422_with_the_reason(
    api: dict[str, Api], world: Any, params: dict[str, str], field: str
) -> None:
    response = api["counter"].get("/indicators", **params)

    assert response.status_code == 422, response.json()
    assert response.json()["field"] == field
    assert response.json()["detail"]


def test_the_ranking_and_the_dossiers_behind_a_figure(
    api: dict[str, Api], world: Any, month: Month
) -> None:
    ranked = api["province_admin"].get("/indicators/ranking", unit="24", **MARCH)
    assert ranked.status_code == 200, ranked.json()
    communes = ranked.json()["communes"]
    assert [c["code"] for c in communes][:1] and "07594" in {c["code"] for c in communes}
    assert all(a["total"] >= b["total"] for a, b in itertools.pairwise(communes))
    not_province = api["province_admin"].get("/indicators/ranking", unit="07594", **MARCH)
    assert not_province.status_code == 400
    assert api["counter"].get("/indicators/ranking", unit="24", **MARCH).status_code == 404

    late = api["counter"].get("/indicators/dossiers", unit="07594", list="decided_late", **MARCH)
    assert late.status_code == 200, late.json()
    body = late.json()
    assert body["count"] == 2
    assert {d["code"] for d in body["dossiers"]} == {
        month.dossiers["late"].code,
        month.dossiers["twice"].code,
    }
    assert body["dossiers"][0]["held_by"] == world.centre.name
    unknown = api["counter"].get("/indicators/dossiers", unit="07594", list="nope", **MARCH)
    assert unknown.status_code == 404
    too_many = api["counter"].get(
        "/indicators/dossiers", unit="07594", list="decided", limit=10_000, **MARCH
    )
    assert too_many.status_code == 422

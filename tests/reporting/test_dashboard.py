"""The dashboard: each figure opens to the dossiers behind it, and those agree with the
aggregates; the page shows real figures in a bounded number of queries; the exports."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from motcua.reporting.dashboard import drill_dossiers, hurts
from motcua.reporting.indicators import counts_get, indicators_report, target_get
from motcua.reporting.rankings import ranking
from motcua.units.models import AdministrativeUnit, Agency, Role
from tests.conftest import make_user
from tests.dossiers.helpers import receive

from .conftest import MARCH, Month, vn

pytestmark = pytest.mark.django_db


def _drill_count(code: str, key: str) -> int:
    return drill_dossiers(
        target=target_get(code=code), start=MARCH[0], end=MARCH[1], key=key
    ).count()


@pytest.mark.parametrize("which", ["commune", "province", "centre"])
def test_every_figure_equals_the_dossiers_listed_behind_it(
    world: Any, month: Month, which: str
) -> None:
    """The aggregates (kept by the hooks) against the raw dossiers, for a commune with a
    merged unit, the province, and an agency."""
    code = getattr(world, which).code
    c = counts_get(target=target_get(code=code), start=MARCH[0], end=MARCH[1])
    expected = {
        "received": c["received"],
        "received_online": c["received_online"],
        "not_synced": c["received"] - c["synced"],
        "not_checked": c["received_person"] - c["received_checked"],
        "decided": c.decided,
        "decided_late": c["decided_late"],
        "no_e_result": c.decided - c["decided_e_result"],
        "not_digitized": c.decided - c["decided_digitized"],
        "rated_negative": c["rated_negative"],
        "now_late": c.late_now,
        "due_soon": c.due_soon,
    }
    assert {key: _drill_count(code, key) for key in expected} == expected
    assert expected["decided"] == 5 and expected["not_digitized"] == 4


def test_the_late_list_names_who_holds_each_dossier(world: Any, month: Month) -> None:
    late = drill_dossiers(
        target=target_get(code=world.commune.code), start=MARCH[0], end=MARCH[1], key="now_late"
    )
    assert {(d.code, d.current_agency.name) for d in late} == {
        (month.dossiers["online"].code, world.centre.name),
        (month.dossiers["merged_open"].code, month.merged_centre.name),
    }


@pytest.mark.parametrize(
    "period",
    [
        MARCH,  # one whole month: monthly rows only
        (date(2026, 3, 3), date(2026, 3, 20)),  # days only
        (date(2026, 2, 10), date(2026, 4, 30)),  # days of February, then whole months
        (date(2026, 3, 2), date(2026, 4, 30)),  # days of March, then a whole April
    ],
)
def test_a_commune_scores_the_same_in_the_ranking_as_on_its_own(
    world: Any, month: Month, period: tuple[date, date]
) -> None:
    start, end = period
    ranked = ranking(province=world.province, start=start, end=end)
    for code, rows in ((world.commune.code, ranked.communes), (world.centre.code, ranked.agencies)):
        own = indicators_report(target=target_get(code=code), start=start, end=end)
        row = next(r for r in rows if r.target.code == code)
        assert row.total == pytest.approx(own.total), code
        assert [i.numerator for g in row.groups for i in g.indicators] == [
            i.numerator for g in own.groups for i in g.indicators
        ], code
    if period != MARCH:
        return
    # The merged commune is not ranked: its dossiers count under Đèo Gia.
    assert month.merged_unit.code not in {r.target.code for r in ranked.communes}
    assert ranked.communes[0].total >= ranked.communes[-1].total
    assert world.centre.code in {r.target.code for r in ranked.agencies}
    assert world.other_commune.name in ranked.idle


def test_what_hurts_most_names_the_procedure_and_the_agency(world: Any, month: Month) -> None:
    report = indicators_report(
        target=target_get(code=world.commune.code), start=MARCH[0], end=MARCH[1]
    )
    found = hurts(report=report)
    texts = [h.text for h in found]
    assert any("decided late" in t and "1.000894" in t and world.centre.name in t for t in texts)
    assert all(a.points >= b.points for a, b in itertools.pairwise(found))
    late = next(h for h in found if h.drill == "decided_late")
    assert late.count == 2


@pytest.fixture
def leader_client(world: Any, settings: Any) -> Client:
    client = Client()
    client.force_login(world.province_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page(client: Client, code: str) -> Any:
    url = reverse("reporting:dashboard", args=[code])
    return client.get(url, {"from": "2026-03-01", "to": "2026-03-31"})


def test_the_dashboard_shows_the_figures_charts_and_ranking(
    world: Any, month: Month, leader_client: Client
) -> None:
    response = _page(leader_client, world.province.code)
    assert response.status_code == 200
    html = response.content.decode()
    report = indicators_report(
        target=target_get(code=world.province.code), start=MARCH[0], end=MARCH[1]
    )
    assert f'<strong id="total">{report.total:.1f}</strong>' in html
    assert html.count("<svg") == 2  # the monthly trend and the commune bars
    assert "Ranking of communes" in html and world.commune.name in html
    assert "What hurts the score most" in html and "decided late" in html
    drill = reverse("reporting:drill", args=[world.province.code, "decided_late"])
    assert drill in html
    listed = leader_client.get(drill, {"from": "2026-03-01", "to": "2026-03-31"})
    assert month.dossiers["late"].code in listed.content.decode()
    assert month.dossiers["early"].code not in listed.content.decode()


def test_the_dashboard_reads_a_bounded_number_of_queries(
    world: Any, month: Month, leader_client: Client
) -> None:
    with CaptureQueriesContext(connection) as few:
        assert _page(leader_client, world.province.code).status_code == 200
    # More communes, agencies and dossiers: the same number of queries.
    for n in range(3):
        unit = AdministrativeUnit.objects.create(
            code=f"0770{n}", name=f"Xã Mới {n}", level="commune", parent=world.province
        )
        agency = Agency.objects.create(
            code=f"000.4{n}.24.H24",
            name=f"UBND xã Mới {n}",
            kind="centre",
            unit=unit,
            is_one_stop=True,
        )
        officer = make_user(f"counter{n}", agency=agency, role=Role.COUNTER, full_name="Lê Văn B")
        for _ in range(2):
            receive(officer, at=vn(2026, 3, 4, 9, 0))
    with CaptureQueriesContext(connection) as more:
        assert _page(leader_client, world.province.code).status_code == 200
    assert len(more.captured_queries) == len(few.captured_queries) <= 60


def test_an_officer_cannot_open_another_communes_dashboard(world: Any, month: Month) -> None:
    client = Client()
    client.force_login(world.counter)
    assert client.get(reverse("reporting:dashboard", args=[world.commune.code])).status_code == 200
    assert _page(client, world.other_commune.code).status_code == 404
    drill = reverse("reporting:drill", args=[world.other_commune.code, "received"])
    assert client.get(drill).status_code == 404
    assert (
        client.get(reverse("reporting:drill", args=[world.commune.code, "nope"])).status_code == 404
    )


def test_a_bad_period_falls_back_with_the_reason(world: Any, leader_client: Client) -> None:
    url = reverse("reporting:dashboard", args=[world.province.code])
    response = leader_client.get(url, {"from": "2026-13-01", "to": "x"})
    assert response.status_code == 200
    assert "A date must be written YYYY-MM-DD." in response.content.decode()
    reversed_period = leader_client.get(url, {"from": "2026-04-01", "to": "2026-03-01"})
    assert "must start on or before its end" in reversed_period.content.decode()


def test_the_exports_hold_the_same_figures(world: Any, month: Month, leader_client: Client) -> None:
    params = {"from": "2026-03-01", "to": "2026-03-31"}
    code = world.commune.code
    xlsx = leader_client.get(reverse("reporting:export_xlsx", args=[code]), params)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    on_time = next(r for r in rows if r[1] == "Decided on time or early")
    assert on_time[2:6] == [3, 5, "60.0%", "100%"]
    assert any(str(r[1] or "").startswith("Total: ") for r in rows)

    response = leader_client.get(reverse("reporting:export_csv", args=[code]), params)
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    on_time_line = next(line for line in lines if line[1:2] == ["Decided on time or early"])
    assert on_time_line[2:6] == ["3", "5", "60.0%", "100%"]

"""Indicator numbers on a month of dossiers, read from the aggregates."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.reporting.indicators import Indicator, Report, indicators_report, target_get
from tests.dossiers.helpers import receive

from .conftest import MARCH, Month, vn

pytestmark = pytest.mark.django_db


def report_of(code: str) -> Report:
    return indicators_report(target=target_get(code=code), start=MARCH[0], end=MARCH[1])


def indicator(report: Report, key: str) -> Indicator:
    return next(i for g in report.groups for i in g.indicators if i.key == key)


def test_a_commune_counts_its_own_and_its_merged_units_dossiers(world: Any, month: Month) -> None:
    report = report_of(world.commune.code)

    on_time = indicator(report, "on_time_rate")
    assert (on_time.numerator, on_time.denominator, on_time.rate) == (3, 5, 0.6)
    assert (on_time.threshold, on_time.score) == (1.0, 0.6)
    assert indicator(report, "decided_repeat_supplement").numerator == 1
    online = indicator(report, "online_rate")
    assert (online.numerator, online.denominator, online.threshold) == (1, 9, 0.5)
    assert online.score == pytest.approx((1 / 9) / 0.5)
    late = indicator(report, "now_late")
    assert (late.numerator, late.denominator, late.score) == (2, 2, None)
    assert {d.code for d in report.now_late} == {
        month.dossiers["online"].code,
        month.dossiers["merged_open"].code,
    }
    groups = {g.key: g for g in report.groups}
    assert list(groups) == ["publicity", "progress", "online", "digitization", "satisfaction"]
    assert groups["progress"].total == pytest.approx(20 * 0.6)
    synced = indicator(report, "synced_rate")
    assert (synced.numerator, synced.denominator) == (2, 9)
    # Publicity: "procedures published" has no data, so the synced share carries the group.
    assert groups["publicity"].total == pytest.approx(18 * 2 / 9)
    e_result, digitized = indicator(report, "e_result_rate"), indicator(report, "digitization_rate")
    assert (e_result.numerator, e_result.denominator) == (2, 5)
    assert (digitized.numerator, digitized.denominator, digitized.score) == (1, 5, 0.25)
    population = indicator(report, "population_data")
    assert (population.numerator, population.denominator) == (9, 9)
    # Satisfaction: 100 % − (2 late + 1 rated "not satisfied") / 5 decided = 40 %.
    satisfaction = indicator(report, "satisfaction")
    assert (satisfaction.numerator, satisfaction.denominator) == (2, 5)
    assert satisfaction.score == pytest.approx(0.4 / 0.9)
    handling = indicator(report, "handling_time")
    assert handling.unit == "seconds" and handling.rate == pytest.approx(3600 * 459.5 / 5)
    assert report.total == pytest.approx(sum(g.total or 0 for g in report.groups))
    assert report.points_possible == report.points_measured == 100
    assert report.band == "Weak"


def test_without_data_a_rate_is_none_not_zero(world: Any, month: Month) -> None:
    report = report_of(world.commune.code)
    # The store could provide 8 items (six here, two at the merged commune): reused 0 %.
    reuse = indicator(report, "reuse_rate")
    assert (reuse.numerator, reuse.denominator, reuse.rate, reuse.score) == (0, 8, 0.0, 0.0)
    payment = indicator(report, "online_payment")
    assert (payment.numerator, payment.rate, payment.score) == (None, None, None)

    other = report_of(world.other_commune.code)
    assert indicator(other, "on_time_rate").rate is None
    assert indicator(other, "satisfaction").rate is None
    assert next(g for g in other.groups if g.key == "satisfaction").total is None


def test_an_agency_and_the_province_are_reports_too(world: Any, month: Month) -> None:
    centre = report_of(world.centre.code)
    assert indicator(centre, "online_rate").denominator == 7
    assert [d.code for d in centre.now_late] == [month.dossiers["online"].code]

    province = report_of(world.province.code)
    assert indicator(province, "online_rate").denominator == 9
    assert indicator(province, "on_time_rate").denominator == 5


def test_a_dossier_due_within_a_day_is_about_to_be_late(world: Any, month: Month) -> None:
    dossier = receive(world.counter)
    Dossier.objects.filter(pk=dossier.pk).update(due_at=timezone.now() + timedelta(hours=2))

    report = report_of(world.commune.code)

    soon = indicator(report, "due_soon")
    assert (soon.numerator, soon.denominator) == (1, 3)
    assert [(d.code, d.held_by) for d in report.due_soon] == [(dossier.code, world.centre.name)]
    assert indicator(report, "now_late").numerator == 2


def test_the_period_selects_the_days_of_the_events(world: Any, month: Month) -> None:
    target = target_get(code=world.commune.code)
    first_week = indicators_report(target=target, start=MARCH[0], end=MARCH[0].replace(day=7))
    # Received on Monday 2 March; the late one and the paused one were decided on the 9th.
    assert indicator(first_week, "online_rate").denominator == 9
    assert indicator(first_week, "on_time_rate").denominator == 3


def test_a_period_that_ends_before_it_starts_is_refused(world: Any) -> None:
    target = target_get(code=world.commune.code)
    with pytest.raises(DomainError, match="start on or before"):
        indicators_report(target=target, start=MARCH[1], end=MARCH[0])


def test_the_report_reads_a_bounded_number_of_queries(world: Any, month: Month) -> None:
    with CaptureQueriesContext(connection) as few:
        indicators_report(target=target_get(code=world.province.code), start=MARCH[0], end=MARCH[1])
    for _ in range(5):
        receive(world.counter, at=vn(2026, 3, 10, 9, 0))
    with CaptureQueriesContext(connection) as more:
        indicators_report(target=target_get(code=world.province.code), start=MARCH[0], end=MARCH[1])
    assert len(more.captured_queries) == len(few.captured_queries) <= 25
    assert not [q for q in few.captured_queries if "dossiers_statuschange" in q["sql"]]


def test_the_command_prints_the_same_numbers_as_a_table(world: Any, month: Month) -> None:
    out = StringIO()
    call_command(
        "indicators", "--unit", "07594", "--from", "2026-03-01", "--to", "2026-03-31", stdout=out
    )
    text = out.getvalue()
    assert "Xã Đèo Gia (07594)" in text
    on_time_line = next(line for line in text.splitlines() if "on time or early" in line)
    assert on_time_line.split()[-5:] == ["3", "5", "60.0%", "100.0%", "60.0%"]
    assert month.dossiers["merged_open"].code in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "07594", "--from", "2026-03-32", "--to", "2026-03-31"], "not a date"),
        (["--unit", "07594", "--from", "2026-04-01", "--to", "2026-03-31"], "start on or before"),
        (["--unit", "99999", "--from", "2026-03-01", "--to", "2026-03-31"], "No unit or agency"),
        (["--unit", "07594"], "Give --unit, --from and --to"),
    ],
)
def test_the_command_refuses_bad_input(world: Any, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("indicators", *args, stdout=StringIO())


def test_the_command_writes_the_report_to_xlsx_and_csv(
    world: Any, month: Month, tmp_path: Any
) -> None:
    xlsx, csv_file = tmp_path / "r.xlsx", tmp_path / "r.csv"
    call_command(
        "indicators",
        *("--unit", "07594", "--from", "2026-03-01", "--to", "2026-03-31"),
        *("--xlsx", str(xlsx), "--csv", str(csv_file)),
        stdout=StringIO(),
    )
    assert xlsx.read_bytes()[:2] == b"PK"
    assert "Decided on time or early,3,5,60.0%,100%" in csv_file.read_text(encoding="utf-8-sig")

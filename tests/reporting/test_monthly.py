"""Monthly aggregates: kept with the daily ones, and a period read from whole months plus
the days at each end gives exactly the daily rows' sums."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Q, Sum

from motcua.catalogue.models import Procedure
from motcua.reporting.dashboard import trend
from motcua.reporting.indicators import (
    ONLINE_LEVELS,
    counts_get,
    period_split,
    procedures_of,
    scope,
    target_get,
)
from motcua.reporting.models import COUNTERS, DailyCount, MonthlyCount
from motcua.reporting.services import (
    daily_counts_differences,
    daily_counts_rebuild,
    daily_counts_recompute,
    daily_counts_stored,
    monthly_totals,
)
from tests.dossiers.helpers import receive

from .conftest import decide, receive_online, vn

pytestmark = pytest.mark.django_db

# Periods that start or end mid-month, span whole months, or lie inside one month.
PERIODS = [
    (date(2026, 1, 1), date(2026, 4, 30)),  # whole months only
    (date(2026, 1, 15), date(2026, 4, 10)),  # partial months at both ends
    (date(2026, 2, 1), date(2026, 3, 31)),  # two whole months
    (date(2026, 2, 1), date(2026, 3, 20)),  # a whole month, then days
    (date(2026, 1, 20), date(2026, 2, 28)),  # days, then a whole month
    (date(2026, 3, 2), date(2026, 3, 30)),  # inside one month
    (date(2026, 1, 30), date(2026, 2, 3)),  # across one boundary, no whole month
    (date(2026, 3, 31), date(2026, 4, 1)),
    (date(2026, 3, 1), date(2026, 3, 1)),  # one day
]


@pytest.fixture
def months(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dossiers received and decided on either side of the month boundaries of 2026."""
    # Offered online, so "online procedures used" has something to count.
    Procedure.objects.filter(code="1.000894").update(online_level=Procedure.OnlineLevel.FULL)
    c = world.counter
    decide(world, receive(c, at=vn(2026, 1, 29, 9)), issued=vn(2026, 2, 3, 10), e_result=True)
    decide(world, receive(c, at=vn(2026, 1, 30, 15)), issued=vn(2026, 2, 2, 10), returned=False)
    online = receive_online(c, at=vn(2026, 2, 26, 9), monkeypatch=monkeypatch)
    decide(world, online, issued=vn(2026, 3, 3, 10))
    receive_online(c, at=vn(2026, 3, 31, 16), monkeypatch=monkeypatch)  # still open
    decide(world, receive(c, at=vn(2026, 3, 30, 9)), issued=vn(2026, 4, 1, 10))
    decide(world, receive(c, at=vn(2026, 3, 2, 9)), issued=vn(2026, 3, 31, 10))
    receive(c, at=vn(2026, 4, 6, 9))


def daily_only(target: Any, start: date, end: date) -> tuple[dict[str, int], int]:
    """The period's sums and online procedures used, from the daily rows alone."""
    rows = DailyCount.objects.filter(scope(target), day__gte=start, day__lte=end)
    sums = rows.aggregate(**{c: Sum(c) for c in COUNTERS})
    online = procedures_of(target).filter(online_level__in=ONLINE_LEVELS)
    used = (
        rows.filter(received_online__gt=0, procedure__in=online)
        .values("procedure")
        .distinct()
        .count()
    )
    return {c: sums[c] or 0 for c in COUNTERS}, used


def test_monthly_rows_are_the_sums_of_the_daily_rows(months: None) -> None:
    stored = daily_counts_stored()
    daily = {k: v for k, v in stored.items() if not k.monthly}
    monthly = {k: v for k, v in stored.items() if k.monthly}
    assert {k.day.month for k in monthly} == {1, 2, 3, 4}
    assert monthly == monthly_totals(daily)
    assert daily_counts_differences(stored, daily_counts_recompute()) == []


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_a_period_reads_the_same_sums_as_the_daily_rows(
    world: Any, months: None, start: date, end: date
) -> None:
    for code in (world.province.code, world.commune.code, world.centre.code):
        target = target_get(code=code)
        counts = counts_get(target=target, start=start, end=end)
        sums, used = daily_only(target, start, end)
        assert counts.sums == sums, (code, start, end)
        assert counts.procedures_online_used == used, (code, start, end)
    if (start, end) == PERIODS[0]:
        assert sums["received"] == 7 and sums["received_online"] == 2
        assert used == 1


@pytest.mark.parametrize("end", [date(2026, 3, 31), date(2026, 4, 10), date(2026, 2, 1)])
def test_the_trend_reads_the_same_months_as_the_daily_rows(
    world: Any, months: None, end: date
) -> None:
    target = target_get(code=world.commune.code)
    points = trend(target=target, end=end, months=4)
    assert [p.month for p in points][-1] == end.replace(day=1)
    for point in points:
        last = min(end, (point.month + timedelta(days=31)).replace(day=1) - timedelta(days=1))
        sums, _used = daily_only(target, point.month, last)
        decided = sums["decided_early"] + sums["decided_on_time"] + sums["decided_late"]
        assert (point.received, point.online) == (sums["received"], sums["received_online"])
        assert (point.decided, point.on_time) == (
            decided,
            sums["decided_early"] + sums["decided_on_time"],
        )
    assert sum(p.received for p in trend(target=target, end=date(2026, 4, 30), months=4)) == 7


def test_the_split_covers_every_day_once() -> None:
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(140)]
    for start, end in PERIODS:
        split = period_split(start, end)
        for day in days:
            in_months = (
                split.months is not None
                and split.months[0] <= day.replace(day=1) <= split.months[1]
            )
            in_days = split.days is not None and _matches(split.days, day)
            assert int(in_months) + int(in_days) == int(start <= day <= end), (start, end, day)


def _matches(where: Q, day: date) -> bool:
    """Whether a Q of ``day__gte``/``day__lt``/``day__lte`` terms (ORed ranges) holds."""
    if where.connector == "OR":
        return any(_matches(child, day) for child in where.children)  # type: ignore[arg-type]
    ops = {"day__gte": day.__ge__, "day__lt": day.__lt__, "day__lte": day.__le__}
    return all(
        _matches(child, day) if isinstance(child, Q) else ops[child[0]](child[1])
        for child in where.children
    )


def test_a_tampered_monthly_row_is_found_and_rebuilt(world: Any, months: None) -> None:
    MonthlyCount.objects.filter(month=date(2026, 2, 1), received__gt=0).update(
        received=F("received") + 1
    )
    out = StringIO()
    with pytest.raises(CommandError, match="in 1 counters"):
        call_command("indicators", "rebuild", "--check", stdout=out)
    assert "2026-02 " in out.getvalue()
    assert "received: stored" in out.getvalue()

    daily_counts_rebuild()
    assert daily_counts_differences(daily_counts_stored(), daily_counts_recompute()) == []
    assert (
        MonthlyCount.objects.filter(month=date(2026, 2, 1)).aggregate(n=Sum("received"))["n"]
        == DailyCount.objects.filter(day__month=2).aggregate(n=Sum("received"))["n"]
    )

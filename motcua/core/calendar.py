"""The working-day calendar as the province configures it.

Public holidays come from the ``holidays`` package (Labour Code 2019 art. 112
and the civil-service days off it knows); administrators add the exceptions
the government announces each year (CalendarException). Office hours are per
one-stop unit and passed in by the caller, so this module needs no unit model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache

import holidays

from motcua.core.lib.workcalendar import DEFAULT_HOURS, Interval, WorkCalendar, parse_hours
from motcua.core.models import CalendarException


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def hours_from_spec(
    spec: Mapping[str, Iterable[Iterable[str]]] | None,
) -> dict[int, tuple[Interval, ...]]:
    """``{"0": [["07:30","11:30"], ...], ...}`` (weekday 0 = Monday) to office hours."""
    if not spec:
        return dict(DEFAULT_HOURS)
    return {int(day): parse_hours(pairs) for day, pairs in spec.items() if pairs}


def calendar_for(
    hours_spec: Mapping[str, Iterable[Iterable[str]]] | None = None,
    years: Iterable[int] | None = None,
) -> WorkCalendar:
    """A calendar with holidays and exceptions of ``years`` (default: last, this and next 2)."""
    from django.utils import timezone

    if years is None:
        now = timezone.localdate().year
        years = range(now - 2, now + 3)
    years = sorted(set(years))
    off: set[date] = set()
    for year in years:
        off |= _public_holidays(year)
    worked: set[date] = set()
    rows = CalendarException.objects.filter(date__year__gte=years[0], date__year__lte=years[-1])
    for row in rows.values_list("date", "kind"):
        if row[1] == CalendarException.Kind.WORKING_DAY:
            worked.add(row[0])
            off.discard(row[0])
        else:
            off.add(row[0])
    hours = hours_from_spec(hours_spec)
    weekday_hours = hours.get(0) or DEFAULT_HOURS[0]
    return WorkCalendar(
        hours=hours,
        days_off=frozenset(off),
        days_worked=frozenset(worked),
        swap_hours=weekday_hours,
    )

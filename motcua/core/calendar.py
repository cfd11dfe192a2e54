"""The working-day calendar as the province configures it.

Public holidays come from the ``holidays`` package (Labour Code 2019 art. 112
and the civil-service days off it knows); administrators add the exceptions
the government announces each year (CalendarException). Office hours are per
one-stop unit and passed in by the caller, so this module needs no unit model.

The exception rows are read once and kept in Django's cache; saving or
deleting one through the ORM forgets them (``motcua.core.signals``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache

import holidays
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from motcua.core.lib.workcalendar import (
    DEFAULT_HOURS,
    VN_TZ,
    Interval,
    WorkCalendar,
    parse_hours,
)
from motcua.core.models import CalendarException

logger = logging.getLogger(__name__)

EXCEPTIONS_CACHE_KEY = "motcua.core.calendar-exceptions"
# Bump when the cached value changes shape: a shared cache (Redis) may still
# hold the previous release's value during a deploy.
EXCEPTIONS_CACHE_VERSION = 1
# Signals reach only this process's cache; with the per-process default cache
# another worker sees an administrator's change within this many seconds.
EXCEPTIONS_CACHE_SECONDS = 300

_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")

ExceptionRows = tuple[tuple[date, str], ...]


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def _weekday(key: object) -> int:
    text = str(key).strip()
    if text not in {str(day) for day in range(7)}:
        raise ValueError(
            _("“%(key)s” is not a weekday: use 0 (Monday) to 6 (Sunday).") % {"key": key}
        )
    return int(text)


def _intervals(day: int, pairs: object) -> tuple[Interval, ...]:
    """One weekday's intervals; the message names the day and what is wrong."""
    name = WEEKDAYS[day]
    if not isinstance(pairs, list | tuple):
        raise ValueError(
            _('%(day)s: give a list of intervals like [["07:30", "11:30"]].') % {"day": name}
        )
    for pair in pairs:
        if not (
            isinstance(pair, list | tuple)
            and len(pair) == 2
            and all(isinstance(part, str) and _CLOCK.fullmatch(part) for part in pair)
        ):
            raise ValueError(
                _('%(day)s: %(pair)s is not an interval like ["07:30", "11:30"].')
                % {"day": name, "pair": pair}
            )
        if pair[1] <= pair[0]:
            raise ValueError(
                _("%(day)s: the interval %(begin)s–%(end)s ends before it begins.")
                % {"day": name, "begin": pair[0], "end": pair[1]}
            )
    try:
        return parse_hours(pairs)
    except ValueError:
        # Pairs are well formed and in order by now: what is left is an overlap.
        raise ValueError(_("%(day)s: office intervals overlap.") % {"day": name}) from None


def hours_from_spec(spec: object) -> dict[int, tuple[Interval, ...]]:
    """``{"0": [["07:30","11:30"], ...], ...}`` (weekday 0 = Monday) to office hours.

    ``None`` or ``{}`` means the default hours. Anything else that is not such
    a mapping raises TypeError or ValueError with a message for the
    administrator who typed it.
    """
    if spec is None or (isinstance(spec, Mapping) and not spec):
        return dict(DEFAULT_HOURS)
    if not isinstance(spec, Mapping):
        raise TypeError(
            _(
                "Office hours must map weekdays (0 = Monday … 6 = Sunday) to intervals, e.g. "
                '{"0": [["07:30", "11:30"], ["13:00", "17:00"]]}.'
            )
        )
    hours: dict[int, tuple[Interval, ...]] = {}
    for key, pairs in spec.items():
        day = _weekday(key)
        if pairs:
            hours[day] = _intervals(day, pairs)
    if not hours:
        # A unit that never opens would have no due date at all.
        raise ValueError(_("Office hours must open on at least one weekday."))
    return hours


def _hours_or_default(spec: object) -> dict[int, tuple[Interval, ...]]:
    try:
        return hours_from_spec(spec)
    except (TypeError, ValueError) as error:
        # Agency.clean() refuses such a spec, but a script can still store one;
        # one bad row must not break every page of its agency.
        logger.warning("Invalid office hours, using the default hours instead: %s", error)
        return dict(DEFAULT_HOURS)


def forget_exceptions() -> None:
    """Drop the cached exception rows; the next calendar reads them again."""
    cache.delete(EXCEPTIONS_CACHE_KEY, version=EXCEPTIONS_CACHE_VERSION)


def _uncommitted_exception_change() -> bool:
    # A change made in the current, uncommitted transaction: reading it into
    # the shared cache would leave it there if the transaction rolled back.
    # Django drops the pending on_commit callbacks of a rolled-back block, so a
    # pending forget_exceptions is exactly "an exception changed, not yet committed".
    return any(
        entry[1] is forget_exceptions for entry in transaction.get_connection().run_on_commit
    )


def _exception_rows() -> ExceptionRows:
    if _uncommitted_exception_change():
        return tuple(CalendarException.objects.values_list("date", "kind"))
    rows: ExceptionRows | None = cache.get(EXCEPTIONS_CACHE_KEY, version=EXCEPTIONS_CACHE_VERSION)
    if rows is None:
        rows = tuple(CalendarException.objects.values_list("date", "kind"))
        cache.set(
            EXCEPTIONS_CACHE_KEY,
            rows,
            timeout=EXCEPTIONS_CACHE_SECONDS,
            version=EXCEPTIONS_CACHE_VERSION,
        )
    return rows


def _years(years: Iterable[int] | None, around: datetime | date | None) -> list[int]:
    if years is not None and around is not None:
        raise TypeError("calendar_for() takes years or around, not both")
    if years is not None:
        return sorted(set(years))
    if around is None:
        now = timezone.localdate().year
        return list(range(now - 2, now + 3))
    if isinstance(around, datetime) and around.tzinfo is not None:
        around = around.astimezone(VN_TZ)
    return list(range(around.year - 1, around.year + 3))


def calendar_for(
    hours_spec: object = None,
    years: Iterable[int] | None = None,
    *,
    around: datetime | date | None = None,
) -> WorkCalendar:
    """A calendar with the holidays and exceptions of some years.

    ``years`` names them; ``around`` asks for the year before that moment's
    (Vietnam time) to two years after it, enough for a dossier received then;
    neither: the last two, this and the next two years. Office hours that are
    not valid are logged and replaced by the default hours.
    """
    wanted = _years(years, around)
    off: set[date] = set()
    for year in wanted:
        off |= _public_holidays(year)
    worked: set[date] = set()
    for day, kind in _exception_rows():
        if not wanted[0] <= day.year <= wanted[-1]:
            continue
        if kind == CalendarException.Kind.WORKING_DAY:
            worked.add(day)
            off.discard(day)
        else:
            off.add(day)
    hours = _hours_or_default(hours_spec)
    weekday_hours = hours.get(0) or DEFAULT_HOURS[0]
    return WorkCalendar(
        hours=hours,
        days_off=frozenset(off),
        days_worked=frozenset(worked),
        swap_hours=weekday_hours,
    )

"""The calendar's exception rows: read once, forgotten when one is saved or deleted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction

from motcua.core.calendar import calendar_for, forget_exceptions
from motcua.core.models import CalendarException

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 9)
SWAPPED_SATURDAY = date(2026, 8, 22)  # seeded by migration 0002 as a working day


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    forget_exceptions()
    yield
    forget_exceptions()


def test_a_second_calendar_makes_no_query(django_assert_num_queries) -> None:
    calendar_for(None, years=[2026])
    with django_assert_num_queries(0):
        calendar = calendar_for(None, years=[2026])
    assert calendar.is_working_day(SWAPPED_SATURDAY)


def test_an_exception_saved_is_seen_by_the_next_calendar() -> None:
    assert calendar_for(None, years=[2026]).is_working_day(MONDAY)
    CalendarException(date=MONDAY, kind=CalendarException.Kind.DAY_OFF).save()
    assert not calendar_for(None, years=[2026]).is_working_day(MONDAY)


def test_an_exception_deleted_is_forgotten_by_the_next_calendar() -> None:
    assert calendar_for(None, years=[2026]).is_working_day(SWAPPED_SATURDAY)
    CalendarException.objects.get(date=SWAPPED_SATURDAY).delete()
    assert not calendar_for(None, years=[2026]).is_working_day(SWAPPED_SATURDAY)


@pytest.mark.django_db(transaction=True)
def test_once_committed_the_new_rows_are_cached_again(django_assert_num_queries) -> None:
    # A real commit: until then the transaction reads its change past the cache.
    calendar_for(None, years=[2026])
    CalendarException.objects.create(date=MONDAY, kind=CalendarException.Kind.DAY_OFF)
    with django_assert_num_queries(1):
        assert not calendar_for(None, years=[2026]).is_working_day(MONDAY)
    with django_assert_num_queries(0):
        assert not calendar_for(None, years=[2026]).is_working_day(MONDAY)


def test_a_rolled_back_exception_does_not_stay_in_the_cache() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarException.objects.create(date=MONDAY, kind=CalendarException.Kind.DAY_OFF)
        assert not calendar_for(None, years=[2026]).is_working_day(MONDAY)
        raise RuntimeError("roll back")
    assert calendar_for(None, years=[2026]).is_working_day(MONDAY)


def test_around_a_2023_receipt_includes_tet_2023() -> None:
    tet = {date(2023, 1, 22) + timedelta(days=n) for n in range(3)}
    assert tet <= calendar_for(None, around=date(2023, 1, 1)).days_off


def test_around_reads_the_year_in_vietnam_time() -> None:
    # 18:00 UTC on 31 Dec 2024 is already 2025 in Vietnam: 2024 to 2027 are loaded.
    days_off = calendar_for(None, around=datetime(2024, 12, 31, 18, tzinfo=UTC)).days_off
    assert date(2027, 9, 2) in days_off  # National Day
    assert date(2023, 9, 2) not in days_off


def test_years_and_around_cannot_be_combined() -> None:
    with pytest.raises(TypeError):
        calendar_for(None, years=[2026], around=date(2026, 1, 1))

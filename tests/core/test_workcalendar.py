"""Working-day arithmetic: the dense rules behind every due date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from motcua.core.calendar import calendar_for
from motcua.core.lib.workcalendar import VN_TZ, WorkCalendar, parse_hours
from motcua.core.models import CalendarException

PLAIN = WorkCalendar()  # Monday–Friday 07:30–11:30, 13:00–17:00, no holidays
CUTOFF = time(15, 0)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


@pytest.fixture
def cal_2026(db: None) -> WorkCalendar:
    """The real 2026 calendar: `holidays` plus the exceptions seeded by migration."""
    return calendar_for(None, years=[2026, 2027])


# Received time → when the clock starts


@pytest.mark.parametrize(
    ("received", "starts"),
    [
        ("2026-03-02T10:00", "2026-03-02T10:00"),  # inside office hours: at once
        ("2026-03-02T06:45", "2026-03-02T07:30"),  # before opening: that day's opening
        ("2026-03-02T12:10", "2026-03-02T13:00"),  # lunch break: the afternoon opening
        ("2026-03-02T11:30", "2026-03-02T13:00"),  # morning closing time is already lunch
        ("2026-03-02T17:00", "2026-03-03T07:30"),  # at closing: next working day
        ("2026-03-02T19:30", "2026-03-03T07:30"),  # after closing: next working day
        ("2026-03-06T18:00", "2026-03-09T07:30"),  # Friday evening: Monday
        ("2026-03-07T09:00", "2026-03-09T07:30"),  # Saturday: Monday
        ("2026-03-08T09:00", "2026-03-09T07:30"),  # Sunday: Monday
    ],
)
def test_received_outside_office_hours_counts_from_next_opening(received: str, starts: str) -> None:
    assert PLAIN.effective_start(at(received)) == at(starts)


def test_received_on_a_holiday_counts_from_the_next_working_day(cal_2026: WorkCalendar) -> None:
    # 30 April and 1 May 2026 are Thursday and Friday.
    assert cal_2026.effective_start(at("2026-04-30T09:00")) == at("2026-05-04T07:30")


def test_received_during_tet_counts_from_the_first_day_after_it(cal_2026: WorkCalendar) -> None:
    assert cal_2026.effective_start(at("2026-02-18T09:00")) == at("2026-02-23T07:30")


def test_received_after_the_cutoff_counts_from_the_next_working_day() -> None:
    assert PLAIN.effective_start(at("2026-03-03T15:30"), CUTOFF) == at("2026-03-04T07:30")
    assert PLAIN.effective_start(at("2026-03-03T15:00"), CUTOFF) == at("2026-03-04T07:30")


def test_received_before_the_cutoff_counts_the_same_day() -> None:
    assert PLAIN.effective_start(at("2026-03-03T14:59"), CUTOFF) == at("2026-03-03T14:59")


def test_cutoff_on_friday_moves_the_start_past_the_weekend() -> None:
    assert PLAIN.effective_start(at("2026-03-06T16:00"), CUTOFF) == at("2026-03-09T07:30")


def test_aware_datetime_in_another_zone_is_read_in_vietnam_time() -> None:
    # 23:00 UTC on Sunday is 06:00 on Monday in Vietnam.
    assert PLAIN.effective_start(datetime(2026, 3, 1, 23, 0, tzinfo=UTC)) == at("2026-03-02T07:30")


# Working days


def test_three_working_days_across_tet_end_on_the_25th(cal_2026: WorkCalendar) -> None:
    # Civil servants are off 14–22 Feb 2026; Friday 13 Feb + 3 working days.
    start = cal_2026.effective_start(at("2026-02-13T10:00"))
    assert cal_2026.add_working_days(start, 3) == at("2026-02-25T10:00")


def test_working_days_keep_the_clock_time_and_skip_weekends() -> None:
    assert PLAIN.add_working_days(at("2026-03-05T14:20"), 2) == at("2026-03-09T14:20")


def test_zero_working_days_is_the_start_itself() -> None:
    assert PLAIN.add_working_days(at("2026-03-05T14:20"), 0) == at("2026-03-05T14:20")


def test_migration_seeds_the_2026_swap(db: None) -> None:
    kinds = dict(CalendarException.objects.values_list("date", "kind"))
    assert kinds[date(2026, 8, 22)] == CalendarException.Kind.WORKING_DAY
    assert kinds[date(2026, 8, 31)] == CalendarException.Kind.DAY_OFF


def test_swapped_saturday_is_a_working_day_and_the_monday_is_not(
    cal_2026: WorkCalendar,
) -> None:
    assert cal_2026.is_working_day(date(2026, 8, 22))
    assert not cal_2026.is_working_day(date(2026, 8, 29))  # an ordinary Saturday
    assert not cal_2026.is_working_day(date(2026, 8, 31))


def test_friday_plus_one_working_day_lands_on_the_swapped_saturday(
    cal_2026: WorkCalendar,
) -> None:
    assert cal_2026.add_working_days(at("2026-08-21T10:00"), 1) == at("2026-08-22T10:00")


def test_swapped_monday_and_national_day_are_skipped(cal_2026: WorkCalendar) -> None:
    # Fri 28 Aug + 1: Mon 31 Aug swapped off, 1–2 Sep National Day → Thu 3 Sep.
    assert cal_2026.add_working_days(at("2026-08-28T10:00"), 1) == at("2026-09-03T10:00")


def test_administrator_exception_changes_the_calendar(cal_2026: WorkCalendar) -> None:
    CalendarException.objects.create(date=date(2026, 3, 9), kind=CalendarException.Kind.DAY_OFF)
    assert cal_2026.is_working_day(date(2026, 3, 9))  # built before the change
    assert not calendar_for(None, years=[2026]).is_working_day(date(2026, 3, 9))


def test_swapped_saturday_is_worked_full_day_where_saturday_is_half_day() -> None:
    hours = dict(PLAIN.hours)
    hours[5] = ((time(7, 30), time(11, 30)),)  # a commune open Saturday mornings
    saturday = date(2026, 8, 22)
    swapped = WorkCalendar(hours=hours, days_worked=frozenset({saturday}))
    assert swapped.intervals(saturday) == PLAIN.hours[0]
    assert WorkCalendar(hours=hours).intervals(saturday) == hours[5]


# Working hours


def test_working_hours_skip_the_lunch_break() -> None:
    assert PLAIN.add_working_minutes(at("2026-03-02T10:30"), 120) == at("2026-03-02T14:00")


def test_working_hours_continue_next_working_day() -> None:
    assert PLAIN.add_working_minutes(at("2026-03-02T16:00"), 180) == at("2026-03-03T09:30")


def test_working_hours_continue_after_the_weekend() -> None:
    assert PLAIN.add_working_minutes(at("2026-03-06T16:30"), 60) == at("2026-03-09T08:00")


def test_working_hours_received_after_closing_start_at_next_opening() -> None:
    assert PLAIN.add_working_minutes(at("2026-03-02T18:00"), 60) == at("2026-03-03T08:30")


def test_a_limit_ending_at_closing_time_is_due_at_closing_time() -> None:
    assert PLAIN.add_working_minutes(at("2026-03-02T10:30"), 60) == at("2026-03-02T11:30")


def test_working_minutes_between_across_a_weekend() -> None:
    # Friday 16:00–17:00, then Monday 07:30–09:30.
    assert PLAIN.working_minutes_between(at("2026-03-06T16:00"), at("2026-03-09T09:30")) == 180


def test_working_minutes_between_excludes_lunch() -> None:
    assert PLAIN.working_minutes_between(at("2026-03-02T11:00"), at("2026-03-02T13:30")) == 60


def test_working_minutes_between_reversed_bounds_is_zero() -> None:
    assert PLAIN.working_minutes_between(at("2026-03-02T13:30"), at("2026-03-02T11:00")) == 0


def test_working_minutes_between_inverts_add_working_minutes() -> None:
    start = at("2026-03-05T09:10")
    assert PLAIN.working_minutes_between(start, PLAIN.add_working_minutes(start, 1000)) == 1000


# Office hours specs


def test_parse_hours_sorts_intervals() -> None:
    assert parse_hours([["13:00", "17:00"], ["07:30", "11:30"]]) == PLAIN.hours[0]


@pytest.mark.parametrize(
    "spec",
    [
        [["11:30", "07:30"]],  # ends before it begins
        [["08:00", "08:00"]],  # empty
        [["07:30", "12:00"], ["11:00", "17:00"]],  # overlapping
        [["7h30", "11:30"]],  # not a clock time
        [["07:30"]],  # half an interval
    ],
)
def test_parse_hours_rejects_bad_intervals(spec: list[list[str]]) -> None:
    with pytest.raises(ValueError):
        parse_hours(spec)

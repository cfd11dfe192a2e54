"""Working-day arithmetic for one-stop units, free of Django.

One implementation of the rule used everywhere (issue 2):
- a dossier received outside office hours, on a non-working day or after the
  procedure's cut-off hour counts as received at the next opening
  (before opening: that day's opening; in the lunch break: the afternoon
  opening; after closing or after the cut-off: the next working day's opening);
- a limit of N working days ends at the same clock time N working days later;
- a limit of N working hours is counted inside office intervals only;
- time spent waiting for the citizen (supplement) is measured in working
  minutes and added back to the due time.

All datetimes are timezone-aware; arithmetic is done in Vietnam time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

Interval = tuple[time, time]

DEFAULT_HOURS: dict[int, tuple[Interval, ...]] = {
    weekday: ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0))) for weekday in range(5)
}


@dataclass(frozen=True)
class WorkCalendar:
    """Office hours per weekday (0 = Monday) and the dates that override them.

    ``days_off`` are public holidays and extra days off; ``days_worked`` are
    swapped days (usually Saturdays) worked with the hours of ``swap_hours``.
    """

    hours: dict[int, tuple[Interval, ...]] = field(default_factory=lambda: dict(DEFAULT_HOURS))
    days_off: frozenset[date] = frozenset()
    days_worked: frozenset[date] = frozenset()
    swap_hours: tuple[Interval, ...] = DEFAULT_HOURS[0]

    def intervals(self, day: date) -> tuple[Interval, ...]:
        if day in self.days_worked:
            # A swapped day stands in for a full weekday off, even at a unit
            # that opens Saturday mornings only.
            return self.swap_hours
        if day in self.days_off:
            return ()
        return self.hours.get(day.weekday(), ())

    def is_working_day(self, day: date) -> bool:
        return bool(self.intervals(day))

    def next_working_day(self, day: date) -> date:
        candidate = day + timedelta(days=1)
        for _ in range(3660):  # ten years without a working day is a data error
            if self.is_working_day(candidate):
                return candidate
            candidate += timedelta(days=1)
        raise ValueError("the calendar has no working day in the next ten years")

    def opening(self, day: date) -> datetime:
        return datetime.combine(day, self.intervals(day)[0][0], VN_TZ)

    def effective_start(self, received: datetime, cutoff: time | None = None) -> datetime:
        """When the clock starts for a dossier received at ``received``.

        Kept to the minute, as the receipt slip prints it: the due time shown to
        the citizen and the one stored are then the same.
        """
        local = received.astimezone(VN_TZ).replace(second=0, microsecond=0)
        day, clock = local.date(), local.time()
        if self.is_working_day(day) and (cutoff is None or clock < cutoff):
            for start, end in self.intervals(day):
                if clock < start:
                    return datetime.combine(day, start, VN_TZ)
                if clock < end:
                    return local
        return self.opening(self.next_working_day(day))

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The same clock time ``days`` working days after ``start``."""
        local = start.astimezone(VN_TZ)
        day = local.date()
        for _ in range(days):
            day = self.next_working_day(day)
        return datetime.combine(day, local.time(), VN_TZ)

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """Move forward ``minutes`` of office time from ``start``."""
        current = self.effective_start(start)
        remaining = minutes
        while True:
            for begin, end in self.intervals(current.date()):
                lo = max(current, datetime.combine(current.date(), begin, VN_TZ))
                hi = datetime.combine(current.date(), end, VN_TZ)
                if lo >= hi:
                    continue
                available = int((hi - lo).total_seconds() // 60)
                if remaining <= available:
                    return lo + timedelta(minutes=remaining)
                remaining -= available
            current = self.opening(self.next_working_day(current.date()))

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        """Office minutes in [start, end); zero if end is not after start."""
        if end <= start:
            return 0
        lo_all, hi_all = start.astimezone(VN_TZ), end.astimezone(VN_TZ)
        total = 0.0
        day = lo_all.date()
        while day <= hi_all.date():
            for begin, finish in self.intervals(day):
                lo = max(lo_all, datetime.combine(day, begin, VN_TZ))
                hi = min(hi_all, datetime.combine(day, finish, VN_TZ))
                if hi > lo:
                    total += (hi - lo).total_seconds() / 60
            day += timedelta(days=1)
        return int(total)


def parse_hours(spec: Iterable[Iterable[str]]) -> tuple[Interval, ...]:
    """Parse ``[["07:30", "11:30"], ["13:00", "17:00"]]`` into ordered intervals."""
    intervals: list[Interval] = []
    for pair in spec:
        begin, end = (time.fromisoformat(part) for part in pair)
        if end <= begin:
            raise ValueError(f"office interval {begin}–{end} ends before it begins")
        intervals.append((begin, end))
    intervals.sort()
    for (_, end), (begin, _) in pairwise(intervals):
        if begin < end:
            raise ValueError("office intervals overlap")
    return tuple(intervals)

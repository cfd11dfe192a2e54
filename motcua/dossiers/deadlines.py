"""Due times and timeliness: one implementation, used by intake, transitions and reports.

- The clock starts at the effective receipt (``WorkCalendar.effective_start``,
  with the procedure's cut-off hour).
- The legal limit is added in working days (same clock time N working days
  later), working hours, or "same day" (the close of that working day).
- Waiting for the citizen's supplement is not counted (Decree 118/2025): the
  office minutes between the request and the supplement are added back.
- Decision 766: finished at or before the due time is on time; a dossier with
  more than one supplement request counts as late (motcua refuses a second
  request, but histories synced from other systems may hold one). An
  apology's new date does not move the legal due time: an apologised dossier
  that finishes after the legal due time is late.
- The limit is the one recorded on the dossier at intake, and the calendar
  covers the years around the receipt, so a later edit of the catalogue or
  the passing of years does not move a date already promised.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Protocol

from motcua.catalogue.models import Procedure
from motcua.core.calendar import calendar_for
from motcua.core.lib.workcalendar import WorkCalendar
from motcua.dossiers.models import Verdict

LimitUnit = Procedure.LimitUnit


@dataclass(frozen=True)
class Limit:
    amount: int
    unit: LimitUnit
    cutoff: time | None = None

    def due_from(self, calendar: WorkCalendar, start: datetime) -> datetime:
        if self.unit == LimitUnit.WORKING_HOURS:
            return calendar.add_working_minutes(start, 60 * self.amount)
        if self.unit == LimitUnit.SAME_DAY or self.amount == 0:
            day = start.date()
            return datetime.combine(day, calendar.intervals(day)[-1][1], start.tzinfo)
        return calendar.add_working_days(start, self.amount)


# Actions that end a dossier without a result; such a dossier is not judged on time.
CLOSING_ACTIONS = frozenset({"refuse", "stop", "withdraw"})


class HasLimit(Protocol):
    time_limit: int
    time_limit_unit: str
    cutoff_hour: time | None


def limit_of(source: HasLimit) -> Limit:
    """The limit of a procedure (at intake) or of a dossier (as recorded at intake)."""
    return Limit(source.time_limit, LimitUnit(source.time_limit_unit), source.cutoff_hour)


class HistoryRow(Protocol):
    action: str
    at: datetime


@dataclass(frozen=True)
class Timeliness:
    counted_from: datetime
    due_at: datetime
    paused_minutes: int
    supplement_requests: int
    finished_at: datetime | None
    verdict: Verdict | None  # None while open and not yet late

    @property
    def is_late(self) -> bool:
        return self.verdict == Verdict.LATE


def calendar_for_agency(agency: object, *, around: datetime | None = None) -> WorkCalendar:
    """The agency's office hours over the years around ``around`` (default: now)."""
    return calendar_for(getattr(agency, "office_hours", None), around=around)


def verdict_at(at: datetime, due: datetime) -> Verdict:
    """Early: finished on a day before the due day; on time: by the due time; else late."""
    if at > due:
        return Verdict.LATE
    if at.date() < due.date():
        return Verdict.EARLY
    return Verdict.ON_TIME


def supplement_pauses(
    history: Iterable[HistoryRow], now: datetime
) -> list[tuple[datetime, datetime]]:
    """(requested, resumed) pairs; a request still waiting is paused until ``now``."""
    pauses: list[tuple[datetime, datetime]] = []
    opened: datetime | None = None
    for row in history:
        if row.action == "request_supplement":
            opened = row.at
        elif row.action == "supplement" and opened is not None:
            pauses.append((opened, row.at))
            opened = None
    if opened is not None:
        pauses.append((opened, now))
    return pauses


def timeliness(
    *,
    received_at: datetime,
    limit: Limit,
    history: Iterable[HistoryRow],
    calendar: WorkCalendar,
    now: datetime,
) -> Timeliness:
    """Compute the due time and the verdict of one dossier from its history."""
    rows = sorted(history, key=lambda r: r.at)
    closed = next((r.at for r in rows if r.action in CLOSING_ACTIONS), None)
    if closed is not None:
        now = min(now, closed)
    counted_from = calendar.effective_start(received_at, limit.cutoff)
    base_due = limit.due_from(calendar, counted_from)
    # A supplement asked before the clock started (received after the cut-off)
    # pauses nothing until the clock would have started.
    paused = sum(
        calendar.working_minutes_between(max(a, counted_from), b)
        for a, b in supplement_pauses(rows, now)
    )
    due = calendar.add_working_minutes(base_due, paused) if paused else base_due
    requests = sum(1 for r in rows if r.action == "request_supplement")
    finished = next((r.at for r in rows if r.action == "issue"), None)
    verdict: Verdict | None
    if finished is not None:
        verdict = verdict_at(finished, due)
    elif closed is not None:
        verdict = None  # refused, stopped or withdrawn: not judged on time
    else:
        verdict = Verdict.LATE if now > due else None
    if requests > 1 and closed is None:
        verdict = Verdict.LATE
    return Timeliness(counted_from, due, paused, requests, finished, verdict)

"""``motcua due``: when is a dossier received at a given time due?

It lives in ``units`` rather than ``core`` because ``--unit`` reads an
agency's office hours, and ``core`` never imports ``units``.
"""

from __future__ import annotations

import argparse
from datetime import datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.core.calendar import calendar_for, hours_from_spec
from motcua.core.errors import NotFound
from motcua.core.lib.workcalendar import VN_TZ, WorkCalendar
from motcua.dossiers.deadlines import Limit, LimitUnit
from motcua.units.selectors import agency_get

OUTPUT_FORMAT = "%Y-%m-%dT%H:%M"
# A year has over 200 working days, and over 200 working hours at a unit open
# at least an hour a working day: one more calendar year per 200 units of the
# limit loads every holiday the limit can reach.
_UNITS_PER_EXTRA_YEAR = 200


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is not a date and time like 2026-02-13T10:00.") % {"value": value}
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def _clock(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is not a clock time like 15:00.") % {"value": value}
        ) from None


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is not a whole number of zero or more.") % {"value": value}
        )
    return int(value)


def _calendar(unit_code: str | None, received: datetime, amount: int) -> WorkCalendar:
    hours_spec = None
    if unit_code:
        try:
            hours_spec = agency_get(code=unit_code).office_hours
        except NotFound as error:
            raise CommandError(error.message) from None
        try:
            # calendar_for() would fall back to the default hours; say so instead.
            hours_from_spec(hours_spec)
        except (ValueError, TypeError) as error:
            raise CommandError(
                _("The office hours of agency %(code)s are not valid: %(error)s")
                % {"code": unit_code, "error": error}
            ) from None
    first = received.astimezone(VN_TZ).year
    years = range(first, first + 2 + amount // _UNITS_PER_EXTRA_YEAR)
    return calendar_for(hours_spec, years=years)


def _limit(options: dict[str, Any]) -> Limit:
    if options["same_day"]:
        return Limit(0, LimitUnit.SAME_DAY, options["cutoff"])
    if options["days"] is not None:
        return Limit(options["days"], LimitUnit.WORKING_DAYS, options["cutoff"])
    return Limit(options["hours"], LimitUnit.WORKING_HOURS, options["cutoff"])


class Command(BaseCommand):
    help = gettext_noop(
        "Print the due time (Vietnam time) of a dossier received at --at with a limit of "
        "--days working days, --hours working hours or --same-day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at",
            type=_moment,
            help=_(
                "When the dossier was received, ISO 8601 (default: now; no zone: Vietnam time)."
            ),
        )
        limit = parser.add_mutually_exclusive_group(required=True)
        limit.add_argument("--days", type=_count, help=_("Limit in working days."))
        limit.add_argument("--hours", type=_count, help=_("Limit in working hours."))
        limit.add_argument(
            "--same-day",
            action="store_true",
            help=_("Due at the close of the working day the clock starts."),
        )
        parser.add_argument(
            "--unit",
            metavar="CODE",
            help=_("Electronic identifier of the agency whose office hours apply."),
        )
        parser.add_argument(
            "--cutoff",
            type=_clock,
            metavar="HH:MM",
            help=_("Dossiers received at or after this time count from the next working day."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        received: datetime = options["at"] or timezone.now()
        limit = _limit(options)
        calendar = _calendar(options["unit"], received, limit.amount)
        start = calendar.effective_start(received, limit.cutoff)
        if options["verbosity"] > 1:
            self.stderr.write(
                _("clock starts at %(start)s")
                % {"start": start.astimezone(VN_TZ).strftime(OUTPUT_FORMAT)}
            )
        due = limit.due_from(calendar, start)
        self.stdout.write(due.astimezone(VN_TZ).strftime(OUTPUT_FORMAT))

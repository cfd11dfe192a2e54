"""``motcua indicators --unit CODE --from YYYY-MM-DD --to YYYY-MM-DD``: the Decision 766
indicators as a table; ``motcua indicators rebuild [--check]``: recompute the aggregates
from the dossiers' history and replace them, or (``--check``) report every difference
and exit non-zero.

The CLI runs with no officer behind it: it reads any unit, like the shell.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.reporting.exports import numerator_shown, rate_text, report_csv, report_xlsx
from motcua.reporting.indicators import Indicator, Report, indicators_report, target_get
from motcua.reporting.services import (
    daily_counts_differences,
    daily_counts_rebuild,
    daily_counts_recompute,
    daily_counts_stored,
)

# Differences printed before "... and N more".
SHOWN_DIFFERENCES = 50


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}
        ) from None


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _number(value: int | float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


class Command(BaseCommand):
    help = "Print the Decision 766 indicators of a unit, or rebuild their aggregates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["rebuild"], help="rebuild the aggregates")
        parser.add_argument("--check", action="store_true", help="with rebuild: compare only")
        parser.add_argument("--unit", help="statistical code of a unit, or an agency's code")
        parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD")
        parser.add_argument("--xlsx", help="also write the report to this xlsx file")
        parser.add_argument("--csv", help="also write the report to this CSV file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            self._rebuild(check=options["check"])
            return
        if not (options["unit"] and options["start"] and options["end"]):
            raise CommandError(_("Give --unit, --from and --to (or the action “rebuild”)."))
        try:
            target = target_get(code=options["unit"])
            report = indicators_report(
                target=target, start=_day(options["start"]), end=_day(options["end"])
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self._print(report)
        for option, build in (("xlsx", report_xlsx), ("csv", report_csv)):
            if options[option]:
                Path(options[option]).write_bytes(build(report))
                self.stdout.write(_("Written to %(path)s.") % {"path": options[option]})

    def _rebuild(self, *, check: bool) -> None:
        if not check:
            rows = daily_counts_rebuild()
            self.stdout.write(_("Aggregates rebuilt: %(n)s rows.") % {"n": rows})
            return
        differences = daily_counts_differences(daily_counts_stored(), daily_counts_recompute())
        for d in differences[:SHOWN_DIFFERENCES]:
            k = d.key
            self.stdout.write(
                f"{f'{k.day:%Y-%m}' if k.monthly else k.day} "
                f"agency={k.receiving_agency_id}/{k.competent_agency_id} "
                f"procedure={k.procedure_id} {d.counter}: "
                + _("stored %(stored)s, recomputed %(recomputed)s")
                % {"stored": d.stored, "recomputed": d.recomputed}
            )
        if len(differences) > SHOWN_DIFFERENCES:
            self.stdout.write(_("… and %(n)s more.") % {"n": len(differences) - SHOWN_DIFFERENCES})
        if differences:
            raise CommandError(
                _("The aggregates differ from the history in %(n)s counters.")
                % {"n": len(differences)}
            )
        self.stdout.write(_("The aggregates agree with the history."))

    def _row(self, indicator: Indicator) -> str:
        rate = rate_text(indicator) if indicator.unit == "seconds" else _percent(indicator.rate)
        return (
            f"  {indicator.label[:56]:<56} {_number(numerator_shown(indicator)):>8} "
            f"{_number(indicator.denominator):>8} {rate:>7} "
            f"{_percent(indicator.threshold):>7} {_percent(indicator.score):>7}"
        )

    def _print(self, report: Report) -> None:
        out = self.stdout
        out.write(
            _("Decision 766 indicators of %(name)s (%(code)s), %(start)s to %(end)s")
            % {
                "name": report.target.name,
                "code": report.target.code,
                "start": report.start.isoformat(),
                "end": report.end.isoformat(),
            }
        )
        header = (_("indicator"), _("num."), _("den."), _("rate"), _("full at"), _("score"))
        out.write(
            f"  {header[0]:<56} {header[1]:>8} {header[2]:>8} "
            f"{header[3]:>7} {header[4]:>7} {header[5]:>7}"
        )
        for group in report.groups:
            out.write(f"{group.label}: {_number(group.total)} / {group.points} " + _("points"))
            for indicator in group.indicators:
                out.write(self._row(indicator))
        out.write(
            _("Total: %(total)s of %(possible)s points (%(measured)s measured): %(band)s")
            % {
                "total": _number(report.total),
                "possible": report.points_possible,
                "measured": report.points_measured,
                "band": report.band or "—",
            }
        )
        for title, rows in ((_("Now late"), report.now_late), (_("Due soon"), report.due_soon)):
            if rows:
                out.write(f"{title}:")
            for row in rows:
                out.write(f"  {row.code}  {row.procedure}  {row.due_at}  {row.held_by}")

"""``motcua load-units``: load provinces and communes from the vietnam-provinces package."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.units.services import LoadReport, units_load_from_package, units_seed_predecessors


class Command(BaseCommand):
    help = gettext_noop("Load the 2025 provinces and communes (34 and 3,321); safe to run again.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            type=int,
            action="append",
            dest="provinces",
            metavar="CODE",
            help=_("Only this province's statistical code (repeatable), e.g. 24."),
        )
        parser.add_argument(
            "--predecessors",
            action="store_true",
            help=_("Also seed sample pre-2025 units of the former Bắc Giang and Bắc Ninh."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._print(units_load_from_package(province_codes=options["provinces"]))
        if options["predecessors"]:
            self._print(units_seed_predecessors())

    def _print(self, report: LoadReport) -> None:
        self.stdout.write(
            _(
                "%(provinces)s provinces, %(districts)s districts, %(communes)s communes: "
                "%(created)s created, %(updated)s updated, %(unchanged)s unchanged"
            )
            % {
                "provinces": report.provinces,
                "districts": report.districts,
                "communes": report.communes,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            }
        )

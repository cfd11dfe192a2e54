"""``motcua catalogue-export PATH``: write the catalogue to an xlsx workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from motcua.catalogue.services import catalogue_export_xlsx


class Command(BaseCommand):
    help = "Write the procedure catalogue to an xlsx workbook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        data = catalogue_export_xlsx()
        options["path"].write_bytes(data)
        self.stdout.write(
            _("Catalogue written to %(path)s (%(size)d bytes).")
            % {"path": options["path"], "size": len(data)}
        )

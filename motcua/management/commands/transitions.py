"""``motcua transitions --markdown``: print the dossier state machine as a table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.dossiers.transitions import transitions_markdown


class Command(BaseCommand):
    help = "Print the table of dossier transitions (for docs/transitions.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--markdown", action="store_true", help="Markdown table (default)")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(transitions_markdown(), ending="")

"""``motcua hotfolder``: file what the counters' scanners write into the hot folder."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.digitization.hotfolder import hotfolder_prepare, hotfolder_root, hotfolder_scan_once


class Command(BaseCommand):
    help = gettext_noop(
        "Watch the scanner hot folder (MOTCUA_HOTFOLDER_ROOT, one folder per counter id): "
        "split stacks at their cover sheets and file each part on its dossier."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help=gettext_noop("One pass, then exit.")
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help=gettext_noop("Seconds between passes (default 5)."),
        )
        parser.add_argument(
            "--root", type=Path, default=None, help=gettext_noop("Hot folder root.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path = options["root"] or hotfolder_root()
        interval = max(0.5, float(options["interval"]))
        self.stdout.write(_("Watching %(root)s") % {"root": root})
        while True:
            self._pass(root)
            if options["once"]:
                return
            time.sleep(interval)

    def _pass(self, root: Path) -> None:
        # Counters added since the last pass get their folder too.
        for folder in hotfolder_prepare(root=root):
            self.stdout.write(_("Created %(folder)s") % {"folder": folder})
        report = hotfolder_scan_once(root=root)
        for message in report.messages:
            self.stdout.write(message)

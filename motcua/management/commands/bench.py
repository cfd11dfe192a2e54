"""``motcua bench NAME``: run a benchmark from bench/ and print its table."""

from __future__ import annotations

import importlib
import os
import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

BENCHES = {"intake": "bench.intake", "ocr": "bench.ocr", "indicators": "bench.indicators"}


class Command(BaseCommand):
    help = "Run a benchmark (intake, ocr, indicators) and print its figures beside its baseline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=sorted(BENCHES))
        parser.add_argument("--count", type=int, default=300)
        parser.add_argument("--lifecycle", type=int, default=50)
        parser.add_argument("--threads", type=int, default=0)
        parser.add_argument(
            "--pages", type=int, default=4, help="ocr: scanned pages per resolution (200, 300 dpi)"
        )
        parser.add_argument("--jobs", type=int, default=0, help="ocr: pages at once (0: cores)")
        parser.add_argument(
            "--repeat",
            type=int,
            default=None,
            help="ocr: runs of the pipeline and of Tesseract (3); indicators: timed runs (5)",
        )
        parser.add_argument(
            "--dossiers", type=int, default=1_000_000, help="indicators: dossiers to generate"
        )
        parser.add_argument(
            "--years", type=int, default=2, help="indicators: years the dossiers spread over"
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="indicators: keep the generated data; a later run of the same size reuses it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # bench/ lives beside the package, not inside it: put the checkout on the path.
        sys.path.insert(0, str(Path(settings.BASE_DIR)))
        module = importlib.import_module(BENCHES[options["name"]])
        if options["name"] == "ocr":
            self._ocr(module, options)
            return
        if options["name"] == "indicators":
            self._indicators(module, options)
            return
        if not 1 <= options["count"] <= 100_000:
            raise CommandError("--count must be between 1 and 100000.")
        results = module.run(
            count=options["count"], lifecycle=options["lifecycle"], threads=options["threads"]
        )
        self.stdout.write(
            f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
            f"{platform.machine()}, {os.cpu_count()} cores, {_database()}"
        )
        self.stdout.write("| what | count | throughput | median | p95 |")
        self.stdout.write("|---|---|---|---|---|")
        for figures in results:
            self.stdout.write(figures.row())

    def _ocr(self, module: Any, options: dict[str, Any]) -> None:
        if not 1 <= options["pages"] <= 50:
            raise CommandError("--pages must be between 1 and 50.")
        if not 0 <= options["jobs"] <= 64:
            raise CommandError("--jobs must be between 0 and 64.")
        repeat = 3 if options["repeat"] is None else options["repeat"]
        if not 1 <= repeat <= 9:
            raise CommandError("--repeat must be between 1 and 9.")
        report = module.run(per_resolution=options["pages"], jobs=options["jobs"], repeat=repeat)
        self.stdout.write(
            f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {platform.machine()}, "
            f"{os.cpu_count()} cores, {report.jobs} pages at once, {_tesseract()}"
        )
        for line in report.rows():
            self.stdout.write(line)

    def _indicators(self, module: Any, options: dict[str, Any]) -> None:
        repeat = 5 if options["repeat"] is None else options["repeat"]
        if not 1 <= repeat <= 21:
            raise CommandError("--repeat must be between 1 and 21.")
        try:
            result = module.run(
                dossiers=options["dossiers"],
                years=options["years"],
                repeat=repeat,
                keep=options["keep"],
                log=lambda line: self.stderr.write(line),
            )
        except module.BenchRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {platform.machine()}, "
            f"{os.cpu_count()} cores, {_database()}"
        )
        for line in result.rows():
            self.stdout.write(line)


def _tesseract() -> str:
    done = subprocess.run(
        ["tesseract", "--version"],  # noqa: S607 - found on PATH, as the pipeline finds it
        capture_output=True,
        text=True,
        check=False,
    )
    return (done.stdout or done.stderr).splitlines()[0] if done.returncode == 0 else "no tesseract"


def _database() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return f"{connection.vendor} {cursor.fetchone()[0]}"

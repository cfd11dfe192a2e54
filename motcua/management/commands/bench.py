"""``motcua bench NAME``: run a benchmark from bench/ and print its table."""

from __future__ import annotations

import importlib
import os
import platform
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

BENCHES = {"intake": "bench.intake"}


class Command(BaseCommand):
    help = "Run a benchmark (intake) on the configured database and print the figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=sorted(BENCHES))
        parser.add_argument("--count", type=int, default=300)
        parser.add_argument("--lifecycle", type=int, default=50)
        parser.add_argument("--threads", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        # bench/ lives beside the package, not inside it: put the checkout on the path.
        sys.path.insert(0, str(Path(settings.BASE_DIR)))
        module = importlib.import_module(BENCHES[options["name"]])
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


def _database() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return f"{connection.vendor} {cursor.fetchone()[0]}"

"""``motcua demo``: seed the demo province (once) and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.demo import DEMO_PASSWORD, demo_citizens_seed, demo_scans, demo_seed


class Command(BaseCommand):
    help = "Seed the demo province with officers, procedures and dossiers, then print logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=int, default=400)
        parser.add_argument("--days-back", type=int, default=120)
        parser.add_argument(
            "--scans",
            type=int,
            default=2,
            help="open dossiers whose papers are digitized (0: none)",
        )

    def _progress(self, done: int, total: int) -> None:
        if done % 50 == 0 or done == total:
            self.stdout.write(f"  {done}/{total} dossiers")
            self.stdout.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.MOTCUA_DEMO:
            raise CommandError("Demo data is only written when MOTCUA_DEMO=true.")
        if not 0 <= options["dossiers"] <= 100_000:
            raise CommandError("--dossiers must be between 0 and 100000.")
        self.stdout.write("Seeding the demo province (Bắc Ninh)…")
        report = demo_seed(
            dossiers=options["dossiers"], days_back=options["days_back"], progress=self._progress
        )
        if report.already_there:
            self.stdout.write("Demo dossiers already present; nothing added.")
        else:
            self.stdout.write(f"{report.dossiers} dossiers written.")
            call_command("signing_demo_ca", verbosity=0)
            if options["scans"]:
                self.stdout.write("Digitizing a few papers (OCR)…")
                self.stdout.write(f"{demo_scans(count=options['scans'])} documents digitized.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, where in report.logins:
            self.stdout.write(f"  {username:<22} {role:<15} {where}")
        self.stdout.write(
            "  Other roles: <unit>.chuyenvien (specialist), <unit>.lanhdao (leader),"
            " <unit>.vanthu (clerk)"
        )
        self._citizens()

    def _citizens(self) -> None:
        people = demo_citizens_seed()
        if not people:
            return
        self.stdout.write("")
        self.stdout.write(
            f"Demo citizens at {settings.MOTCUA_EID_DEMO_URL}/cong-dan/ — “Sign in with VNeID”"
            f" (the demo provider) or the password form; password for all: {DEMO_PASSWORD}"
        )
        for id_number, name in people:
            self.stdout.write(f"  {id_number:<22} {name}")

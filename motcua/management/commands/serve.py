"""``motcua serve``: run motcua under gunicorn, static files served by WhiteNoise."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.settings import DEV_SECRET_KEY


class Command(BaseCommand):
    help = "Serve motcua with gunicorn (collects static files first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 2)))

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SECRET_KEY == DEV_SECRET_KEY and not (settings.DEBUG or settings.MOTCUA_DEMO):
            raise CommandError(
                "Set MOTCUA_SECRET_KEY (or MOTCUA_SECRET_KEY_FILE) before serving; "
                "the built-in key is only for the demo."
            )
        call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"motcua is serving on http://{bind}/ (Ctrl+C to stop)")
        self.stdout.flush()
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        argv = [
            gunicorn,
            "motcua.wsgi:application",
            "--config",
            "python:motcua.gunicorn_conf",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--timeout",
            "120",
        ]
        os.execv(gunicorn, argv)  # noqa: S606 - replaces this process with gunicorn

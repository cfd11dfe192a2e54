"""``motcua worker``: run a Celery worker for motcua's background jobs.

Arguments after ``--`` go to ``celery worker`` unchanged, e.g.
``motcua worker --queues ocr -- --loglevel DEBUG``.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

NO_BROKER = (
    "jobs run in-process; set CELERY_BROKER_URL=redis://... to use workers "
    "(e.g. CELERY_BROKER_URL=redis://127.0.0.1:6379/0)"
)


def known_queues() -> set[str]:
    """The default queue and every queue a route sends tasks to."""
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    return {settings.CELERY_TASK_DEFAULT_QUEUE, *routed}


def parse_queues(value: str) -> list[str]:
    queues = [name.strip() for name in value.split(",") if name.strip()]
    unknown = sorted(set(queues) - known_queues())
    if not queues or unknown:
        raise CommandError(
            f"unknown queue(s) {', '.join(unknown) or '(none given)'}; "
            f"known: {', '.join(sorted(known_queues()))}"
        )
    return queues


def celery_argv(queues: list[str], concurrency: int | None, extra: list[str]) -> list[str]:
    argv = [sys.executable, "-m", "celery", "-A", "motcua", "worker", "--queues", ",".join(queues)]
    if concurrency:
        argv += ["--concurrency", str(concurrency)]
    # Already in the app's configuration; repeated so that `ps` shows the
    # recycling OCR children need (Tesseract and Ghostscript grow with use).
    argv += ["--max-tasks-per-child", str(settings.CELERY_WORKER_MAX_TASKS_PER_CHILD)]
    return [*argv, "--loglevel", "INFO", *extra]


class Command(BaseCommand):
    help = "Start a Celery worker for motcua's background jobs (needs CELERY_BROKER_URL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queues",
            default=",".join(sorted(known_queues())),
            help="comma-separated queues to consume (default: all)",
        )
        parser.add_argument(
            "--concurrency", type=int, default=None, help="worker processes (default: CPUs)"
        )
        parser.add_argument("celery_args", nargs="*", help="after --: passed to celery worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CELERY_BROKER_URL:
            raise CommandError(NO_BROKER)
        argv = celery_argv(
            parse_queues(options["queues"]), options["concurrency"], options["celery_args"]
        )
        self.stdout.write(f"motcua worker: consuming {options['queues']}")
        self.stdout.flush()
        # Replaces this process, so signals from a supervisor reach Celery itself.
        os.execv(sys.executable, argv)  # noqa: S606

"""Jobs that exist only for tests/core/test_jobs.py.

The kill test's job works on two raw tables (created by ``tables_create``)
rather than on a project model, so that it depends on no app's migrations.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from motcua.core.jobs import TransientJobError, job

CALLS: list[dict[str, Any]] = []


@job(name="tests.jobs.remember")
def remember_task(self: Any, **kwargs: Any) -> None:
    CALLS.append(kwargs)


@job(name="tests.jobs.explode", max_retries=0)
def explode_task(self: Any, *, record_id: int) -> None:
    raise RuntimeError(f"record {record_id} cannot be processed")


@job(name="tests.jobs.flaky", max_retries=3)
def flaky_task(self: Any, *, failures: int) -> None:
    """Fails with a transient error ``failures`` times, then succeeds."""
    CALLS.append({"retries": self.request.retries})
    if self.request.retries < failures:
        raise TransientJobError("busy")


def tables_create() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS jobs_test_record"
            " (id INTEGER PRIMARY KEY, status TEXT NOT NULL, attempts INTEGER NOT NULL)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS jobs_test_page"
            " (record_id INTEGER NOT NULL, number INTEGER NOT NULL)"
        )


def record_create() -> int:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO jobs_test_record (status, attempts) VALUES ('new', 0)")
        return int(cursor.lastrowid)


@job(name="tests.jobs.record_build")
def record_build_task(self: Any, *, record_id: int, marker_dir: str, pause: int) -> None:
    """Build three pages for a record, in the shape a real job should have.

    Phase 1 commits progress (status, attempt count); phase 2 writes every
    page and the final status in one transaction, pausing after the first page
    on the first attempt, so a kill then would leave a half record if the
    transaction did not protect it.
    """
    attempt = record_start(record_id)
    if attempt is None:
        return  # done by an earlier delivery: running twice changes nothing
    with transaction.atomic():
        page_insert(record_id, 1)
        Path(marker_dir, f"mid-write-{attempt}").touch()
        if attempt == 1:
            time.sleep(pause)
        page_insert(record_id, 2)
        page_insert(record_id, 3)
        record_set_status(record_id, "done")


def record_start(record_id: int) -> int | None:
    """Count an attempt; ``None`` when the record is already done."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT status, attempts FROM jobs_test_record WHERE id = %s", [record_id])
        status, attempts = cursor.fetchone()
        if status == "done":
            return None
        cursor.execute(
            "UPDATE jobs_test_record SET status = 'running', attempts = %s WHERE id = %s",
            [attempts + 1, record_id],
        )
        return int(attempts) + 1


def page_insert(record_id: int, number: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO jobs_test_page (record_id, number) VALUES (%s, %s)", [record_id, number]
        )


def record_set_status(record_id: int, status: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE jobs_test_record SET status = %s WHERE id = %s", [status, record_id])

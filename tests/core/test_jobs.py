"""Background jobs: enqueued after commit, in-process or on real Celery workers.

The last test kills a real worker on a real Redis (database 15) mid-job and
checks that a second worker finishes the job with no half record left.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import redis
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from motcua.core.jobs import enqueue
from motcua.core.tasks import ping_task
from motcua.management.commands import worker as worker_command
from tests.core.jobs_testapp.tasks import CALLS, explode_task, flaky_task, remember_task

REPO = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(autouse=True)
def _fresh_calls() -> None:
    CALLS.clear()


# In-process mode (no broker): Celery's eager mode runs the task function.


@pytest.mark.django_db
def test_enqueued_job_runs_only_after_commit_with_its_arguments(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            enqueue(remember_task, record_id=7, code="G01-260101-0001")
            assert CALLS == []
        assert CALLS == []
    assert CALLS == [{"record_id": 7, "code": "G01-260101-0001"}]


@pytest.mark.django_db
def test_job_of_a_rolled_back_transaction_never_runs(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        suppress(RuntimeError),
        transaction.atomic(),
    ):
        enqueue(remember_task, record_id=7)
        raise RuntimeError("intake failed")
    assert callbacks == []
    assert CALLS == []


@pytest.mark.parametrize("value", [1.5, None, [1], {"id": 1}, date(2026, 1, 1), object()])
@pytest.mark.django_db
def test_job_arguments_must_be_ids_or_codes(
    value: object, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(TypeError, match="jobs take ids and codes"),
    ):
        enqueue(remember_task, record_id=value)  # type: ignore[arg-type]
    assert callbacks == []


@pytest.mark.django_db
def test_failing_in_process_job_is_logged_and_does_not_reach_the_request(
    django_capture_on_commit_callbacks: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        enqueue(explode_task, record_id=5)
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "tests.jobs.explode" in record.getMessage()
    assert "record 5 cannot be processed" in record.getMessage()


@pytest.mark.django_db
def test_transient_errors_are_retried(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(flaky_task, failures=2)
    assert CALLS == [{"retries": 0}, {"retries": 1}, {"retries": 2}]


@pytest.mark.django_db
def test_job_still_failing_after_its_retries_is_logged(
    django_capture_on_commit_callbacks: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        enqueue(flaky_task, failures=10)
    assert len(CALLS) == 4  # the first run and max_retries=3
    assert any("tests.jobs.flaky" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_job_that_cannot_be_published_is_logged_not_raised(
    django_capture_on_commit_callbacks: Any, caplog: pytest.LogCaptureFixture
) -> None:
    class BrokerDown:
        name = "tests.jobs.unpublishable"

        def apply_async(self, **options: Any) -> None:
            raise ConnectionError("broker unreachable")

    with (
        caplog.at_level(logging.ERROR, logger="motcua.core.jobs"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        enqueue(BrokerDown(), record_id=1)
    assert "could not be started" in caplog.text


def test_ping_answers_pong() -> None:
    assert ping_task.apply().get() == "pong"


# `motcua worker`


def test_worker_refuses_to_start_without_a_broker(settings: Any) -> None:
    settings.CELERY_BROKER_URL = ""
    with pytest.raises(CommandError, match="jobs run in-process; set CELERY_BROKER_URL"):
        call_command("worker")


def test_worker_runs_celery_on_the_chosen_queues(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CELERY_BROKER_URL = REDIS_URL
    calls: list[list[str]] = []
    monkeypatch.setattr(worker_command.os, "execv", lambda path, argv: calls.append(argv))
    call_command("worker", "--queues", "ocr", "--concurrency", "2", "--", "-n", "ocr1@%h")
    [argv] = calls
    assert argv[1:6] == ["-m", "celery", "-A", "motcua", "worker"]
    command_line = " ".join(argv)
    assert "--queues ocr --concurrency 2" in command_line
    assert f"--max-tasks-per-child {settings.CELERY_WORKER_MAX_TASKS_PER_CHILD}" in command_line
    assert argv[-2:] == ["-n", "ocr1@%h"]


def test_worker_refuses_an_unknown_queue(settings: Any) -> None:
    settings.CELERY_BROKER_URL = REDIS_URL
    with pytest.raises(CommandError, match="unknown queue"):
        call_command("worker", "--queues", "default,pdf")


# A real worker on a real Redis, killed mid-job.


@pytest.fixture
def redis_db() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"needs Redis on 127.0.0.1:6379 for a real worker ({exc})")
    return client


@pytest.fixture
def key_prefix(redis_db: redis.Redis) -> Iterator[str]:
    """A key prefix of this run's own: concurrent runs share Redis database 15."""
    prefix = f"motcua-test-{uuid.uuid4().hex[:8]}:"
    yield prefix
    for key in redis_db.scan_iter(match=f"{prefix}*"):
        redis_db.delete(key)


def job_env(var_dir: Path) -> dict[str, str]:
    """The environment of every process of the scenario: one SQLite file, one broker."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MOTCUA_MEDIA_ROOT"}}
    return env | {
        "CELERY_BROKER_URL": REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "MOTCUA_VAR_DIR": str(var_dir),
        "PYTHONPATH": str(REPO),
    }


def worker_args(name: str, transport_options: str) -> list[str]:
    """Celery options shared by both workers of the scenario."""
    return [
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        *("--hostname", f"{name}@%h", "--include", "tests.core.jobs_testapp.tasks"),
        # Celery's command-line configuration: a redelivery after 5 s instead of
        # an hour, and a sweep for abandoned messages every second.
        *("--", f"broker_transport_options=(json){transport_options}"),
    ]


def start(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    # Its own session, so the worker and its pool children die together.
    with log.open("wb") as out:
        return subprocess.Popen(
            argv, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def kill(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def wait_for(condition: Callable[[], bool], timeout: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            output = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')}" for log in logs)
            pytest.fail(f"timed out after {timeout} s waiting for {what}\n{output}")
        time.sleep(0.2)


def db_rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db, timeout=5) as conn:
        return conn.execute(sql).fetchall()


def record_status(db: Path) -> str:
    return str(db_rows(db, "SELECT status FROM jobs_test_record")[0][0])


@pytest.mark.db_independent  # the workers use a SQLite file of their own
def test_job_of_a_killed_worker_is_finished_by_the_next_one_without_half_record(
    tmp_path: Path, key_prefix: str
) -> None:
    env = job_env(tmp_path)
    db = tmp_path / "motcua.sqlite3"
    options = json.dumps(
        {
            "global_keyprefix": key_prefix,
            "visibility_timeout": 5,
            "unacked_restore_interval": 1,
            "unacked_restore_throttle": 1,
        }
    )
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    celery = [sys.executable, "-m", "celery", "-A", "motcua", "worker", "-Q", "default", "-c", "1"]
    motcua = [str(Path(sys.executable).with_name("motcua")), "worker", "--queues", "default"]
    first = start([*celery, *worker_args("jobs-a", options)], env, logs[0])
    second: subprocess.Popen[bytes] | None = None
    try:
        driver = subprocess.run(
            [sys.executable, "-m", "tests.core.jobs_testapp.driver", str(tmp_path), "30", options],
            env=env,
            cwd=REPO,
            timeout=30,
            capture_output=True,
            text=True,
        )
        assert driver.returncode == 0, driver.stderr
        wait_for((tmp_path / "mid-write-1").exists, 25, "the first attempt", logs)
        kill(first)
        # The killed attempt had written page 1 in its open transaction: gone.
        assert db_rows(db, "SELECT status, attempts FROM jobs_test_record") == [("running", 1)]
        assert db_rows(db, "SELECT count(*) FROM jobs_test_page") == [(0,)]

        second = start(
            [*motcua, "--concurrency", "1", "--", *worker_args("jobs-b", options)], env, logs[1]
        )
        wait_for(lambda: record_status(db) == "done", 30, "the redelivered job to finish", logs)
    finally:
        kill(first)
        if second is not None:
            kill(second)
    assert db_rows(db, "SELECT attempts FROM jobs_test_record") == [(2,)]
    assert db_rows(db, "SELECT number FROM jobs_test_page ORDER BY number") == [(1,), (2,), (3,)]

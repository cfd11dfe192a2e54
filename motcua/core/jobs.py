"""Background jobs: how motcua enqueues and writes Celery tasks.

Contract of a job:

- **It takes ids, not objects.** Arguments are ints and strings (a document
  id, a dossier code): they travel as JSON and stay meaningful after a
  restart. ``enqueue`` refuses anything else with ``TypeError``.
- **It is enqueued after commit.** ``enqueue`` registers the send with
  ``transaction.on_commit``, so a job never sees a row that was rolled back,
  nor one that is not committed yet.
- **It reloads what it needs** from the database when it starts, and decides
  from that state what is left to do.
- **It is idempotent and may run twice.** Messages are acknowledged late and
  handed back when a worker dies, so a job can start again after a partial
  run. It writes its result in one transaction at the end (or in steps that
  are each complete), and does nothing when its row says it is done.
- **It records its own failure** in its row; the code that enqueued it does
  not hear about it.

Two modes, one code path (ARCHITECTURE.md, "background jobs"): with
``CELERY_BROKER_URL`` set, ``apply_async`` publishes to the broker and
``motcua worker`` runs the job; without it, Celery's eager mode runs the same
task function in this process right after the commit, on one background
thread (``MOTCUA_INPROCESS_JOBS = "thread"``, the default), so the page that
enqueued it answers at once and shows the job's progress; "inline" runs it
in the caller's thread (tests use it for determinism). An in-process job that
fails is logged and does not break the request that enqueued it; retries
happen at once, without backoff. A job lost with its process (a restart) is
found again by its row: each app that enqueues jobs offers a resume service
that ``motcua serve`` calls at start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from celery import shared_task
from celery.app.task import Task
from django.conf import settings
from django.db import OperationalError, connections, transaction

logger = logging.getLogger(__name__)


class TransientJobError(Exception):
    """A failure expected to pass (a busy service, a lock held): retry the job later."""


# Retried with backoff: a job failing on one of these has usually done nothing
# yet, or only work that its idempotence lets it redo.
RETRIED_ERRORS: tuple[type[Exception], ...] = (TransientJobError, OperationalError)


def job(*, name: str, max_retries: int = 3, **options: Any) -> Callable[[Callable[..., Any]], Any]:
    """Declare an idempotent, retried job; the function receives the task as ``self``.

    ``name`` is stable (it is stored in queued messages) and chooses the queue
    through ``CELERY_TASK_ROUTES``: ``motcua.digitization.*`` runs on ``ocr``,
    ``motcua.signing.*`` on ``signing``, anything else on ``default``.
    """

    def decorate(func: Callable[..., Any]) -> Any:
        return shared_task(
            bind=True,
            name=name,
            acks_late=True,
            reject_on_worker_lost=True,
            autoretry_for=RETRIED_ERRORS,
            retry_backoff=True,
            retry_jitter=True,
            max_retries=max_retries,
            **options,
        )(func)

    return decorate


def enqueue(task: Task, **kwargs: int | str) -> None:
    """Run ``task`` with ``kwargs`` once the current transaction commits.

    Outside a transaction the job is sent at once. Raises ``TypeError`` for an
    argument that is not an int or a string, before anything is registered.
    """
    check_job_arguments(kwargs)
    payload = dict(kwargs)
    transaction.on_commit(lambda: send(task, payload))


def check_job_arguments(kwargs: dict[str, Any]) -> None:
    for key, value in kwargs.items():
        if not isinstance(value, int | str):
            raise TypeError(
                f"job argument {key}={value!r} is a {type(value).__name__}; "
                "jobs take ids and codes (int or str), and reload the rest"
            )


def send(task: Task, kwargs: dict[str, Any]) -> None:
    """Publish the job (or, in-process, run it); never raise into the caller.

    The transaction is already committed when this runs: an exception here
    would turn a saved change into an error page. A job that fails is logged
    by Celery's tracer, in-process as on a worker (eager mode keeps the
    exception in the result), and records the failure in its own row; a
    failed publish is logged here for the operator.
    """
    try:
        if settings.CELERY_TASK_ALWAYS_EAGER and settings.MOTCUA_INPROCESS_JOBS == "thread":
            _executor().submit(_run_in_thread, task, kwargs)
        else:
            task.apply_async(kwargs=kwargs)
    except Exception:
        logger.exception("job %s%r could not be started", task.name, kwargs)


_pool: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    # One thread: jobs (OCR above all) take a whole core, and the embedded
    # default runs on the same small machine as the web process.
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="motcua-job")
    return _pool


def _run_in_thread(task: Task, kwargs: dict[str, Any]) -> None:
    try:
        result = task.apply(kwargs=kwargs)
        # apply() keeps a job's exception in its result instead of raising it.
        if result.failed():
            logger.error("in-process job %s%r failed:\n%s", task.name, kwargs, result.traceback)
    except Exception:
        logger.exception("in-process job %s%r failed", task.name, kwargs)
    finally:
        connections.close_all()  # this thread's connections, not the web threads'


def wait_for_inprocess_jobs() -> None:
    """Block until the in-process jobs submitted so far have run (for shutdown and tests)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True)
        _pool = None

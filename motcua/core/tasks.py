"""Jobs of the core app."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="motcua.core.ping")
def ping_task() -> str:
    """Health check: a worker that consumes the default queue answers "pong"."""
    return "pong"

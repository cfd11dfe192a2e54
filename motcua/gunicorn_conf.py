"""gunicorn hooks for ``motcua serve``."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger("motcua.serve")


def post_worker_init(worker: Any) -> None:
    """Queue again the jobs a previous process lost (a restart mid-job).

    Runs in each web worker once Django is loaded: without a broker, jobs run
    on a thread of a web worker, so that is where they must be resumed. Two
    workers resuming the same job is harmless: a job claims its row first.
    """
    from motcua.digitization.services import scan_resume_pending

    try:
        resumed = scan_resume_pending()
    except Exception:
        logger.exception("could not resume pending jobs")
        return
    if resumed:
        logger.info("%s documents queued again for digitization", resumed)
    from motcua.portal.notifications import notifications_resume_pending

    try:
        waiting = notifications_resume_pending()
    except Exception:
        logger.exception("could not resume pending notifications")
        return
    if waiting:
        logger.info("%s notifications queued again", waiting)

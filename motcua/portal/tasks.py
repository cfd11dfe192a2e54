"""Background jobs of the portal: sending one notification (queue "default")."""

from __future__ import annotations

from typing import Any

from motcua.core.jobs import job
from motcua.portal.notifications import notification_send


# No automatic retry: a message the server may have taken is not sent twice;
# a failure stays on its row (status "failed", with the error) for officers.
@job(name="motcua.portal.notification_send", max_retries=0)
def notification_send_task(self: Any, notification_id: int) -> None:
    """Send one outbox row; safe to run twice (the row is claimed first)."""
    notification_send(notification_id=notification_id)

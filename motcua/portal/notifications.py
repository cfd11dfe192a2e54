"""Notifications to applicants (thông báo): e-mail and SMS on the events they care about.

The events: the dossier was received, a supplement was requested, it was
refused, an apology gave a new date, the result is ready. A bundle filing
(liên thông) is told of once, with its code, its promised date and the codes
of its dossiers, instead of once per dossier (the message hangs on its first
dossier). ``dossiers`` tells
of them through its hooks (registered in ``PortalConfig.ready()``), inside
the transaction of the change. There the messages are rendered and written
to the outbox (``Notification``), one row per channel, and a job per row is
enqueued for after the commit: a change that is rolled back sends nothing,
and a mail server or carrier that fails never breaks the change: the job
records the failure on its row.

Who is told, and how (``notification_recipients``):

- an applicant with a citizen account (same personal ID number) gets the
  channels chosen on the account (both on by default);
- an applicant without one gets every channel whose contact is known: an
  e-mail if an address was given, an SMS if a phone number was;
- the address and number are the ones recorded on the dossier, else the
  account's (from the e-ID provider); a channel without one is skipped.

Texts are in Vietnamese, from the templates under
``portal/notifications/<event>_{subject,body,sms}.txt``; dates in Vietnam time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from motcua.citizens.models import Citizen
from motcua.core.jobs import enqueue
from motcua.dossiers.bundles import bundle_children
from motcua.dossiers.models import Dossier, StatusChange
from motcua.portal.models import (
    Notification,
    NotificationChannel,
    NotificationEvent,
    NotificationStatus,
)
from motcua.portal.sms import phone_masked, sms_sender

logger = logging.getLogger(__name__)

# The transitions an applicant is told about; intake ("receive") comes through
# the intake hook. Other actions (assign, hand over, return...) stay internal.
EVENT_OF_ACTION: dict[str, NotificationEvent] = {
    "request_supplement": NotificationEvent.SUPPLEMENT_REQUESTED,
    "refuse": NotificationEvent.REFUSED,
    "apologize": NotificationEvent.APOLOGIZED,
    "issue": NotificationEvent.RESULT_READY,
}
MAX_ERROR = 500


@dataclass(frozen=True)
class Recipient:
    channel: NotificationChannel
    address: str


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    sms: str


# --- the rules --------------------------------------------------------------------


def notification_recipients(dossier: Dossier, citizen: Citizen | None) -> list[Recipient]:
    """Where news of ``dossier`` goes: see the module docstring."""
    email = dossier.applicant_email.strip() or (citizen.email.strip() if citizen else "")
    phone = "".join(dossier.applicant_phone.split()) or (
        "".join(citizen.phone.split()) if citizen else ""
    )
    by_email = citizen.notify_by_email if citizen else True
    by_sms = citizen.notify_by_sms if citizen else True
    recipients = []
    if by_email and email:
        recipients.append(Recipient(NotificationChannel.EMAIL, email))
    if by_sms and phone:
        recipients.append(Recipient(NotificationChannel.SMS, phone))
    return recipients


def lookup_url(code: str) -> str:
    """The public lookup page of the dossier, as a full address."""
    return f"{settings.MOTCUA_SITE_URL}{reverse('portal:lookup')}?{urlencode({'code': code})}"


def notification_render(
    *, event: str, dossier: Dossier, data: dict[str, Any] | None = None
) -> Message:
    """The Vietnamese texts of ``event`` for ``dossier``; ``data`` is the history row's data."""
    data = data or {}
    new_due_at = dossier.extended_due_at
    if data.get("new_due_at"):
        new_due_at = datetime.fromisoformat(str(data["new_due_at"]))
    context = {
        "dossier": dossier,
        "procedure": dossier.procedure.name,
        "agency": dossier.receiving_agency.name,
        "promised_at": dossier.promised_at,
        "new_due_at": new_due_at,
        "reason": str(data.get("reason") or ""),
        "missing": [str(item) for item in data.get("missing") or []],
        "result_number": str(data.get("result_number") or dossier.result_number),
        "lookup_url": lookup_url(dossier.code),
    }
    filing = dossier.part_of if event == NotificationEvent.BUNDLE_RECEIVED else None
    if filing is not None:  # only the bundle's own message lists its dossiers
        context["filing"] = filing
        context["children"] = bundle_children(filing)
        context["filing_url"] = (
            f"{settings.MOTCUA_SITE_URL}{reverse('citizen:filing', args=[filing.code])}"
        )
    base = f"portal/notifications/{event}"
    # Messages to applicants are in Vietnamese, whatever language the officer uses.
    with translation.override("vi"):
        subject = render_to_string(f"{base}_subject.txt", context)
        body = render_to_string(f"{base}_body.txt", context)
        sms = render_to_string(f"{base}_sms.txt", context)
    return Message(
        subject=" ".join(subject.split())[:300],
        body=body.strip() + "\n",
        sms=" ".join(sms.split()),
    )


def recipient_masked(channel: str, address: str) -> str:
    """The address as officers' lists and logs show it."""
    if channel == NotificationChannel.SMS:
        return phone_masked(address)
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


# --- writing to the outbox (inside the event's transaction) ------------------------


def notifications_queue(
    *, dossier: Dossier, event: NotificationEvent, data: dict[str, Any] | None = None
) -> list[Notification]:
    """Write the outbox rows of ``event`` and enqueue their sending for after the commit.

    Must run inside the transaction of the change. A text that cannot be
    rendered is recorded as a failed row, not raised: the change goes on.
    """
    citizen = Citizen.objects.filter(id_number=dossier.applicant_id).first()
    recipients = notification_recipients(dossier, citizen)
    if not recipients:
        return []
    message, error = _render_or_error(event=event, dossier=dossier, data=data)
    now = timezone.now()
    rows = [
        Notification.objects.create(
            dossier=dossier,
            event=event,
            channel=r.channel,
            recipient=r.address,
            subject=message.subject if r.channel == NotificationChannel.EMAIL else "",
            body=message.body if r.channel == NotificationChannel.EMAIL else message.sms,
            status=NotificationStatus.FAILED if error else NotificationStatus.PENDING,
            error=error,
            created_at=now,
        )
        for r in recipients
    ]
    from motcua.portal.tasks import notification_send_task  # tasks import this module

    for row in rows:
        if row.status == NotificationStatus.PENDING:
            enqueue(notification_send_task, notification_id=row.pk)
    return rows


def _render_or_error(
    *, event: str, dossier: Dossier, data: dict[str, Any] | None
) -> tuple[Message, str]:
    try:
        return notification_render(event=event, dossier=dossier, data=data), ""
    except DatabaseError:
        raise  # the transaction is broken: the change cannot go on anyway
    except Exception as exc:
        logger.exception("notification %s of dossier %s could not be rendered", event, dossier)
        return Message("", "", ""), _error_text(exc)


def notify_on_intake(*, dossier: Dossier, **_: Any) -> None:
    """Intake hook: the dossier was received (a bundle's are told of together, below)."""
    if dossier.part_of_id is None:
        notifications_queue(dossier=dossier, event=NotificationEvent.RECEIVED)


def notify_on_event(*, dossier: Dossier, event: str, data: dict[str, Any]) -> None:
    """Event hook: a bundle was filed (``dossier`` is its first dossier)."""
    if event == "bundle_received":
        notifications_queue(dossier=dossier, event=NotificationEvent.BUNDLE_RECEIVED, data=data)


def notify_on_transition(*, dossier: Dossier, change: StatusChange, **_: Any) -> None:
    """Transition hook: tell the applicant of the transitions in ``EVENT_OF_ACTION``."""
    event = EVENT_OF_ACTION.get(change.action)
    if event is not None:
        notifications_queue(dossier=dossier, event=event, data=change.data)


# --- sending (a job, after the commit) ----------------------------------------------


def notification_send(*, notification_id: int) -> Notification | None:
    """Send one outbox row and record the outcome; ``None`` if it is not waiting.

    The row is claimed first (pending → sending, a conditional update whose
    count is checked), so a job run twice, or two resuming workers, send it
    once. Any error of the mail server or the carrier is recorded on the row
    and logged, never raised.
    """
    claimed = Notification.objects.filter(
        pk=notification_id, status=NotificationStatus.PENDING
    ).update(status=NotificationStatus.SENDING)
    if not claimed:
        return None
    row = Notification.objects.get(pk=notification_id)
    try:
        _deliver(row)
    except Exception as exc:
        logger.warning(
            "notification %s (%s to %s) failed: %s",
            row.pk,
            row.channel,
            recipient_masked(row.channel, row.recipient),
            exc,
        )
        row.status, row.error = NotificationStatus.FAILED, _error_text(exc)
    else:
        row.status, row.sent_at = NotificationStatus.SENT, timezone.now()
    row.save(update_fields=["status", "error", "sent_at"])
    return row


def notifications_resume_pending(*, limit: int = 1000) -> int:
    """Enqueue again the rows still waiting to be sent (their job was lost with its
    process); return how many. Called when ``motcua serve`` starts; a row whose job
    is still queued is sent once all the same, as the job claims it first."""
    from motcua.portal.tasks import notification_send_task  # tasks import this module

    waiting = Notification.objects.filter(status=NotificationStatus.PENDING).order_by("pk")
    ids = list(waiting.values_list("pk", flat=True)[:limit])
    for pk in ids:
        enqueue(notification_send_task, notification_id=pk)
    return len(ids)


def _deliver(row: Notification) -> None:
    if row.channel == NotificationChannel.EMAIL:
        message = EmailMessage(
            subject=row.subject,
            body=row.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[row.recipient],
            headers={"Auto-Submitted": "auto-generated"},
        )
        message.send(fail_silently=False)
    else:
        sms_sender().send(row.recipient, row.body)


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:MAX_ERROR]

"""Rows of the portal: the outbox of notifications sent to applicants."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class NotificationEvent(models.TextChoices):
    """The events of a dossier its applicant is told about (portal.notifications)."""

    RECEIVED = "received", _("Received")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    REFUSED = "refused", _("Refused")
    APOLOGIZED = "apologized", _("Apology with a new date")
    RESULT_READY = "result_ready", _("Result ready")


class NotificationChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    # Claimed by a job: a row left here means its process stopped mid-send, and
    # whether the message left is unknown (it is not sent again by itself).
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """Thông báo: one message to a dossier's applicant on one channel.

    Written with its text in the transaction of the event, so a change that is
    rolled back leaves none; sent by a job after commit, which records the
    outcome here. A failure is kept with its error, for officers to see.
    """

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("dossier")
    )
    event = models.CharField(_("event"), max_length=24, choices=NotificationEvent.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=NotificationChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.event} {self.channel}"


"""Rows of the portal: the outbox of notifications sent to applicants."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class NotificationEvent(models.TextChoices):
    """The events of a dossier its applicant is told about (portal.notifications)."""

    RECEIVED = "received", _("Received")
    BUNDLE_RECEIVED = "bundle_received", _("Bundle received")
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


class OnlineDraft(models.Model):
    """Hồ sơ nộp trực tuyến (bản nháp): what a signed-in citizen is preparing to file online,
    for one procedure or for a bundle of procedures (liên thông).

    Kept until submitted, then frozen with a link to the dossier (or the bundle
    filing) it became; its files become the dossiers' scans at submission.
    """

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="drafts")
    procedure = models.ForeignKey(
        "catalogue.Procedure", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bundle = models.ForeignKey(
        "catalogue.Bundle", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "units.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving unit"),
    )
    request = models.TextField(_("request"), blank=True)
    # Required-document ids the citizen takes from their data store instead of a file.
    from_store = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="online_draft",
    )
    filing = models.OneToOneField(
        "dossiers.DossierBundle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="online_draft",
    )

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(procedure__isnull=False, bundle__isnull=True)
                | models.Q(procedure__isnull=True, bundle__isnull=False),
                name="draft_one_procedure_or_one_bundle",
            )
        ]
        verbose_name = _("online draft")
        verbose_name_plural = _("online drafts")

    def __str__(self) -> str:
        return f"{self.pk} {self.procedure_id or self.bundle_id}"


class DraftFile(models.Model):
    """A file a citizen attached to one checklist item of a draft (checked on upload)."""

    draft = models.ForeignKey(OnlineDraft, on_delete=models.CASCADE, related_name="files")
    required_document = models.ForeignKey(
        "catalogue.RequiredDocument", on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="drafts/%Y/%m/", max_length=255)
    name = models.CharField(_("file name as uploaded"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "required_document"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "required_document"], name="uniq_draft_file_per_item"
            )
        ]
        verbose_name = _("draft file")
        verbose_name_plural = _("draft files")

    def __str__(self) -> str:
        return self.name

"""Admin for the notification outbox, read-only: rows change only through the sending job."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.portal.models import Notification
from motcua.portal.notifications import recipient_masked


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "dossier", "event", "channel", "to", "status", "sent_at"]
    list_filter = ["status", "event", "channel"]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier"]
    # The address is personal data: shown masked, never searchable.
    fields = readonly_fields = (
        "dossier",
        "event",
        "channel",
        "to",
        "status",
        "error",
        "subject",
        "body",
        "created_at",
        "sent_at",
    )

    @admin.display(description=_("recipient"))
    def to(self, obj: Notification) -> str:
        return recipient_masked(obj.channel, obj.recipient)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Admin for the audit log (read-only) and the calendar exceptions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.core.audit import audit_record
from motcua.core.models import AuditEntry, CalendarException


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The log can be read here, never written: a changed row would break the chain."""

    list_display = ["seq", "at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_label", "action"]
    date_hierarchy = "at"
    ordering = ["-seq"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _calendar_data(exception: CalendarException) -> dict[str, str]:
    return {"date": exception.date.isoformat(), "kind": exception.kind, "note": exception.note}


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    """Swapped working days and extra days off; every edit changes due dates, so it is audited."""

    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    search_fields = ["note"]
    date_hierarchy = "date"

    def save_model(
        self, request: HttpRequest, obj: CalendarException, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="calendar_exception.save",
            object_type="calendar_exception",
            object_id=obj.pk,
            data=_calendar_data(obj),
        )

    def delete_model(self, request: HttpRequest, obj: CalendarException) -> None:
        data, pk = _calendar_data(obj), obj.pk
        super().delete_model(request, obj)
        audit_record(
            actor=request.user,
            action="calendar_exception.delete",
            object_type="calendar_exception",
            object_id=pk,
            data=data,
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarException]) -> None:
        # The bulk action, unlike the change form, runs outside a transaction.
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

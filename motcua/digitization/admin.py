"""Admin for scans, read-only: files and checksums change only through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.digitization.models import ScannedDocument, ScannedPage

PAGE_FIELDS = (
    "number",
    "width_px",
    "height_px",
    "dpi",
    "is_colour",
    "is_blank",
    "ocr_confidence",
    "flags",
)


class ScannedPageInline(admin.TabularInline):
    model = ScannedPage
    extra = 0
    fields = readonly_fields = PAGE_FIELDS

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ScannedDocument)
class ScannedDocumentAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "dossier",
        "original_name",
        "detected_type",
        "page_count",
        "status",
        "step",
        "progress",
        "created_at",
    ]
    list_filter = ["status", "detected_type", "born_digital", "citizen_signed"]
    search_fields = ["dossier__code", "original_name", "original_sha256"]
    list_select_related = ["dossier"]
    inlines = [ScannedPageInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in ScannedDocument._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

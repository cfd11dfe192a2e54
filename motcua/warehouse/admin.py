"""Admin for data stores: readable; links and checksums change only through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.warehouse.models import DataStore, ItemReuse, StoreEntry

ENTRY_FIELDS = (
    "kind",
    "title",
    "number",
    "issuer",
    "issued_on",
    "valid_until",
    "source_dossier",
    "scan",
)


class StoreEntryInline(admin.TabularInline):
    model = StoreEntry
    extra = 0
    fields = readonly_fields = ENTRY_FIELDS
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DataStore)
class DataStoreAdmin(admin.ModelAdmin):
    list_display = ["owner_id", "owner_name", "owner_kind", "created_at"]
    list_filter = ["owner_kind"]
    search_fields = ["owner_id", "owner_name"]
    readonly_fields = ["owner_kind", "owner_id", "created_at"]
    inlines = [StoreEntryInline]


@admin.register(StoreEntry)
class StoreEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "issuer", "issued_on", "valid_until", "store", "kind"]
    list_filter = ["kind"]
    search_fields = ["title", "number", "store__owner_id", "source_dossier__code"]
    list_select_related = ["store"]
    # Metadata may be corrected here; where the document came from may not.
    readonly_fields = [
        "store",
        "kind",
        "kind_key",
        "source_dossier",
        "source_item",
        "scan",
        "original_sha256",
        "archival_sha256",
        "created_at",
        "updated_at",
        "updated_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ItemReuse)
class ItemReuseAdmin(admin.ModelAdmin):
    list_display = ["item", "entry", "held_at_intake", "reused_at", "reused_by"]
    list_filter = ["held_at_intake"]
    list_select_related = ["item", "entry", "reused_by"]
    readonly_fields = ["item", "entry", "held_at_intake", "reused_at", "reused_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

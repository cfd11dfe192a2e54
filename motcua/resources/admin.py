"""Admin for the resource registers, the policy and the price list.

The computer list also exports every register as one xlsx workbook and
imports one back (all rows or none) through ``registers_import_xlsx``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.admin_xlsx import XlsxAdminMixin
from motcua.resources import xlsx
from motcua.resources.models import (
    Computer,
    ItStaff,
    NetworkLink,
    PriceItem,
    Printer,
    ResourcePolicy,
    Scanner,
    SpendingLine,
    Training,
    UnitBudget,
    VideoEndpoint,
)
from motcua.resources.services import (
    registers_export_xlsx,
    registers_import_xlsx,
)
from motcua.units.models import AdministrativeUnit

EQUIPMENT_FIELDS: list[Any] = [
    "unit",
    "inventory_code",
    "model_name",
    "counter",
    "purchase_year",
    "condition",
]


def import_summary(written: dict[str, int]) -> str:
    rows = ", ".join(f"{sheet}: {count}" for sheet, count in written.items())
    return gettext("Registers imported (%(rows)s).") % {"rows": rows}


class EquipmentAdmin(admin.ModelAdmin):
    list_filter = ["condition", "purchase_year"]
    search_fields = ["inventory_code", "model_name", "unit__name", "unit__code"]
    autocomplete_fields = ["unit", "counter"]
    list_select_related = ["unit", "counter"]


@admin.register(Computer)
class ComputerAdmin(XlsxAdminMixin, EquipmentAdmin):
    list_display = [*EQUIPMENT_FIELDS, "cpu_class", "ram_gb", "disk_type", "disk_gb"]
    list_filter = ["disk_type", "cpu_class", *EquipmentAdmin.list_filter]
    autocomplete_fields = [*EquipmentAdmin.autocomplete_fields, "officer"]

    # --- xlsx export and import of every register (admin_xlsx) ----------------

    xlsx_import_title = _("Import the resource registers from Excel (xlsx)")
    xlsx_import_template = "admin/resources/computer/import_xlsx.html"
    xlsx_filename = "motcua-registers"
    xlsx_sheets = tuple(xlsx.SHEETS)

    def xlsx_export(self, request: HttpRequest) -> bytes:
        ids = list(AdministrativeUnit.objects.values_list("pk", flat=True))
        return registers_export_xlsx(unit_ids=ids)

    def xlsx_import(self, request: HttpRequest, data: bytes) -> str:
        return import_summary(registers_import_xlsx(data=data, actor=request.user))


@admin.register(Printer)
class PrinterAdmin(EquipmentAdmin):
    list_display = [*EQUIPMENT_FIELDS, "colour", "duplex", "pages_per_minute"]


@admin.register(Scanner)
class ScannerAdmin(EquipmentAdmin):
    list_display = [*EQUIPMENT_FIELDS, "max_dpi", "colour", "duplex", "feeder"]
    list_filter = ["colour", "feeder", *EquipmentAdmin.list_filter]


@admin.register(NetworkLink)
class NetworkLinkAdmin(EquipmentAdmin):
    list_display = [*EQUIPMENT_FIELDS, "dedicated", "bandwidth_mbps", "provider"]
    list_filter = ["dedicated", *EquipmentAdmin.list_filter]


@admin.register(VideoEndpoint)
class VideoEndpointAdmin(EquipmentAdmin):
    list_display = EQUIPMENT_FIELDS


@admin.register(ItStaff)
class ItStaffAdmin(admin.ModelAdmin):
    list_display = ["full_name", "unit", "kind", "qualification"]
    list_filter = ["kind"]
    search_fields = ["full_name", "unit__name"]
    autocomplete_fields = ["unit", "officer"]
    list_select_related = ["unit"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["full_name", "unit", "course", "completed_on", "hours"]
    search_fields = ["full_name", "course", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


class SpendingLineInline(admin.TabularInline):
    model = SpendingLine
    extra = 0


@admin.register(UnitBudget)
class UnitBudgetAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "recurrent_total"]
    list_filter = ["year"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    inlines = [SpendingLineInline]


@admin.register(ResourcePolicy)
class ResourcePolicyAdmin(admin.ModelAdmin):
    """One row: the targets and the benefit model's weights (docs/resources.md)."""

    readonly_fields = ["updated_at", "updated_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not ResourcePolicy.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: ResourcePolicy, form: Any, change: bool
    ) -> None:
        obj.pk = 1  # the policy is a single row
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(PriceItem)
class PriceItemAdmin(admin.ModelAdmin):
    list_display = ["action", "price", "description"]
    list_editable = ["price", "description"]

"""Admin for the resource registers, the policy and the price list.

The computer list also exports every register as one xlsx workbook and
imports one back (all rows or none) through ``registers_import_xlsx``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.catalogue import xlsx as book
from motcua.catalogue.admin import XLSX_CONTENT_TYPE, CatalogueImportForm
from motcua.core.errors import DomainError
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
    RegistersImportError,
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
class ComputerAdmin(EquipmentAdmin):
    list_display = [*EQUIPMENT_FIELDS, "cpu_class", "ram_gb", "disk_type", "disk_gb"]
    list_filter = ["disk_type", "cpu_class", *EquipmentAdmin.list_filter]
    autocomplete_fields = [*EquipmentAdmin.autocomplete_fields, "officer"]

    def get_urls(self) -> list[URLPattern]:
        # Before the default patterns: "<path:object_id>/" would swallow them.
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "export-xlsx/",
                self.admin_site.admin_view(self.export_xlsx_view),
                name=f"{name}_export_xlsx",
            ),
            path(
                "import-xlsx/",
                self.admin_site.admin_view(self.import_xlsx_view),
                name=f"{name}_import_xlsx",
            ),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "can_export_xlsx": self.has_view_permission(request),
            "can_import_xlsx": self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def export_xlsx_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        ids = list(AdministrativeUnit.objects.values_list("pk", flat=True))
        response = HttpResponse(registers_export_xlsx(unit_ids=ids), content_type=XLSX_CONTENT_TYPE)
        filename = f"motcua-registers-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def import_xlsx_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return self._import_page(request, CatalogueImportForm())
        form = CatalogueImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._import_page(request, form, status=400)
        try:
            written = registers_import_xlsx(data=form.workbook_bytes(), actor=request.user)
        except RegistersImportError as exc:
            form.add_error(None, exc.message)
            return self._import_page(request, form, row_errors=exc.errors, status=400)
        except DomainError as exc:
            form.add_error("workbook", exc.message)
            return self._import_page(request, form, status=400)
        self.message_user(request, import_summary(written), messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:resources_computer_changelist")
        )

    def _import_page(
        self,
        request: HttpRequest,
        form: CatalogueImportForm,
        *,
        row_errors: list[str] | None = None,
        status: int = 200,
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import the resource registers from Excel (xlsx)"),
            "form": form,
            "row_errors": row_errors or [],
            "max_mb": book.MAX_BYTES // (1024 * 1024),
            "sheets": list(xlsx.SHEETS),
        }
        return TemplateResponse(
            request, "admin/resources/computer/import_xlsx.html", context, status=status
        )


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

"""Django admin for the procedure catalogue.

Rows flagged "sample data" were seeded with plausible values, not the
published procedure; the flag is a column, a filter and a note on each form.

The procedure list also exports the whole catalogue as an xlsx workbook and
imports one back (all rows or none) through the catalogue services.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.catalogue import xlsx
from motcua.catalogue.admin_xlsx import XlsxAdminMixin
from motcua.catalogue.models import (
    Bundle,
    BundleDocumentLink,
    Field,
    Procedure,
    ProcessingStep,
    RequiredDocument,
    ResultDocument,
)
from motcua.catalogue.services import (
    ImportReport,
    catalogue_export_xlsx,
    catalogue_import_xlsx,
    procedure_search_text,
)

SAMPLE_NOTE = _(
    "Rows flagged “sample data” hold plausible sample values, not the published "
    "procedure: check them against the National Public Service Portal before use."
)


def import_summary(report: ImportReport) -> str:
    return gettext(
        "Catalogue imported. Procedures created: %(created)d; updated: %(updated)d. "
        "Fields: %(fields)d; required documents: %(documents)d; result documents: "
        "%(results)d; processing steps: %(steps)d."
    ) % {
        "created": report.procedures_created,
        "updated": report.procedures_updated,
        "fields": report.fields,
        "documents": report.required_documents,
        "results": report.result_documents,
        "steps": report.steps,
    }


def _staff(request: HttpRequest) -> AbstractBaseUser:
    # admin_site.admin_view lets only logged-in staff reach the admin's views.
    return cast(AbstractBaseUser, request.user)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    fields = (
        "position",
        "name",
        "copies",
        "is_mandatory",
        "original_must_be_shown",
        "reusable_from_store",
    )


class ResultDocumentInline(admin.TabularInline):
    model = ResultDocument
    extra = 0


class ProcessingStepInline(admin.TabularInline):
    model = ProcessingStep
    extra = 0
    fields = ("position", "name", "role", "agency", "share_percent")


@admin.register(Procedure)
class ProcedureAdmin(XlsxAdminMixin):
    list_display = (
        "code",
        "name",
        "level",
        "time_limit_display",
        "project06_number",
        "online_level",
        "is_sample",
    )
    list_filter = ("is_sample", "level", "field", "online_level")
    search_fields = ("code", "name", "name_search")
    list_select_related = ("field",)
    readonly_fields = ("sample_note",)
    inlines = (RequiredDocumentInline, ResultDocumentInline, ProcessingStepInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "name",
                    "field",
                    "level",
                    "competent_agency",
                    "competent_authority",
                )
            },
        ),
        (
            _("Time limit and fees"),
            {"fields": ("time_limit", "time_limit_unit", "cutoff_hour", "fee", "fee_note")},
        ),
        (_("Online service"), {"fields": ("online_level", "project06_number", "is_active")}),
        (_("Sample data"), {"fields": ("is_sample", "sample_note"), "description": SAMPLE_NOTE}),
    )

    @admin.display(description=_("time limit"), ordering="time_limit")
    def time_limit_display(self, obj: Procedure) -> str:
        if obj.time_limit_unit == Procedure.LimitUnit.SAME_DAY:
            return str(obj.get_time_limit_unit_display())
        return f"{obj.time_limit} {obj.get_time_limit_unit_display()}"

    @admin.display(description=_("note"))
    def sample_note(self, obj: Procedure) -> str:
        return str(SAMPLE_NOTE) if obj.is_sample else "—"

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        # The admin writes the row itself, so it keeps the search text as the
        # catalogue services do.
        obj.name_search = procedure_search_text(code=obj.code, name=obj.name)
        super().save_model(request, obj, form, change)

    # --- xlsx export and import (admin_xlsx) -----------------------------------

    xlsx_import_title = _("Import the procedure catalogue from Excel (xlsx)")
    xlsx_import_template = "admin/catalogue/procedure/import_xlsx.html"
    xlsx_filename = "motcua-catalogue"
    xlsx_sheets = tuple(xlsx.SHEETS)

    def xlsx_export(self, request: HttpRequest) -> bytes:
        return catalogue_export_xlsx()

    def xlsx_import(self, request: HttpRequest, data: bytes) -> str:
        return import_summary(catalogue_import_xlsx(data=data, actor=_staff(request)))


class BundleDocumentLinkInline(admin.TabularInline):
    model = BundleDocumentLink
    extra = 0
    fields = ("procedure", "document_name", "issued_by")
    autocomplete_fields = ("procedure", "issued_by")


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "time_limit_days", "project06_number", "is_sample")
    list_filter = ("is_sample",)
    search_fields = ("code", "name")
    filter_horizontal = ("procedures",)
    readonly_fields = ("sample_note",)
    inlines = (BundleDocumentLinkInline,)

    @admin.display(description=_("note"))
    def sample_note(self, obj: Bundle) -> str:
        return str(SAMPLE_NOTE) if obj.is_sample else "—"

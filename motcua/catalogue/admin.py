"""Django admin for the procedure catalogue.

Rows flagged "sample data" were seeded with plausible values, not the
published procedure; the flag is a column, a filter and a note on each form.

The procedure list also exports the whole catalogue as an xlsx workbook and
imports one back (all rows or none) through the catalogue services.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.catalogue import xlsx
from motcua.catalogue.models import (
    Bundle,
    Field,
    Procedure,
    ProcessingStep,
    RequiredDocument,
    ResultDocument,
)
from motcua.catalogue.services import (
    CatalogueImportError,
    ImportReport,
    catalogue_export_xlsx,
    catalogue_import_xlsx,
    procedure_search_text,
)
from motcua.core.errors import DomainError

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SAMPLE_NOTE = _(
    "Rows flagged “sample data” hold plausible sample values, not the published "
    "procedure: check them against the National Public Service Portal before use."
)


class CatalogueImportForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_CONTENT_TYPE}),
    )

    def clean_workbook(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["workbook"]
        # Refused on the size the upload handler counted, before the file is
        # read into memory.
        if upload.size is not None and upload.size > xlsx.MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)d MB; split it into smaller files.")
                % {"mb": xlsx.MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def workbook_bytes(self) -> bytes:
        # One byte over the limit is enough for the service to refuse the file
        # should the declared size have been wrong.
        upload: UploadedFile = self.cleaned_data["workbook"]
        return upload.read(xlsx.MAX_BYTES + 1)


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
class ProcedureAdmin(admin.ModelAdmin):
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

    # --- xlsx export and import ------------------------------------------------

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
        # Django's rule: catalogue.view_procedure, or change_procedure which implies it.
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(catalogue_export_xlsx(), content_type=XLSX_CONTENT_TYPE)
        filename = f"motcua-catalogue-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def import_xlsx_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):  # catalogue.change_procedure
            raise PermissionDenied
        if request.method != "POST":
            return self._import_page(request, CatalogueImportForm())
        form = CatalogueImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._import_page(request, form, status=400)
        try:
            report = catalogue_import_xlsx(data=form.workbook_bytes(), actor=_staff(request))
        except CatalogueImportError as exc:
            form.add_error(None, exc.message)
            return self._import_page(request, form, row_errors=exc.errors, status=400)
        except DomainError as exc:
            form.add_error("workbook", exc.message)
            return self._import_page(request, form, status=400)
        self.message_user(request, import_summary(report), messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:catalogue_procedure_changelist")
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
            "title": _("Import the procedure catalogue from Excel (xlsx)"),
            "form": form,
            "row_errors": row_errors or [],
            "max_mb": xlsx.MAX_BYTES // (1024 * 1024),
            "sheets": list(xlsx.SHEETS),
        }
        return TemplateResponse(
            request, "admin/catalogue/procedure/import_xlsx.html", context, status=status
        )


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "time_limit_days", "project06_number", "is_sample")
    list_filter = ("is_sample",)
    search_fields = ("code", "name")
    filter_horizontal = ("procedures",)
    readonly_fields = ("sample_note",)

    @admin.display(description=_("note"))
    def sample_note(self, obj: Bundle) -> str:
        return str(SAMPLE_NOTE) if obj.is_sample else "—"

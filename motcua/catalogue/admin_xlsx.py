"""The admin's xlsx export and import, shared by every register kept as a workbook.

A ModelAdmin mixes this in and says what to write and how to read:
``xlsx_export(request)`` returns the workbook, ``xlsx_import(request, data)``
writes it (all rows or none) and returns the summary shown to the user, or
raises ``xlsx.WorkbookRefused`` (row-level reasons) or ``DomainError``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalogue import xlsx
from motcua.core.errors import DomainError

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


class XlsxAdminMixin(admin.ModelAdmin):
    xlsx_import_title: Any = ""
    xlsx_import_template = ""
    xlsx_filename = "motcua"  # the export is named <this>-<date>.xlsx
    xlsx_sheets: tuple[str, ...] = ()

    def xlsx_export(self, request: HttpRequest) -> bytes:
        raise NotImplementedError

    def xlsx_import(self, request: HttpRequest, data: bytes) -> str:
        raise NotImplementedError

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
        # Django's rule: the view permission, or change which implies it.
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(self.xlsx_export(request), content_type=XLSX_CONTENT_TYPE)
        filename = f"{self.xlsx_filename}-{timezone.localdate():%Y%m%d}.xlsx"
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
            summary = self.xlsx_import(request, form.workbook_bytes())
        except xlsx.WorkbookRefused as exc:
            form.add_error(None, exc.message)
            return self._import_page(request, form, row_errors=exc.errors, status=400)
        except DomainError as exc:
            form.add_error("workbook", exc.message)
            return self._import_page(request, form, status=400)
        self.message_user(request, summary, messages.SUCCESS)
        changelist = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return HttpResponseRedirect(reverse(f"{self.admin_site.name}:{changelist}"))

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
            "title": self.xlsx_import_title,
            "form": form,
            "row_errors": row_errors or [],
            "max_mb": xlsx.MAX_BYTES // (1024 * 1024),
            "sheets": list(self.xlsx_sheets),
        }
        return TemplateResponse(request, self.xlsx_import_template, context, status=status)

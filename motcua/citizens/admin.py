"""Admin for the local population registry: find a person, read their record, import a file.

The registry holds personal data (Decree 13/2023), so the page is not a browser
of the whole table: it lists people only for a search (a whole ID number, or
name words with or without accents), shows the number masked in the list, and
every search and every record opened leaves an audit row. Rows change only
through the import (CSV or xlsx, all rows or none), never by hand.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.citizens.models import RegistryPerson
from motcua.citizens.registry import masked
from motcua.citizens.selectors import registry_people_search
from motcua.citizens.services import (
    COLUMNS,
    MAX_BYTES,
    RegistryImportError,
    registry_import,
    registry_person_read_record,
    registry_search_record,
)
from motcua.core.errors import DomainError


class RegistryImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)d MB; split it into smaller files.")
                % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload


@admin.register(RegistryPerson)
class RegistryPersonAdmin(admin.ModelAdmin):
    list_display = ("number", "full_name", "birth_date", "sex", "updated_at")
    search_fields = ("full_name",)  # shows the search box; the search is registry_people_search
    search_help_text = _(
        "A whole personal ID number, or at least two words of the name (accents optional)."
    )
    fields = readonly_fields = (
        "id_number",
        "full_name",
        "birth_date",
        "sex",
        "permanent_address",
        "updated_at",
    )
    show_full_result_count = False

    @admin.display(description=_("personal ID number"))
    def number(self, obj: RegistryPerson) -> str:
        return masked(obj.id_number)

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # No filtering from the URL (?id_number__startswith=…): it would tell the digits
        # of a number one by one without a record ever being opened. Only the search.
        return False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[RegistryPerson], search_term: str
    ) -> tuple[QuerySet[RegistryPerson], bool]:
        found = registry_people_search(search_term[:100])
        return queryset.filter(pk__in=found.values("pk")), False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(
            request, {**(extra_context or {}), "can_import": self.has_change_permission(request)}
        )
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and (query := changelist.query.replace("\x00", "").strip()):
            registry_search_record(user=request.user, query=query, found=changelist.result_count)
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        person = self.get_object(request, object_id)
        if person is not None and response.status_code == 200:
            registry_person_read_record(user=request.user, person=person)
        return response

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The change permission is the import's; a record itself is never edited by hand.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        # Before the default patterns: "<path:object_id>/" would swallow it.
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="citizens_registryperson_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Import people from CSV or xlsx through ``registry_import``: all rows or none."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return self._import_page(request, RegistryImportForm())
        form = RegistryImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._import_page(request, form, status=400)
        upload: UploadedFile = form.cleaned_data["file"]
        try:
            # One byte over the limit is enough for the service to refuse it.
            report = registry_import(
                data=upload.read(MAX_BYTES + 1), filename=upload.name or "", actor=request.user
            )
        except RegistryImportError as exc:
            form.add_error(None, exc.message)
            return self._import_page(request, form, row_errors=exc.errors, status=400)
        except DomainError as exc:
            form.add_error("file", exc.message)
            return self._import_page(request, form, status=400)
        self.message_user(
            request,
            gettext("Population registry imported: %(created)d added, %(updated)d updated.")
            % {"created": report.created, "updated": report.updated},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:citizens_registryperson_changelist"))

    def _import_page(
        self,
        request: HttpRequest,
        form: RegistryImportForm,
        *,
        row_errors: list[str] | None = None,
        status: int = 200,
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import people into the population registry"),
            "form": form,
            "row_errors": row_errors or [],
            "max_mb": MAX_BYTES // (1024 * 1024),
            "columns": [c.key for c in COLUMNS],
        }
        return TemplateResponse(
            request, "admin/citizens/registryperson/import.html", context, status=status
        )

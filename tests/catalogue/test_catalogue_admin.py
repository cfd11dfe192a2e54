"""The catalogue's xlsx export and import in the Django admin, through the HTTP boundary."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from motcua.catalogue import admin as catalogue_admin
from motcua.catalogue import xlsx
from motcua.catalogue.models import (
    Field,
    Procedure,
    ProcessingStep,
    RequiredDocument,
    ResultDocument,
)
from motcua.catalogue.services import catalogue_export_xlsx
from motcua.core.models import AuditEntry

from .conftest import catalogue_snapshot, table_counts, workbook_edit

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:catalogue_procedure_changelist")
EXPORT = reverse("admin:catalogue_procedure_export_xlsx")
IMPORT = reverse("admin:catalogue_procedure_import_xlsx")


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(data: bytes, name: str = "catalogue.xlsx") -> dict[str, Any]:
    return {"workbook": SimpleUploadedFile(name, data, content_type=xlsx_type())}


def xlsx_type() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page_text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def staff(django_user_model: Any) -> Any:
    """A staff member with no permission on the catalogue."""
    return django_user_model.objects.create_user(
        username="staff", password="staff-pw-2026", is_staff=True
    )


@pytest.fixture
def staff_client(staff: Any) -> Client:
    client = Client()
    client.force_login(staff)
    return english(client)


def grant(user: Any, *codenames: str) -> None:
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="catalogue", codename__in=codenames)
    )


# --- the change list ------------------------------------------------------------


def test_change_list_offers_export_and_import(admin_client: Client, seeded: int) -> None:
    page = page_text(english(admin_client).get(CHANGELIST))
    assert f'href="{EXPORT}"' in page
    assert "Export to Excel (xlsx)" in page
    assert f'href="{IMPORT}"' in page
    assert "Import from Excel (xlsx)" in page


def test_change_list_buttons_are_in_vietnamese_by_default(admin_client: Client) -> None:
    page = page_text(admin_client.get(CHANGELIST))
    assert "Xuất ra Excel (xlsx)" in page
    assert "Nhập từ Excel (xlsx)" in page


def test_a_viewer_sees_export_but_not_import(staff: Any, staff_client: Client) -> None:
    grant(staff, "view_procedure")
    page = page_text(staff_client.get(CHANGELIST))
    assert f'href="{EXPORT}"' in page
    assert f'href="{IMPORT}"' not in page


# --- export -------------------------------------------------------------------


def test_export_downloads_a_workbook_with_the_seeded_procedures(
    admin_client: Client, seeded: int
) -> None:
    response = admin_client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == xlsx_type()
    filename = f"motcua-catalogue-{timezone.localdate():%Y%m%d}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    codes = {row[0] for row in book["procedures"].iter_rows(min_row=2, values_only=True)}
    assert codes == set(Procedure.objects.values_list("code", flat=True))
    assert len(codes) == seeded


# --- import -------------------------------------------------------------------


def test_import_page_shows_a_file_field(admin_client: Client) -> None:
    response = english(admin_client).get(IMPORT)
    assert response.status_code == 200
    page = page_text(response)
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="workbook"' in page


def test_importing_the_exported_workbook_succeeds_with_a_message(
    admin_client: Client, seeded: int
) -> None:
    data = english(admin_client).get(EXPORT).content
    audits = AuditEntry.objects.filter(action="catalogue.import").count()

    response = admin_client.post(IMPORT, upload(data), follow=True)

    assert response.redirect_chain == [(CHANGELIST, 302)]
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        f"Catalogue imported. Procedures created: 0; updated: {seeded}. "
        f"Fields: {Field.objects.count()}; "
        f"required documents: {RequiredDocument.objects.count()}; "
        f"result documents: {ResultDocument.objects.count()}; "
        f"processing steps: {ProcessingStep.objects.count()}."
    ]
    entry = AuditEntry.objects.filter(action="catalogue.import").latest("pk")
    assert AuditEntry.objects.filter(action="catalogue.import").count() == audits + 1
    assert entry.actor.username == "admin"  # type: ignore[union-attr]


def test_a_bad_row_is_shown_and_nothing_is_written(admin_client: Client, seeded: int) -> None:
    data = workbook_edit(catalogue_export_xlsx(), [("procedures", 3, "time_limit", "abc")])
    limits = sorted(Procedure.objects.values_list("code", "time_limit"))
    counts, snapshot = table_counts(), catalogue_snapshot()

    response = english(admin_client).post(IMPORT, upload(data))

    assert response.status_code == 400
    assert response.context["row_errors"] == [
        "sheet procedures, row 3: time_limit must be a whole number from 0 to 3650"
    ]
    page = page_text(response)
    assert "sheet procedures, row 3: time_limit must be a whole number from 0 to 3650" in page
    assert "The spreadsheet has 1 errors; nothing was imported." in page
    assert sorted(Procedure.objects.values_list("code", "time_limit")) == limits
    assert table_counts() == counts
    assert catalogue_snapshot() == snapshot


def test_garbage_bytes_are_refused_with_a_clear_message(admin_client: Client, seeded: int) -> None:
    counts = table_counts()

    response = english(admin_client).post(IMPORT, upload(b"not a workbook at all"))

    assert response.status_code == 400
    assert "The file is not an Excel workbook (.xlsx)." in page_text(response)
    assert table_counts() == counts


def test_an_oversize_file_is_refused_before_it_is_read(
    admin_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_BYTES", 1024 * 1024)
    reached: list[bytes] = []
    monkeypatch.setattr(
        catalogue_admin, "catalogue_import_xlsx", lambda *, data, actor: reached.append(data)
    )

    response = english(admin_client).post(IMPORT, upload(b"x" * (1024 * 1024 + 1)))

    assert response.status_code == 400
    assert "The file is larger than 1 MB; split it into smaller files." in page_text(response)
    assert reached == []


def test_posting_without_a_file_asks_for_one(admin_client: Client) -> None:
    response = english(admin_client).post(IMPORT, {})
    assert response.status_code == 400
    assert "This field is required." in page_text(response)


# --- permissions -----------------------------------------------------------------


def test_staff_without_permission_gets_403_on_export_and_import(
    staff_client: Client, seeded: int
) -> None:
    counts = table_counts()
    data = catalogue_export_xlsx()

    assert staff_client.get(EXPORT).status_code == 403
    assert staff_client.get(IMPORT).status_code == 403
    assert staff_client.post(IMPORT, upload(data)).status_code == 403
    assert table_counts() == counts


def test_a_viewer_may_export_but_not_import(staff: Any, staff_client: Client, seeded: int) -> None:
    grant(staff, "view_procedure")

    assert staff_client.get(EXPORT).status_code == 200
    assert staff_client.post(IMPORT, upload(catalogue_export_xlsx())).status_code == 403


def test_an_editor_may_import(staff: Any, staff_client: Client, seeded: int) -> None:
    grant(staff, "change_procedure")
    response = staff_client.post(IMPORT, upload(catalogue_export_xlsx()))
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client) -> None:
    for url in (EXPORT, IMPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]

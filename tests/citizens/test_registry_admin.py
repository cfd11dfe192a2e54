"""The local population registry in the admin (issue 4): found by name without accents or
by a whole number, listed masked, every search and every record opened logged (Decree
13/2023); filled from a CSV or xlsx file, all rows or none."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.citizens.models import RegistryPerson
from motcua.citizens.services import registry_import
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:citizens_registryperson_changelist")
IMPORT = reverse("admin:citizens_registryperson_import")
HUNG = "024090001234"
CSV = (
    "id_number,full_name,birth_date,sex,permanent_address\n"
    f'{HUNG},Nguyễn Văn Hùng,1990-05-17,male,"Thôn Đồng Mới, xã Đèo Gia"\n'
    "024190002345,Nguyễn Thị Hương,1990-02-01,female,Xã Đèo Gia\n"
    "001085003456,Trần Văn Hưng,1985-07-09,male,Hà Nội\n"
)


def csv_upload(text: str, name: str = "dan-cu.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.fixture
def people(db: Any) -> None:
    registry_import(data=CSV.encode(), filename="dan-cu.csv", actor=None)


def staff_client(
    django_user_model: Any, settings: Any, *perms: str, username: str = "it.tinh"
) -> tuple[Any, Client]:
    user = django_user_model.objects.create_user(
        username=username, password="it-pw-2026", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="citizens", codename__in=perms)
    )
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return user, client


def test_a_name_typed_without_accents_finds_the_person_listed_masked(
    people: None, django_user_model: Any, settings: Any
) -> None:
    user, client = staff_client(django_user_model, settings, "view_registryperson")
    page = client.get(CHANGELIST, {"q": "nguyen van hung"}).content.decode()
    assert "Nguyễn Văn Hùng" in page
    assert "Trần Văn Hưng" not in page and "Nguyễn Thị Hương" not in page
    assert "024*******34" in page and HUNG not in page
    search = AuditEntry.objects.get(action="registry.search")
    assert search.actor == user and search.data == {"query": "nguyen van hung", "found": 1}
    by_number = client.get(CHANGELIST, {"q": HUNG}).content.decode()
    assert "Nguyễn Văn Hùng" in by_number and "Trần Văn Hưng" not in by_number
    numbers = AuditEntry.objects.filter(action="registry.search", data__found=1)
    assert {e.data["query"] for e in numbers} == {"nguyen van hung", "024*******34"}


def test_the_registry_cannot_be_browsed_or_filtered_digit_by_digit(
    people: None, django_user_model: Any, settings: Any
) -> None:
    _user, client = staff_client(django_user_model, settings, "view_registryperson")
    for query in ("n", "nguyen", "nguyen v", "0240"):
        page = client.get(CHANGELIST, {"q": query}).content.decode()
        assert "Nguyễn" not in page, query
    probe = client.get(CHANGELIST, {"q": "nguyen van", "id_number__startswith": "0240900"})
    assert probe.status_code == 400
    for lookup in ("birth_date", "sex", "permanent_address__icontains"):
        assert client.get(CHANGELIST, {"q": "nguyen van", lookup: "x"}).status_code == 400


def test_without_a_search_nobody_is_listed(
    people: None, django_user_model: Any, settings: Any
) -> None:
    _user, client = staff_client(django_user_model, settings, "view_registryperson")
    page = client.get(CHANGELIST).content.decode()
    assert "Nguyễn" not in page and "is not listed in full" in page
    assert not AuditEntry.objects.filter(action="registry.search").exists()


def test_opening_a_record_shows_it_whole_and_is_logged(
    people: None, django_user_model: Any, settings: Any
) -> None:
    user, client = staff_client(django_user_model, settings, "view_registryperson")
    person = RegistryPerson.objects.get(id_number=HUNG)
    url = reverse("admin:citizens_registryperson_change", args=[person.pk])
    page = client.get(url).content.decode()
    assert HUNG in page and "Thôn Đồng Mới, xã Đèo Gia" in page
    read = AuditEntry.objects.get(action="registry.read")
    assert (read.actor, read.object_id) == (user, "024*******34")
    assert HUNG not in str(read.data)
    # Read-only, even for those who may import: no editing, adding or deleting by hand.
    _user, importer = staff_client(
        django_user_model,
        settings,
        "view_registryperson",
        "change_registryperson",
        username="nhap.lieu",
    )
    edit = importer.post(url, {"full_name": "Người Khác", "birth_date": "1990-05-17"})
    assert edit.status_code == 403
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Hùng"
    assert importer.get(reverse("admin:citizens_registryperson_add")).status_code == 403
    delete = reverse("admin:citizens_registryperson_delete", args=[person.pk])
    assert importer.post(delete, {"post": "yes"}).status_code == 403
    assert RegistryPerson.objects.filter(pk=person.pk).exists()


def test_a_file_is_imported_from_the_admin_and_a_bad_one_changes_nothing(
    django_user_model: Any, settings: Any
) -> None:
    user, client = staff_client(
        django_user_model, settings, "view_registryperson", "change_registryperson"
    )
    assert "Import from CSV or Excel" in client.get(CHANGELIST).content.decode()
    done = client.post(IMPORT, {"file": csv_upload(CSV)}, follow=True).content.decode()
    assert "3 added, 0 updated" in done
    hung = RegistryPerson.objects.get(id_number=HUNG)
    assert (hung.birth_date, hung.name_search) == (date(1990, 5, 17), "nguyen van hung")
    assert AuditEntry.objects.get(action="registry.import").actor == user

    # The second row's number says born in 1990, its birth date 1991: nothing imported.
    bad = CSV.replace("Nguyễn Văn Hùng", "Nguyễn Văn Hùng Sửa").replace("1990-02-01", "1991-02-01")
    refused = client.post(IMPORT, {"file": csv_upload(bad)})
    assert refused.status_code == 400
    assert "sheet persons, row 3:" in refused.content.decode()
    assert RegistryPerson.objects.get(id_number=HUNG).full_name == "Nguyễn Văn Hùng"
    wrong_kind = client.post(IMPORT, {"file": csv_upload(CSV, "dan-cu.txt")})
    assert wrong_kind.status_code == 400 and "Import a .csv or .xlsx file." in (
        wrong_kind.content.decode()
    )


def test_only_those_allowed_see_or_import(
    people: None, django_user_model: Any, settings: Any
) -> None:
    _user, viewer = staff_client(django_user_model, settings, "view_registryperson")
    assert viewer.get(IMPORT).status_code == 403
    assert viewer.post(IMPORT, {"file": csv_upload(CSV)}).status_code == 403
    _user, nobody = staff_client(django_user_model, settings, username="khong.quyen")
    assert nobody.get(CHANGELIST, {"q": "hung"}).status_code == 403
    anonymous = Client().get(CHANGELIST, {"q": "hung"})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert not AuditEntry.objects.filter(action="registry.search").exists()

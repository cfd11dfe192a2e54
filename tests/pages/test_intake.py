from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from motcua.catalogue.services import procedure_search_text
from motcua.dossiers.models import Dossier

URL = reverse("dossiers:intake")


def _post_data(world: Any, **overrides: Any) -> dict[str, Any]:
    docs = list(world.procedure.required_documents.all())
    data: dict[str, Any] = {
        "procedure": world.procedure.code,
        "applicant_kind": "person",
        "applicant_name": "Nguyễn Văn Hùng",
        "applicant_id": "024090001234",
        "applicant_birth_date": "17/05/1990",
        "applicant_sex": "male",
        "applicant_address": "Thôn Đồng Mới, xã Đèo Gia",
        "applicant_phone": "0912345678",
        "applicant_email": "",
        "sets": "1",
        "delivery": "counter",
        "delivery_address": "",
        "request": "",
    }
    for doc in docs:
        data[f"copies_{doc.pk}"] = str(doc.copies)
        if doc.is_mandatory:
            data[f"doc_{doc.pk}"] = "on"
    return data | overrides


def test_step_one_lists_procedures_and_finds_them_without_accents(
    client: Client, world: Any
) -> None:
    procedure = world.procedure
    procedure.name_search = procedure_search_text(code=procedure.code, name=procedure.name)
    procedure.save()
    client.force_login(world.counter)
    assert "Đăng ký kết hôn" in client.get(URL).content.decode()
    found = client.get(URL, {"q": "dang ky ket hon"}).content.decode()
    assert "Đăng ký kết hôn" in found
    assert "Cấp phiếu lý lịch tư pháp" not in found


def test_step_two_shows_the_checklist_with_mandatory_items_checked(
    client: Client, world: Any
) -> None:
    client.force_login(world.counter)
    response = client.get(URL, {"procedure": world.procedure.code})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Căn cước công dân (xuất trình)" in page
    form = response.context["form"]
    checked = {row.document.name: row.provided.value() for row in form.checklist()}
    assert checked == {
        "Tờ khai theo mẫu": True,
        "Căn cước công dân (xuất trình)": True,
        "Giấy tờ khác": False,
    }


def test_intake_creates_the_dossier_and_redirects_to_it(client: Client, world: Any) -> None:
    client.force_login(world.counter)
    response = client.post(URL, _post_data(world))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.code])
    assert dossier.documents.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert f"Dossier {dossier.code} received" in page
    assert reverse("dossiers:printout", args=[dossier.code, "01"]) in page


def test_a_bad_id_number_reshows_the_form_and_keeps_what_was_typed(
    client: Client, world: Any
) -> None:
    client.force_login(world.counter)
    response = client.post(URL, _post_data(world, applicant_id="12345"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "12 digits" in page
    assert 'value="Nguyễn Văn Hùng"' in page
    assert response.context["form"].errors["applicant_id"]
    assert not Dossier.objects.exists()


def test_a_missing_mandatory_document_is_shown_at_the_checklist(client: Client, world: Any) -> None:
    first = world.procedure.required_documents.first()
    data = _post_data(world)
    del data[f"doc_{first.pk}"]
    client.force_login(world.counter)
    response = client.post(URL, data)
    assert response.status_code == 400
    assert response.context["form"].checklist_errors
    assert not Dossier.objects.exists()


def test_a_specialist_may_not_open_intake(client: Client, world: Any) -> None:
    client.force_login(world.specialist)
    response = client.get(URL)
    assert response.status_code == 403
    assert "Only counter officers" in response.content.decode()

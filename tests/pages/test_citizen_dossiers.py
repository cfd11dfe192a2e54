"""The citizen's own pages: find a procedure, follow a dossier, download the result, rate.

The persona × object matrix: the owner sees and acts on their dossier; another
citizen, an officer and an anonymous visitor never do (anonymous is sent to
sign in; the others get "not found", which tells nothing about the dossier).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.citizens.models import Citizen
from motcua.citizens.services import CitizenIdentity, citizen_sign_in
from motcua.digitization.results import result_attach
from motcua.dossiers.models import Dossier, DossierRating
from tests.digitization.samples import born_digital_pdf
from tests.dossiers.helpers import HUNG, act, receive

LAN = HUNG.__class__(
    name="Trần Thị Lan",
    id_number="024185000111",
    birth_date=None,
    sex="female",
    address="Thôn Hạ, xã Đèo Gia, Bắc Ninh",
)


def citizen(person: Any) -> Citizen:
    identity = CitizenIdentity(id_number=person.id_number, full_name=person.name)
    return citizen_sign_in(identity=identity, method="vneid")


def client_of(user: Any, settings: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@dataclass
class Case:
    hung: Citizen
    lan: Citizen
    dossier: Dossier  # Hùng's, returned, with an electronic result
    result_id: int
    pdf: bytes


@pytest.fixture
def case(world: Any) -> Case:
    dossier = receive(world.counter)
    act(world.counter, dossier, "request_supplement", missing=["Tờ khai theo mẫu"])
    act(world.counter, dossier, "supplement")
    act(world.counter, dossier, "assign", assignee="specialist")
    act(world.specialist, dossier, "appraise")
    act(world.leader, dossier, "approve")
    act(world.leader, dossier, "sign")
    pdf = born_digital_pdf()
    row = result_attach(actor=world.clerk, dossier_code=dossier.code, data=pdf, filename="kq.pdf")
    act(world.clerk, dossier, "issue", result_number="12/KQ")
    dossier = act(world.counter, dossier, "return")
    return Case(citizen(HUNG), citizen(LAN), dossier, row.pk, pdf)


def test_the_owner_follows_the_dossier_downloads_the_result_and_rates(
    world: Any, case: Case, settings: Any
) -> None:
    client = client_of(case.hung.user, settings)
    home = client.get(reverse("citizen:home")).content.decode()
    assert reverse("citizen:dossier", args=[case.dossier.code]) in home
    page = client.get(reverse("citizen:dossier", args=[case.dossier.code]))
    html = page.content.decode()
    assert page.status_code == 200
    # The timeline tells the citizen what was asked for and when.
    assert "Request a supplement" in html and "Missing: Tờ khai theo mẫu" in html
    assert "Return the result" in html
    download = client.get(reverse("citizen:result", args=[case.dossier.code, case.result_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == case.pdf
    assert "How was your dossier handled?" in html
    rated = client.post(
        reverse("citizen:rate", args=[case.dossier.code]), {"value": "good"}, follow=True
    )
    assert "your rating has been recorded" in rated.content.decode()
    assert DossierRating.objects.get(dossier=case.dossier).value == "good"
    again = client.post(reverse("citizen:rate", args=[case.dossier.code]), {"value": "bad"})
    assert again.status_code == 302
    assert DossierRating.objects.get(dossier=case.dossier).value == "good"


@pytest.mark.parametrize("persona", ["lan", "officer", "anonymous"])
@pytest.mark.parametrize("target", ["dossier", "result", "rate"])
def test_no_one_else_sees_or_acts_on_a_citizens_dossier(
    world: Any, case: Case, settings: Any, persona: str, target: str
) -> None:
    user = {"lan": case.lan.user, "officer": world.counter, "anonymous": None}[persona]
    client = client_of(user, settings)
    code = case.dossier.code
    url = {
        "dossier": reverse("citizen:dossier", args=[code]),
        "result": reverse("citizen:result", args=[code, case.result_id]),
        "rate": reverse("citizen:rate", args=[code]),
    }[target]
    response = client.post(url, {"value": "bad"}) if target == "rate" else client.get(url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == reverse("citizen:home")
    else:
        assert response.status_code == 404
    assert not DossierRating.objects.exists()
    # Nothing of the dossier shows: not its procedure, not the applicant.
    body = response.content.decode()
    assert "Đăng ký kết hôn" not in body and HUNG.name not in body


def test_a_result_is_not_offered_before_it_is_ready(world: Any, settings: Any) -> None:
    hung = citizen(HUNG)
    dossier = receive(world.counter)
    act(world.counter, dossier, "assign", assignee="specialist")
    act(world.specialist, dossier, "appraise")
    act(world.leader, dossier, "approve")
    row = result_attach(
        actor=world.clerk, dossier_code=dossier.code, data=born_digital_pdf(), filename="kq.pdf"
    )
    client = client_of(hung.user, settings)
    page = client.get(reverse("citizen:dossier", args=[dossier.code])).content.decode()
    assert "Your result" not in page
    assert client.get(reverse("citizen:result", args=[dossier.code, row.pk])).status_code == 404


def test_anyone_finds_a_procedure_without_accents_and_reads_what_it_needs(
    world: Any, settings: Any
) -> None:
    client = client_of(None, settings)
    found = client.get(reverse("citizen:procedures"), {"q": "dang ky ket hon"}).content.decode()
    assert "Đăng ký kết hôn" in found
    assert "Cấp phiếu lý lịch tư pháp" not in found
    by_field = client.get(reverse("citizen:procedures"), {"field": "HT"}).content.decode()
    assert "Cấp phiếu lý lịch tư pháp" in by_field
    page = client.get(reverse("citizen:procedure", args=["1.000894"])).content.decode()
    assert "Tờ khai theo mẫu" in page and "What to hand in" in page
    assert client.get(reverse("citizen:procedure", args=["9.999999"])).status_code == 404


def test_a_procedure_page_upload_is_not_a_thing(world: Any, settings: Any) -> None:
    """The procedure pages only read: a POST is refused, nothing is written."""
    client = client_of(citizen(HUNG).user, settings)
    upload = SimpleUploadedFile("x.pdf", born_digital_pdf(), content_type="application/pdf")
    response = client.post(reverse("citizen:procedure", args=["1.000894"]), {"file": upload})
    assert response.status_code == 405

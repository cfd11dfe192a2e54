"""Electronic results: a checked PDF attached to the dossier from approval to return."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.core.errors import DomainError
from motcua.digitization.checks import ScanRefused
from motcua.digitization.results import result_attach
from motcua.dossiers.models import ResultFile
from tests.dossiers.helpers import act, receive

from .samples import born_digital_pdf, signed_pdf, text_jpeg

pytestmark = pytest.mark.django_db


def signed_off(world: Any) -> Any:
    dossier = receive(world.counter)
    act(world.counter, dossier, "assign", assignee="specialist")
    act(world.specialist, dossier, "appraise")
    act(world.leader, dossier, "approve")
    return act(world.leader, dossier, "sign")


def test_the_clerk_attaches_the_signed_result(world: Any) -> None:
    dossier = signed_off(world)
    pdf = signed_pdf()
    row = result_attach(
        actor=world.clerk, dossier_code=dossier.code, data=pdf, filename="../kq.pdf"
    )
    assert (row.name, row.signed, row.dossier_id) == ("kq.pdf", True, dossier.pk)
    with default_storage.open(row.file.name, "rb") as stored:
        assert stored.read() == pdf
    with pytest.raises(DomainError, match="already attached"):
        result_attach(actor=world.clerk, dossier_code=dossier.code, data=pdf, filename="kq.pdf")


def test_a_result_must_be_a_pdf_of_an_approved_dossier_by_its_agency(world: Any) -> None:
    open_dossier = receive(world.counter)
    with pytest.raises(DomainError, match="once the dossier is approved"):
        result_attach(
            actor=world.clerk, dossier_code=open_dossier.code, data=born_digital_pdf(), filename="a"
        )
    dossier = signed_off(world)
    with pytest.raises(ScanRefused, match="must be a PDF"):
        result_attach(actor=world.clerk, dossier_code=dossier.code, data=text_jpeg(), filename="a")
    with pytest.raises(ScanRefused):
        result_attach(
            actor=world.clerk, dossier_code=dossier.code, data=b"%PDF-1.7 junk", filename="a"
        )
    with pytest.raises(DomainError, match="specialist, leader or clerk"):
        result_attach(
            actor=world.counter, dossier_code=dossier.code, data=born_digital_pdf(), filename="a"
        )
    assert not ResultFile.objects.exists()


def test_the_dossier_page_offers_the_upload_and_serves_the_file(world: Any, settings: Any) -> None:
    dossier = signed_off(world)
    client = Client()
    client.force_login(world.clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    detail = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Electronic result" in detail and "Attach the result" in detail
    upload = reverse("digitization:result_upload", args=[dossier.code])
    with open(__file__, "rb") as not_a_pdf:
        refused = client.post(upload, {"file": not_a_pdf}, follow=True)
    assert "is not a PDF, JPEG, PNG or TIFF" in refused.content.decode()
    content = born_digital_pdf()
    pdf = SimpleUploadedFile("ket-qua.pdf", content, content_type="application/pdf")
    client.post(upload, {"file": pdf})
    row = ResultFile.objects.get(dossier=dossier)
    served = client.get(reverse("digitization:result_download", args=[dossier.code, row.pk]))
    assert b"".join(served.streaming_content) == content
    stranger = Client()
    stranger.force_login(world.stranger)
    url = reverse("digitization:result_download", args=[dossier.code, row.pk])
    assert stranger.get(url).status_code == 404

"""Digitization through the HTTP boundary: the dossier page's card and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.api.services import api_token_issue
from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.digitization.services import scan_process
from tests.dossiers.helpers import receive

from .samples import text_png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def png(name: str = "giay-khai-sinh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text_png(dpi=200), content_type="image/png")


def test_the_counter_uploads_on_the_dossier_page_and_follows_the_progress(
    client: Client, world: Any
) -> None:
    dossier = receive(world.counter)
    item = dossier.documents.first()
    client.force_login(world.counter)
    response = client.post(
        f"/dossiers/{dossier.code}/scans/", {"file": png(), "checklist_item": str(item.pk)}
    )
    assert response.status_code == 302
    scan = ScannedDocument.objects.get(dossier=dossier)
    assert scan.dossier_document == item and scan.status == ScanStatus.QUEUED
    page = client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert "giay-khai-sinh.png" in page and "scans.js" in page  # polling while it runs
    progress = client.get(f"/dossiers/{dossier.code}/scans/progress/").json()
    assert progress["scans"][0]["status"] == "queued"
    scan_process(document_id=scan.pk)
    page = client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert "PDF/A" in page and "scans.js" not in page
    archival = client.get(f"/dossiers/{dossier.code}/scans/{scan.pk}/archival/")
    assert archival.status_code == 200
    assert b"".join(archival.streaming_content).startswith(b"%PDF")


def test_a_hostile_upload_is_refused_with_a_message_and_nothing_kept(
    client: Client, world: Any
) -> None:
    dossier = receive(world.counter)
    client.force_login(world.counter)
    fake = SimpleUploadedFile("ho-so.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    response = client.post(f"/dossiers/{dossier.code}/scans/", {"file": fake}, follow=True)
    assert response.status_code == 200
    assert not ScannedDocument.objects.exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_an_oversize_upload_is_refused_before_it_is_read(
    client: Client, world: Any, settings: Any
) -> None:
    settings.MOTCUA_SCAN_MAX_BYTES = 1000
    dossier = receive(world.counter)
    client.force_login(world.counter)
    client.post(f"/dossiers/{dossier.code}/scans/", {"file": png()})
    assert not ScannedDocument.objects.exists()


def test_an_officer_of_another_commune_finds_nothing(client: Client, world: Any) -> None:
    dossier = receive(world.counter)
    client.force_login(world.stranger)
    assert client.post(f"/dossiers/{dossier.code}/scans/", {"file": png()}).status_code == 404
    assert client.get(f"/dossiers/{dossier.code}/scans/progress/").status_code == 404
    assert not ScannedDocument.objects.exists()


def test_the_api_takes_a_multipart_upload_and_lists_the_documents(world: Any) -> None:
    dossier = receive(world.counter)
    client = Client()
    auth = {
        "Authorization": f"Bearer {api_token_issue(user=world.counter)}",
        "Accept-Language": "en",
    }
    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/documents", {"file": png()}, headers=auth
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "queued" and len(body["original_sha256"]) == 64
    listed = client.get(f"/api/v1/dossiers/{dossier.code}/documents", headers=auth).json()
    assert [row["id"] for row in listed] == [body["id"]]
    stranger = {"Authorization": f"Bearer {api_token_issue(user=world.stranger)}"}
    assert (
        client.get(f"/api/v1/dossiers/{dossier.code}/documents", headers=stranger).status_code
        == 404
    )
    bad = client.post(
        f"/api/v1/dossiers/{dossier.code}/documents",
        {"file": SimpleUploadedFile("x.pdf", b"not a pdf at all")},
        headers=auth,
    )
    assert bad.status_code == 422 and "PDF" in bad.json()["detail"]
    for item in ("0", "-1", str(2**63), str(10**30)):
        unknown = client.post(
            f"/api/v1/dossiers/{dossier.code}/documents",
            {"file": png(), "checklist_item_id": item},
            headers=auth,
        )
        assert unknown.status_code in (404, 422), (item, unknown.content)
        assert "checklist item" in unknown.json()["detail"] or unknown.status_code == 422
    assert ScannedDocument.objects.count() == 1


def test_cover_sheets_print_for_the_dossier_and_each_item(client: Client, world: Any) -> None:
    import io

    from pypdf import PdfReader

    dossier = receive(world.counter)
    client.force_login(world.counter)
    response = client.get(f"/dossiers/{dossier.code}/scans/coversheets/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1 + dossier.documents.count()
    client.force_login(world.stranger)
    assert client.get(f"/dossiers/{dossier.code}/scans/coversheets/").status_code == 404


def test_a_failed_scan_can_be_run_again_from_the_dossier_page(client: Client, world: Any) -> None:
    dossier = receive(world.counter)
    client.force_login(world.counter)
    client.post(f"/dossiers/{dossier.code}/scans/", {"file": png()})
    scan = ScannedDocument.objects.get(dossier=dossier)
    ScannedDocument.objects.filter(pk=scan.pk).update(status=ScanStatus.FAILED, error="crash")
    client.cookies["django_language"] = "en"
    assert "Run again" in client.get(f"/dossiers/{dossier.code}/").content.decode()
    client.force_login(world.stranger)
    assert client.post(f"/dossiers/{dossier.code}/scans/{scan.pk}/retry/").status_code == 404
    client.force_login(world.counter)
    client.post(f"/dossiers/{dossier.code}/scans/{scan.pk}/retry/")
    scan.refresh_from_db()
    assert scan.status == ScanStatus.QUEUED and scan.error == ""
    # a document that did not fail is not re-run
    response = client.post(f"/dossiers/{dossier.code}/scans/{scan.pk}/retry/", follow=True)
    assert any(m.level_tag == "error" for m in response.context["messages"])

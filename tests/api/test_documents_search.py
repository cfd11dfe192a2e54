"""GET /documents/search: the search page's answers as JSON, bad input as 4xx with a reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from motcua.digitization.models import ScannedDocument
from tests.digitization.test_search import make_scan
from tests.dossiers.helpers import receive

from .conftest import Api

pytestmark = pytest.mark.django_db

TEXT = "GIẤY KHAI SINH\nHọ và tên: Trần Thị Ánh Dương\nNơi sinh: Trạm y tế xã Đèo Gia"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def scan(world: Any) -> ScannedDocument:
    dossier = receive(world.counter)
    document = make_scan(dossier, text=TEXT, name="khai-sinh.png")
    document.original = default_storage.save("originals/khai-sinh.png", ContentFile(b"original"))
    document.dossier_document = dossier.documents.first()
    document.save()
    return document


def search(client: Api, q: Any, **params: Any) -> Any:
    return client.get("/documents/search", q=q, **params)


def test_the_counter_finds_a_document_with_its_dossier_item_and_download(
    api: dict[str, Api], scan: ScannedDocument
) -> None:
    response = search(api["counter"], "anh duong")
    assert response.status_code == 200, response.json()
    [hit] = response.json()
    assert hit["document_id"] == scan.pk
    assert hit["dossier_code"] == scan.dossier.code
    assert hit["checklist_item_id"] == scan.dossier_document_id
    assert hit["checklist_item"] == "Tờ khai theo mẫu"
    assert hit["original_name"] == "khai-sinh.png"
    assert "Ánh Dương" in hit["snippet"] and hit["rank"] > 0
    assert hit["download_url"].startswith("http://testserver/api/v1/dossiers/")
    download = api["counter"].client.get(hit["download_url"], headers=api["counter"].headers)
    assert download.status_code == 200
    # No PDF/A copy yet: the original is what there is.
    assert b"".join(download.streaming_content) == b"original"


def test_the_last_word_matches_as_a_prefix(api: dict[str, Api], scan: ScannedDocument) -> None:
    assert [h["document_id"] for h in search(api["counter"], "tran thi anh duo").json()] == [
        scan.pk
    ]


def test_only_what_the_caller_may_see_is_found(api: dict[str, Api], scan: ScannedDocument) -> None:
    assert search(api["counter"], "anh duong").json() != []
    assert search(api["stranger"], "anh duong").json() == []
    assert search(api["province_admin"], "anh duong").json() != []
    download = f"/dossiers/{scan.dossier.code}/documents/{scan.pk}/download"
    assert api["stranger"].get(download).status_code == 404


def test_a_search_without_a_token_is_401(anonymous: Api, scan: ScannedDocument) -> None:
    response = search(anonymous, "anh duong")
    assert response.status_code == 401 and response.json()["detail"]


def test_the_limit_caps_the_hits(api: dict[str, Api], world: Any, scan: ScannedDocument) -> None:
    for _ in range(3):
        make_scan(scan.dossier, text=TEXT)
    assert len(search(api["counter"], "anh duong").json()) == 4
    assert len(search(api["counter"], "anh duong", limit=2).json()) == 2


def test_a_query_of_punctuation_only_finds_nothing(
    api: dict[str, Api], scan: ScannedDocument
) -> None:
    for q in ["***", '"', "()", ":*", "&|!", "'"]:
        response = search(api["counter"], q)
        assert response.status_code == 200 and response.json() == [], q


BAD_SEARCHES: dict[str, tuple[dict[str, Any], str]] = {
    "no q": ({}, "q"),
    "empty q": ({"q": ""}, "q"),
    "blank q": ({"q": "   "}, "q"),
    "q too long": ({"q": "x" * 201}, "q"),
    "q with NUL": ({"q": "hung\x00"}, "q"),
    "limit 0": ({"q": "hung", "limit": 0}, "limit"),
    "limit too big": ({"q": "hung", "limit": 101}, "limit"),
    "limit beyond 64 bits": ({"q": "hung", "limit": 10**30}, "limit"),
    "limit not a number": ({"q": "hung", "limit": "ten"}, "limit"),
}


@pytest.mark.parametrize("case", BAD_SEARCHES)
def test_bad_search_input_is_422_with_a_reason(api: dict[str, Api], case: str) -> None:
    params, field = BAD_SEARCHES[case]
    response = api["counter"].get("/documents/search", **params)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert response.json()["detail"].startswith("Some fields are not valid")


def test_a_blank_query_says_what_is_missing(api: dict[str, Api]) -> None:
    detail = search(api["counter"], " ").json()["detail"]
    assert "Give at least one word to search for." in detail


def test_a_download_of_an_unknown_document_is_404(
    api: dict[str, Api], scan: ScannedDocument
) -> None:
    base = f"/dossiers/{scan.dossier.code}/documents"
    assert api["counter"].get(f"{base}/{scan.pk + 100}/download").status_code == 404
    assert api["counter"].get(f"{base}/{2**70}/download").status_code == 422
    original = api["counter"].get(f"{base}/{scan.pk}/download", original="true")
    assert original.status_code == 200
    assert "attachment" in original["Content-Disposition"]


def test_the_openapi_document_lists_the_search_and_download(anonymous: Api) -> None:
    paths = anonymous.client.get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/documents/search"]
    assert "get" in paths["/api/v1/dossiers/{code}/documents/{document_id}/download"]

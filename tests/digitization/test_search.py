"""Full-text search of scanned documents: accents ignored, scoped to what the officer may see.

Runs on both engines (FTS5 on SQLite, tsvector + unaccent on PostgreSQL).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.digitization.search import (
    fts5_match,
    search_index,
    search_remove,
    search_scans,
    snippet,
    tsquery,
)
from motcua.digitization.services import scan_process, scan_upload
from motcua.dossiers.inputs import ApplicantInput
from tests.digitization import samples
from tests.dossiers.helpers import receive

# An applicant other than the one in the text, so a hit proves the text was indexed.
LAN = ApplicantInput(
    name="Trần Thị Lan",
    id_number="024192005678",
    birth_date=date(1992, 3, 8),
    sex="female",
    address="Thôn Đồng Mới, xã Đèo Gia, Bắc Ninh",
    phone="0912345679",
)
TEXT = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "GIẤY KHAI SINH\nHọ và tên: Nguyễn Văn Hùng\nNơi sinh: Bệnh viện đa khoa tỉnh Bắc Ninh"
)


def make_scan(dossier: Any, text: str = TEXT, name: str = "khai-sinh.png") -> ScannedDocument:
    document = ScannedDocument.objects.create(
        dossier=dossier,
        original=f"originals/{name}",
        original_name=name,
        original_sha256="0" * 64,
        original_size=1,
        detected_type="png",
        text=text,
        status=ScanStatus.DONE,
    )
    search_index(document)
    return document


@pytest.fixture
def scan(world: Any) -> ScannedDocument:
    return make_scan(receive(world.counter, applicant=LAN))


def ids(user: Any, query: str) -> list[int]:
    return [hit.document_id for hit in search_scans(user=user, query=query)]


def test_a_query_without_accents_finds_the_text_with_them(world: Any, scan: Any) -> None:
    [hit] = search_scans(user=world.counter, query="nguyen van hung")
    assert hit.document_id == scan.pk
    assert hit.dossier_code == scan.dossier.code
    assert hit.original_name == "khai-sinh.png"
    # The snippet is the text as written, around the match.
    assert "Nguyễn Văn Hùng" in hit.snippet
    assert len(hit.snippet) <= 200


def test_a_query_with_accents_and_capitals_finds_it_too(world: Any, scan: Any) -> None:
    assert ids(world.counter, "NGUYỄN") == [scan.pk]
    assert ids(world.counter, "Đa Khoa") == [scan.pk]


def test_word_order_does_not_matter_but_every_word_must_match(world: Any, scan: Any) -> None:
    assert ids(world.counter, "hung nguyen van") == [scan.pk]
    assert ids(world.counter, "nguyen hung binh") == []


def test_the_dossier_applicant_code_and_procedure_are_searchable(world: Any, scan: Any) -> None:
    assert ids(world.counter, "tran thi lan") == [scan.pk]
    assert ids(world.counter, scan.dossier.code) == [scan.pk]
    assert ids(world.counter, "dang ky ket hon") == [scan.pk]


def test_an_officer_of_another_commune_finds_nothing(world: Any, scan: Any) -> None:
    assert ids(world.stranger, "nguyen van hung") == []
    assert ids(world.citizen, "nguyen van hung") == []
    assert ids(None, "nguyen van hung") == []


def test_the_province_admin_finds_it(world: Any, scan: Any) -> None:
    assert ids(world.province_admin, "nguyen van hung") == [scan.pk]


def test_the_limit_applies_to_visible_documents_only(world: Any, scan: Any) -> None:
    # A stranger's documents that match better must not crowd out the visible one.
    theirs = receive(world.stranger, applicant=LAN)
    for _ in range(3):
        make_scan(theirs, text="Nguyễn Văn Hùng " * 5)
    assert ids(world.counter, "nguyen van hung")[:1] == [scan.pk]
    assert [h.document_id for h in search_scans(user=world.counter, query="hung", limit=1)] == [
        scan.pk
    ]


@pytest.mark.parametrize(
    "query",
    ['"', '"nguyen', "*", "hung*", "NEAR(", "NEAR(nguyen hung)", "a OR b", "'", "nguyen's", "-"],
)
def test_query_syntax_characters_are_plain_text(world: Any, scan: Any, query: str) -> None:
    search_scans(user=world.counter, query=query)


def test_syntax_around_words_still_finds_them(world: Any, scan: Any) -> None:
    assert ids(world.counter, '"nguyen* (hung) -van^') == [scan.pk]
    # An operator's name is only a word, which the text lacks.
    assert ids(world.counter, "nguyen NEAR hung") == []


# --- the last word as a prefix (the word the user may still be typing) ------------


@pytest.mark.parametrize("query", ["nguy", "hun", "NGUYỄ", "nguyen van hu", "khai si", "benh vi"])
def test_the_last_word_matches_the_start_of_a_word(world: Any, scan: Any, query: str) -> None:
    assert ids(world.counter, query) == [scan.pk]


def test_the_words_before_the_last_must_match_whole(world: Any, scan: Any) -> None:
    assert ids(world.counter, "nguy van hung") == []
    assert ids(world.counter, "hun nguyen") == []


def test_a_last_word_of_one_letter_matches_only_whole(world: Any, scan: Any) -> None:
    assert ids(world.counter, "nguyen n") == []


def test_prefix_syntax_typed_by_the_user_is_plain_text(world: Any, scan: Any) -> None:
    for query in ["nguy*", "'nguy':*", "hung & !van", "(nguy)", "nguy:*"]:
        assert ids(world.counter, query) == [scan.pk], query
    assert ids(world.counter, "nguyen | tam") == []  # "|" is no OR


def test_a_whole_last_word_ranks_above_a_longer_word_it_starts(world: Any) -> None:
    dossier = receive(world.counter, applicant=LAN)
    longer = make_scan(dossier, text="Họ và tên: Lê Văn Anh")
    whole = make_scan(dossier, text="Họ và tên: Lê Văn An")
    assert ids(world.counter, "le van an") == [whole.pk, longer.pk]


def test_the_snippet_shows_the_word_the_prefix_starts() -> None:
    text = "Giấy tờ khác. " * 30 + "Họ và tên: Nguyễn Văn Hùng"
    assert "Nguyễn" in snippet(text, ["nguy"], prefix=True)
    assert "Nguyễn" not in snippet(text, ["nguy"], prefix=False)


def test_the_query_texts_quote_every_word() -> None:
    assert fts5_match(["nguyen", "hu"]) == '"nguyen" AND ("hu" OR "hu"*)'
    assert fts5_match(["nguyen", "h"]) == '"nguyen" AND "h"'
    assert tsquery(["nguyen", "hu"]) == "'nguyen' & ('hu' | 'hu':*)"
    assert tsquery(["h"]) == "'h'"
    # Words never hold these (query_words keeps letters and digits), but the quoting holds.
    assert fts5_match(['a"b']) == '("a""b" OR "a""b"*)'
    assert tsquery(["a'b\\c"]) == "('a''b\\\\c' | 'a''b\\\\c':*)"


def test_an_empty_query_finds_nothing(world: Any, scan: Any) -> None:
    assert ids(world.counter, "") == []
    assert ids(world.counter, "   ") == []
    assert ids(world.counter, "*()") == []


def test_a_long_query_is_cut_to_its_first_200_characters(world: Any, scan: Any) -> None:
    assert ids(world.counter, "hung " + "x" * 300) == []
    assert ids(world.counter, "hung " + " " * 300 + "zzz") == [scan.pk]


def test_indexing_again_replaces_the_entry(world: Any, scan: Any) -> None:
    scan.text = "Giấy chứng nhận kết hôn của Phạm Thị Hoa"
    scan.save()
    search_index(scan)
    search_index(scan)
    assert ids(world.counter, "nguyen van hung") == []
    assert ids(world.counter, "pham thi hoa") == [scan.pk]


def test_a_removed_entry_is_not_found(world: Any, scan: Any) -> None:
    search_remove(scan.pk)
    search_remove(scan.pk)
    assert ids(world.counter, "nguyen van hung") == []


# The only slow test here (real Tesseract, about a second); "slow" is not a
# registered marker in pyproject.toml, so it is not marked.
def test_a_scan_processed_by_the_pipeline_is_indexed(world: Any) -> None:
    dossier = receive(world.counter, applicant=LAN)
    uploaded = scan_upload(
        actor=world.counter, dossier_code=dossier.code, data=samples.text_png(), filename="a.png"
    )
    assert ids(world.counter, "giay khai sinh") == []
    document = scan_process(document_id=uploaded.pk)
    assert document.status == ScanStatus.DONE, document.error
    [hit] = search_scans(user=world.counter, query="giay khai sinh nguyen van hung")
    assert hit.document_id == document.pk
    assert "Nguyễn Văn Hùng" in hit.snippet


def test_the_search_page_finds_what_the_officer_may_see(client, world) -> None:
    from motcua.digitization.models import ScannedDocument
    from motcua.digitization.search import search_index
    from tests.dossiers.helpers import receive

    dossier = receive(world.counter)
    document = ScannedDocument.objects.create(
        dossier=dossier,
        original="originals/x.png",
        original_name="giay-khai-sinh.png",
        original_sha256="0" * 64,
        original_size=1,
        detected_type="png",
        page_count=1,
        text="GIẤY KHAI SINH\nHọ và tên: Trần Thị Ánh Dương",
        status="done",
    )
    search_index(document)
    client.force_login(world.counter)
    page = client.get("/search/", {"q": "anh duong"}).content.decode()
    assert dossier.code in page and "Ánh Dương" in page
    client.force_login(world.stranger)
    assert dossier.code not in client.get("/search/", {"q": "anh duong"}).content.decode()

"""Full-text search over scanned documents: one interface, two engines.

SQLite (the embedded default) uses an FTS5 table, PostgreSQL a ``tsvector``
column with ``unaccent``; both are created by migration 0004 and chosen here
by ``connection.vendor``. The indexed body is folded (``core.lib.text.fold``)
so "nguyen van hung" finds "Nguyễn Văn Hùng" on either engine.

Contract:
- ``search_index(document)`` writes or replaces the document's entry; it runs
  in the caller's transaction, so an entry commits with the document's text.
- ``search_remove(document_id)`` drops the entry (a missing one is fine).
- ``search_scans(user=..., query=...)`` returns the best hits among the
  dossiers ``dossiers_visible_to(user)``; every word of the query must match,
  the last one as a prefix (see ``search_scans``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection

from motcua.core.lib.text import fold
from motcua.digitization.models import ScannedDocument
from motcua.dossiers.access import dossiers_visible_to
from motcua.dossiers.models import Dossier

MAX_QUERY_CHARS = 200
SNIPPET_CHARS = 160
# A last word shorter than this is matched whole: a one-letter prefix would
# merge the entries of every word that starts with that letter.
MIN_PREFIX_CHARS = 2
# A query word is a run of letters and digits: what both engines' tokenizers
# keep. Everything else (quotes, *, parentheses, NEAR, ^ ...) is dropped, so no
# user input ever reaches the FTS query syntax.
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    dossier_code: str
    checklist_item_id: int | None
    # The checklist item's name, "" when the scan is on the dossier as a whole.
    checklist_item: str
    original_name: str
    snippet: str
    # Higher is better; comparable only within one result list.
    rank: float


def search_index(document: ScannedDocument) -> None:
    """Write (or replace) the entry of ``document`` from its current text and dossier."""
    applicant, code, procedure = (
        Dossier.objects.filter(pk=document.dossier_id)
        .values_list("applicant_name", "code", "procedure__name")
        .get()
    )
    body = fold(" ".join((document.original_name, document.text, applicant, code, procedure)))
    with connection.cursor() as cursor:
        if _vendor() == "sqlite":
            # The rowid is the document id: FTS5 looks rows up by rowid only
            # (document_id is UNINDEXED), so replacing an entry stays cheap.
            cursor.execute("DELETE FROM digitization_scan_fts WHERE rowid = %s", [document.pk])
            cursor.execute(
                "INSERT INTO digitization_scan_fts (rowid, document_id, body) VALUES (%s, %s, %s)",
                [document.pk, document.pk, body],
            )
        else:
            cursor.execute(
                "INSERT INTO digitization_scan_search (document_id, body, tsv) "
                "VALUES (%s, %s, to_tsvector('simple', unaccent(%s))) "
                "ON CONFLICT (document_id) DO UPDATE SET body = EXCLUDED.body, tsv = EXCLUDED.tsv",
                # PostgreSQL's parser keeps "000.21.24" or "a/b.png" whole; the
                # words are split here as the query's are, so a code is found.
                [document.pk, body, " ".join(_WORD.findall(body))],
            )


def search_remove(document_id: int) -> None:
    """Drop the entry of the document, if any."""
    with connection.cursor() as cursor:
        if _vendor() == "sqlite":
            cursor.execute("DELETE FROM digitization_scan_fts WHERE rowid = %s", [document_id])
        else:
            cursor.execute(
                "DELETE FROM digitization_scan_search WHERE document_id = %s", [document_id]
            )


def search_scans(*, user: Any, query: str, limit: int = 50) -> list[SearchHit]:
    """The scanned documents the user may see that contain every word of ``query``, best first.

    Accents, capitals and punctuation are ignored. Every word but the last must
    match a whole word; the last one (from MIN_PREFIX_CHARS letters) also
    matches as a prefix, since it is the word the user may still be typing:
    "nguyen van hu" finds "Nguyễn Văn Hùng", "nguy" finds "Nguyễn". The earlier
    words are taken as finished, so "an thi" does not find "Anh Thi" (short
    Vietnamese syllables are often the start of others: an/anh, lan/lanh).
    A document where the last word is whole ranks above one where it is only
    a prefix. A query with no word (only punctuation) finds nothing.
    """
    words = query_words(query)
    if not words or limit <= 0:
        return []
    ranked = _ranked_ids(user, words, limit)
    documents = ScannedDocument.objects.select_related("dossier", "dossier_document").in_bulk(
        [pk for pk, _ in ranked]
    )
    return [_hit(documents[pk], words, rank) for pk, rank in ranked if pk in documents]


def _hit(document: ScannedDocument, words: list[str], rank: float) -> SearchHit:
    item = document.dossier_document
    return SearchHit(
        document_id=document.pk,
        dossier_code=document.dossier.code,
        checklist_item_id=item.pk if item else None,
        checklist_item=item.name if item else "",
        original_name=document.original_name,
        snippet=snippet(document.text, words, prefix=prefix_last(words)),
        rank=rank,
    )


def prefix_last(words: list[str]) -> bool:
    """Whether the last word of the query is matched as a prefix too."""
    return bool(words) and len(words[-1]) >= MIN_PREFIX_CHARS


def query_words(query: str) -> list[str]:
    """The folded words of ``query`` (at most MAX_QUERY_CHARS of it), in order, once each."""
    return list(dict.fromkeys(_WORD.findall(fold(query[:MAX_QUERY_CHARS]))))


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"No full-text search for {connection.vendor}.")
    return connection.vendor


def _ranked_ids(user: Any, words: list[str], limit: int) -> list[tuple[int, float]]:
    # The access rule stays in one place: the visible dossiers' queryset is
    # compiled (with its own parameters) into the search query, so the limit
    # applies after filtering and another commune's documents never crowd out.
    # The f-strings below splice in only that compiled SQL, never user input.
    try:
        visible_sql, visible_params = dossiers_visible_to(user).values("pk").query.sql_with_params()
    except EmptyResultSet:  # .none(): no officer behind the user
        return []
    if _vendor() == "sqlite":
        sql = (
            # bm25() is lower for better matches; negated so higher is better.
            "SELECT d.id, -bm25(digitization_scan_fts) AS score FROM digitization_scan_fts "  # noqa: S608
            "JOIN digitization_scanneddocument d ON d.id = digitization_scan_fts.rowid "
            f"WHERE digitization_scan_fts MATCH %s AND d.dossier_id IN ({visible_sql}) "
            "ORDER BY score DESC, d.id LIMIT %s"
        )
        match = fts5_match(words)
    else:
        # ts_rank scores a prefix match like a whole one: a document holding
        # every word whole (``w``) is put first explicitly.
        sql = (
            "SELECT d.id, ts_rank(s.tsv, q) + CASE WHEN s.tsv @@ w THEN 1 ELSE 0 END AS score "  # noqa: S608
            "FROM digitization_scan_search s "
            "JOIN digitization_scanneddocument d ON d.id = s.document_id "
            "CROSS JOIN to_tsquery('simple', unaccent(%s)) q "
            "CROSS JOIN to_tsquery('simple', unaccent(%s)) w "
            f"WHERE s.tsv @@ q AND d.dossier_id IN ({visible_sql}) "
            "ORDER BY score DESC, d.id LIMIT %s"
        )
        match = tsquery(words)
    with connection.cursor() as cursor:
        params = [match] if _vendor() == "sqlite" else [match, tsquery(words, prefix=False)]
        cursor.execute(sql, [*params, *visible_params, limit])
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]


def fts5_match(words: list[str]) -> str:
    """The FTS5 MATCH expression: every word, the last also as a prefix (``prefix_last``).

    Each word is a quoted phrase, so nothing in it is read as FTS5 syntax. The
    last one is ``("word" OR "word"*)``: the whole word counts twice in bm25,
    so a document that has it ranks above one that has only a longer word.
    """
    phrases = ['"' + word.replace('"', '""') + '"' for word in words]
    if prefix_last(words):
        phrases[-1] = f"({phrases[-1]} OR {phrases[-1]}*)"
    return " AND ".join(phrases)


def tsquery(words: list[str], *, prefix: bool = True) -> str:
    """The PostgreSQL ``to_tsquery`` text: as ``fts5_match``, with ``:*`` for the prefix.

    Each word is a quoted lexeme (quotes and backslashes escaped), so nothing
    in it is read as an operator.
    """
    lexemes = ["'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in words]
    if prefix and prefix_last(words):
        lexemes[-1] = f"({lexemes[-1]} | {lexemes[-1]}:*)"
    return " & ".join(lexemes)


def snippet(text: str, words: list[str], *, prefix: bool = False) -> str:
    """About SNIPPET_CHARS of ``text``, as written, around the first word of the query found.

    With ``prefix``, the last word is found at the start of a longer word too.
    """
    folded, origin = _fold_with_positions(text)
    ends = [r"(?![^\W_])"] * len(words)
    if prefix and ends:
        ends[-1] = ""
    starts = [
        found.start()
        for word, end in zip(words, ends, strict=True)
        if (found := re.search(rf"(?<![^\W_]){re.escape(word)}{end}", folded))
    ]
    if not starts:
        return _shorten(text, 0)
    return _shorten(text, origin[min(starts)])


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, with the index in ``text`` of each folded one."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = " " if char.isspace() else fold(char)
        chars.append(piece)
        origin.extend([index] * len(piece))
    return "".join(chars), origin


def _shorten(text: str, at: int) -> str:
    start = max(0, at - SNIPPET_CHARS // 3)
    # Do not cut a word in two at the start.
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, at)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + SNIPPET_CHARS)
    piece = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")

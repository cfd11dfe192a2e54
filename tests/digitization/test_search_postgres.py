"""The tsquery text that search builds, as PostgreSQL itself reads it.

The behaviour through ``search_scans`` is tested on both engines in
test_search.py; these check PostgreSQL's parsing of the query text directly.
"""

from __future__ import annotations

import pytest
from django.db import connection

from motcua.digitization.search import query_words, tsquery

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL text search"),
]

HOSTILE = ["nguy", "nguyen van hu", "'nguy':*", "hung & !van | x", "a\\b", "(((", "<->", "Đặng:*A"]


def parsed(text: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsquery('simple', unaccent(%s))::text", [text])
        return str(cursor.fetchone()[0])


@pytest.mark.parametrize("query", HOSTILE)
def test_every_query_parses_as_its_words_and_nothing_else(query: str) -> None:
    words = query_words(query)
    result = parsed(tsquery(words))
    for word in words:
        assert f"'{word}'" in result
    assert "!" not in result and "<->" not in result


def test_the_last_word_is_a_prefix_lexeme() -> None:
    assert "'hu':*" in parsed(tsquery(["nguyen", "hu"]))
    assert "'nguyen':*" not in parsed(tsquery(["nguyen", "hu"]))


def test_a_prefix_matches_a_folded_word_in_a_tsvector() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('simple', unaccent(%s)) @@ to_tsquery('simple', unaccent(%s))",
            ["Nguyễn Văn Hùng", tsquery(["nguy"])],
        )
        assert cursor.fetchone()[0] is True

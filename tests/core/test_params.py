"""Ids read from request parameters: only a plain positive number the databases can hold."""

from __future__ import annotations

import pytest

from motcua.core.lib.params import id_param


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        ("007", 7),
        ("9" * 18, 10**18 - 1),
        ("", None),
        ("0", None),
        ("9" * 19, None),  # beyond 64-bit integers
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1.0", None),
        ("١٢", None),  # Arabic-Indic digits: str.isdigit() says yes, the database no
        ("²", None),
        ("1e3", None),
    ],
)
def test_only_a_plain_positive_number_is_an_id(raw: str, expected: int | None) -> None:
    assert id_param(raw) == expected

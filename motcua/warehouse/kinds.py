"""The normalised document type that matches a stored document to a checklist item."""

from __future__ import annotations

import re

from motcua.core.lib.text import fold

_PARENTHESES = re.compile(r"\([^)]*\)")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def document_kind(name: str) -> str:
    """``name`` folded (no accents, lower case), without parenthesised remarks or punctuation.

    So "Giấy khai sinh (bản chính)", a result, and "Giấy khai sinh", a later
    procedure's checklist item, are the same kind: ``giay khai sinh``.
    """
    bare = _PARENTHESES.sub(" ", fold(name))
    return " ".join(_NOT_WORD.sub(" ", bare).split())[:300]

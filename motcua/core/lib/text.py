"""Text helpers that need no framework."""

from __future__ import annotations

import unicodedata

# Đ/đ is a letter of its own in Unicode (not D + a combining stroke), so NFKD
# leaves it alone; it is mapped by hand.
_D_STROKE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(s: str) -> str:
    """Return ``s`` in a form for accent-insensitive matching.

    Decomposes with NFKD and drops the combining marks (so "Đăng ký kết hôn"
    and "dang ky ket hon" fold alike), maps đ/Đ to d, lower-cases, and
    collapses runs of whitespace to one space with none at either end.
    The result is for comparison only, never for display.
    """
    decomposed = unicodedata.normalize("NFKD", s.translate(_D_STROKE))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())

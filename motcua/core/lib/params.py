"""Reading ids out of untrusted request parameters."""

from __future__ import annotations

# Below 2**63: a longer number would overflow the databases' integers (and SQLite
# answers an out-of-range integer with an error, not an empty result).
MAX_ID_DIGITS = 18


def id_param(raw: str) -> int | None:
    """The positive id ``raw`` spells in ASCII digits, or None for anything else
    (empty, signs, spaces, other scripts' digits, too long, zero)."""
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= MAX_ID_DIGITS:
        return int(raw) or None
    return None

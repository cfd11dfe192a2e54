"""URL converters. ``<code:…>``: the code of a dossier, bundle, procedure, unit or agency.

Every code motcua writes or imports is ASCII letters, digits, dots, dashes and
underscores ("000.21.24.H24-261126-0001", "1.000894", "LT-KHAISINH", "07594");
anything else in that part of a URL (a NUL, which PostgreSQL refuses, or any
other character) is not a code, and the URL is "not found" before a view runs.
"""

from __future__ import annotations


class CodeConverter:
    regex = r"[0-9A-Za-z._\-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

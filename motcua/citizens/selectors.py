"""Reads of the citizens app: finding people in the local population registry."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.citizens.models import RegistryPerson
from motcua.core.lib.text import fold

MAX_WORDS = 8
# A search names a person, not a slice of the registry: two words of two letters at least.
MIN_WORDS = 2
MIN_WORD_LENGTH = 2


def registry_people_search(query: str) -> QuerySet[RegistryPerson]:
    """People of the local registry matching ``query``: a whole personal ID number, or
    words of the name typed with or without accents ("Nguyen Van Hung" finds "Nguyễn
    Văn Hùng"), at least two of at least two letters. Anything less finds nobody: the
    registry is not browsed."""
    text = query.strip()
    if text.isascii() and text.isdigit():
        return RegistryPerson.objects.filter(id_number=text)
    words = fold(text).split()[:MAX_WORDS]
    if len(words) < MIN_WORDS or any(len(w) < MIN_WORD_LENGTH for w in words):
        return RegistryPerson.objects.none()
    found = RegistryPerson.objects.all()
    for word in words:
        found = found.filter(name_search__contains=word)
    return found.order_by("name_search", "id_number")

"""Numbers as a Vietnamese reader expects them."""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation
from django.utils.formats import number_format


def test_amounts_of_money_are_grouped_by_thousands_in_vietnamese() -> None:
    with translation.override("vi"):
        assert intcomma(3_000_000_000) == "3.000.000.000"
        assert number_format(1861.6, 1) == "1861,6"  # no grouping unless asked for
    with translation.override("en"):
        assert intcomma(17_000_000) == "17,000,000"

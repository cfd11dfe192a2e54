"""The aggregates move with every dossier change and agree with a recomputation."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Sum

from motcua.reporting.models import COUNTERS, DailyCount
from motcua.reporting.services import (
    daily_counts_differences,
    daily_counts_recompute,
    daily_counts_stored,
)

from .conftest import Month

pytestmark = pytest.mark.django_db


def totals(**filters: Any) -> dict[str, int]:
    sums = DailyCount.objects.filter(**filters).aggregate(**{c: Sum(c) for c in COUNTERS})
    return {c: sums[c] or 0 for c in COUNTERS}


def test_the_aggregates_equal_a_recomputation_from_the_history(month: Month) -> None:
    assert daily_counts_differences(daily_counts_stored(), daily_counts_recompute()) == []


def test_each_event_is_counted_once_on_the_day_it_happened(world: Any, month: Month) -> None:
    counted = totals(receiving_agency=world.centre)
    handling = counted.pop("handling_seconds")
    assert counted == {
        "received": 7,
        "received_online": 1,
        "received_person": 7,
        "received_checked": 7,  # the test registry holds the applicant
        # The scans of ``early`` filed the applicant's store: the six dossiers received
        # after it could have reused them (none did).
        "items_reusable": 6,
        "items_reused": 0,
        "synced": 2,  # early and late
        "decided_early": 2,  # early, and paused (its supplement wait deducted)
        "decided_on_time": 1,
        "decided_late": 2,  # late, and twice (two supplement requests)
        "decided_repeat_supplement": 1,
        "decided_e_result": 2,  # early and on_time
        "decided_digitized": 1,  # early: every component scanned, and an e-result
        "rated": 2,
        "rated_negative": 1,  # late
        "returned": 4,  # all decided but paused
        "closed_without_result": 1,
    }
    # Received Monday 2 March 09:00; decided 3 (25 h), 5 (71.5 h), 9 (169 h twice) March.
    assert handling == 3600 * (25 + 71.5 + 169 + 169 + 25)
    # A sync counts on the receipt day; a rating on the decision day.
    assert totals(receiving_agency=world.centre, day="2026-03-02")["synced"] == 2
    assert totals(receiving_agency=world.centre, day="2026-03-09")["rated_negative"] == 1
    assert totals(receiving_agency=month.merged_centre)["received"] == 2
    # The late dossier was decided on Monday 9 March, the day of its issue.
    assert totals(receiving_agency=world.centre, day="2026-03-09")["decided_late"] == 1


def test_a_tampered_aggregate_is_found_by_the_check_and_repaired_by_rebuild(
    world: Any, month: Month
) -> None:
    row = DailyCount.objects.filter(receiving_agency=world.centre, received__gt=0).first()
    assert row is not None
    DailyCount.objects.filter(pk=row.pk).update(received=F("received") + 1)
    out = StringIO()

    with pytest.raises(CommandError, match="differ from the history in 1 counters"):
        call_command("indicators", "rebuild", "--check", stdout=out)
    assert "received: stored 8, recomputed 7" in out.getvalue()

    call_command("indicators", "rebuild", stdout=StringIO())
    check = StringIO()
    call_command("indicators", "rebuild", "--check", stdout=check)
    assert "agree" in check.getvalue()
    assert totals(receiving_agency=world.centre)["received"] == 7


def test_a_missing_row_is_a_difference_too(month: Month) -> None:
    DailyCount.objects.filter(received_online__gt=0).delete()

    with pytest.raises(CommandError):
        call_command("indicators", "rebuild", "--check", stdout=StringIO())

"""The indicators bench measures the same thing twice, on data the live hooks could have made.

At a tiny size, on whichever database the suite runs (the generator's SQL is
the same on both, only a handful of expressions differ):

- the aggregates its GROUP BY fills (and the monthly sums of them) equal what the rules of
  ``reporting.services`` (``change_counts``, ``issue_facts``, ``event_counts``,
  ``event_key``) give event by event for the generated dossiers;
- the report read from those aggregates gives the same figures as the naive
  full scan of the dossiers;
- a kept run is reused, and the cleanup leaves nothing behind.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from bench.indicators import PREFIX, cleanup, run
from motcua.dossiers.models import Dossier, DossierRating
from motcua.reporting.models import DailyCount, MonthlyCount
from motcua.reporting.services import (
    Key,
    Totals,
    change_counts,
    daily_counts_differences,
    daily_counts_stored,
    event_counts,
    event_key,
    issue_facts,
    key_of,
    monthly_totals,
)
from motcua.units.models import AdministrativeUnit, Agency
from motcua.warehouse.models import ItemReuse

pytestmark = pytest.mark.django_db

CLOSING = {"refused": "refuse", "stopped": "stop", "withdrawn": "withdraw"}


def recomputed_by_the_services_rules() -> Totals:
    """Every generated dossier's events, through the functions the live hooks call."""
    totals: Totals = {}

    def add(key: Key | None, counts: dict[str, int]) -> None:
        counts = {c: n for c, n in counts.items() if n}
        if key is not None and counts:
            totals.setdefault(key, Counter()).update(counts)

    dossiers = Dossier.objects.filter(code__startswith=f"{PREFIX}-").prefetch_related(
        "result_files", "documents__scans"
    )
    for d in dossiers:
        received = key_of(d, d.received_at)
        add(received, change_counts(action="receive", dossier=d))
        if d.synced_at is not None:
            add(received, event_counts(event="synced", data={}))
        if d.finished_at is not None:
            facts = issue_facts(
                d, verdict=d.timeliness, supplement_requests=d.supplement_count, at=d.finished_at
            )
            add(key_of(d, d.finished_at), change_counts(action="issue", dossier=d, issue=facts))
        if d.closed_at is not None and d.status == "returned":
            add(key_of(d, d.closed_at), change_counts(action="return", dossier=d))
        if d.closed_at is not None and d.status in CLOSING:
            add(key_of(d, d.closed_at), change_counts(action=CLOSING[d.status], dossier=d))
    reuses = ItemReuse.objects.filter(item__dossier__code__startswith=f"{PREFIX}-")
    for reuse in reuses.select_related("item__dossier"):
        possible, reused = reuse.counted()
        add(
            key_of(reuse.item.dossier, reuse.item.dossier.received_at),
            event_counts(event="reuse", data={"possible": possible, "reused": reused}),
        )
    ratings = DossierRating.objects.filter(dossier__code__startswith=f"{PREFIX}-")
    for rating in ratings.select_related("dossier"):
        add(
            event_key(rating.dossier, "rated"),
            event_counts(event="rated", data={"value": rating.value}),
        )
    return totals


def test_the_bench_aggregates_follow_the_services_and_both_queries_agree() -> None:
    result = run(dossiers=2000, years=2, repeat=1, keep=True)

    daily = recomputed_by_the_services_rules()
    stored = daily_counts_stored()
    assert daily_counts_differences(stored, daily | monthly_totals(daily)) == []
    # The monthly rows the generator's second GROUP BY filled are the sums of the daily ones.
    monthly = {k: v for k, v in stored.items() if k.monthly}
    assert monthly and monthly == monthly_totals({k: v for k, v in stored.items() if not k.monthly})
    assert result.counts["monthly count rows"] == MonthlyCount.objects.count()
    # The data has the shape the docs describe, and every kind of event happened.
    counts = result.counts
    assert counts["dossiers"] == 2000
    assert 0.3 < counts["received online"] / 2000 < 0.5
    assert counts["returned"] > 1800
    assert counts["refused, withdrawn or stopped"] > 0
    assert counts["open and past due (clock running)"] > 0
    assert counts["reusable checklist items"] > 0 and counts["ratings"] > 0
    assert Dossier.objects.filter(receiving_agency__unit__valid_to__isnull=False).exists()
    # The report (aggregates) and the naive scan (dossiers) give the same figures.
    assert result.agree, result.figures
    whole = result.figures["whole"]["report"]
    assert whole["received"] == 2000 and whole["decided"] and whole["now_late"]
    assert result.figures["month"]["report"]["received"]
    assert any(line.startswith("| ") and "ms" in line for line in result.rows())

    again = run(dossiers=2000, years=2, repeat=1, keep=False)
    assert not again.generated and again.agree

    assert not Dossier.objects.filter(code__startswith=f"{PREFIX}-").exists()
    assert not DailyCount.objects.exists()
    assert not MonthlyCount.objects.exists()
    assert not Agency.objects.filter(code__startswith=PREFIX).exists()
    assert not AdministrativeUnit.objects.filter(code__startswith=PREFIX).exists()
    cleanup()  # twice is harmless


def test_large_sizes_need_postgresql(capsys: Any) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the refusal is SQLite's")
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("bench", "indicators", "--dossiers", "10000000")

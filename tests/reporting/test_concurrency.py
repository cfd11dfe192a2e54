"""Parallel dossier changes on PostgreSQL: no increment of the aggregates is lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum

from motcua.dossiers.models import Dossier
from motcua.reporting.models import DailyCount
from motcua.reporting.services import (
    daily_counts_differences,
    daily_counts_recompute,
    daily_counts_stored,
)
from tests.dossiers.helpers import act, receive

from .conftest import vn

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]

THREADS = 8


def in_parallel(work: Callable[[int], None]) -> list[BaseException]:
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except BaseException as exc:  # reported by the caller, in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_parallel_changes_of_one_days_row_lose_no_increment(world: Any) -> None:
    monday = vn(2026, 3, 2, 9, 0)
    assert not in_parallel(lambda n: receive(world.counter, at=monday))
    received = list(Dossier.objects.order_by("pk"))

    def refuse(n: int) -> None:
        act(world.counter, received[n], "refuse", reason="Sai thẩm quyền", at=monday)

    assert not in_parallel(refuse)
    sums = DailyCount.objects.aggregate(r=Sum("received"), c=Sum("closed_without_result"))
    assert (sums["r"], sums["c"]) == (THREADS, THREADS)
    assert daily_counts_differences(daily_counts_stored(), daily_counts_recompute()) == []

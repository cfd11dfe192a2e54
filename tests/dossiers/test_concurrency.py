"""Parallel intake on PostgreSQL must never hand out the same dossier code twice."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from django.db import connection

from motcua.core.audit import audit_verify
from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.models import Dossier

from .helpers import receive

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

THREADS, PER_THREAD = 8, 5


def test_parallel_intakes_get_distinct_consecutive_codes(world):
    at = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(PER_THREAD):
                receive(world.counter, at=at)
        except BaseException as exc:  # reported below, in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    expected = [f"000.21.24.H24-260302-{n:04d}" for n in range(1, THREADS * PER_THREAD + 1)]
    assert codes == expected
    # the audit chain, appended by every intake, stayed a single unbroken chain
    verdict = audit_verify()
    assert verdict.broken_seq is None and verdict.checked == THREADS * PER_THREAD


def test_two_officers_acting_on_one_dossier_at_once_apply_it_once(world):
    from motcua.core.errors import TransitionNotAllowed
    from motcua.dossiers.models import StatusChange

    from .helpers import act

    dossier = receive(world.counter)
    dossier = act(world.counter, dossier, "assign", assignee="specialist")
    dossier = act(world.specialist, dossier, "appraise")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve() -> None:
        try:
            barrier.wait()
            act(world.leader, dossier, "approve")
            outcomes.append("done")
        except TransitionNotAllowed:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["done", "refused"]
    assert StatusChange.objects.filter(dossier=dossier, action="approve").count() == 1

"""Intake and lifecycle throughput, against the bare-ORM floor, in the same run.

``motcua bench intake`` writes N dossiers through ``dossier_receive`` (the
real path: validation, code allocation under a row lock, due time, history,
audit chain) and, on the same database, N bare inserts of the same rows
(no checks, no lock, no audit): the floor no intake service can beat. It
then walks M dossiers through the whole lifecycle and reports the cost of a
transition. With ``--threads T`` the service intakes run from T threads at
once (meaningful on PostgreSQL; SQLite serialises writers).

Run it on a database of its own (``MOTCUA_VAR_DIR=/tmp/bench motcua migrate``
first, or a scratch ``DATABASE_URL``): it keeps a bench agency and four bench
officers, deletes its dossiers at the end, and leaves its rows in the audit
log, which is append-only by design.
"""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from motcua.catalogue.models import Field, Procedure, RequiredDocument
from motcua.dossiers.inputs import ActionInput, ApplicantInput, IntakeInput
from motcua.dossiers.models import Dossier, StatusChange
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.units.models import AdministrativeUnit, Agency, Officer, Role

APPLICANT = ApplicantInput(
    name="Nguyễn Văn Hùng", id_number="024090001234", birth_date=date(1990, 5, 17), sex="male"
)
LIFECYCLE = [
    ("counter", "assign", ActionInput(assignee="bench.specialist")),
    ("specialist", "appraise", ActionInput()),
    ("leader", "approve", ActionInput()),
    ("leader", "sign", ActionInput()),
    ("clerk", "issue", ActionInput(result_number="1/KQ")),
    ("counter", "return", ActionInput()),
]


@dataclass(frozen=True)
class Figures:
    label: str
    count: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def row(self) -> str:
        lat = sorted(self.latencies_ms) or [0.0]
        p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))]
        return (
            f"| {self.label} | {self.count} | {self.per_second:.1f}/s | "
            f"{statistics.median(lat):.1f} ms | {p95:.1f} ms |"
        )


def _world() -> dict[str, Any]:
    province, _ = AdministrativeUnit.objects.get_or_create(
        code="bench-p", defaults={"name": "Bench province", "level": "province"}
    )
    agency, _ = Agency.objects.get_or_create(
        code="BENCH.00.00.H00",
        defaults={"name": "Bench centre", "kind": "centre", "unit": province, "is_one_stop": True},
    )
    field, _ = Field.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    procedure, created = Procedure.objects.get_or_create(
        code="bench.1",
        defaults={"name": "Bench procedure", "field": field, "level": "commune", "time_limit": 5},
    )
    if created:
        RequiredDocument.objects.create(procedure=procedure, name="Tờ khai")
    users = {}
    for role in ("counter", "specialist", "leader", "clerk"):
        user, _ = get_user_model().objects.get_or_create(username=f"bench.{role}")
        Officer.objects.get_or_create(user=user, defaults={"agency": agency, "role": Role(role)})
        users[role] = user
    return {"agency": agency, "procedure": procedure, **users}


def _timed(label: str, count: int, step: Any) -> Figures:
    latencies: list[float] = []
    start = time.perf_counter()
    for index in range(count):
        t0 = time.perf_counter()
        step(index)
        latencies.append((time.perf_counter() - t0) * 1000)
    return Figures(label, count, time.perf_counter() - start, latencies)


def _bare_insert(world: dict[str, Any], at: datetime) -> Any:
    def step(index: int) -> None:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                code=f"BARE-{index}",
                procedure=world["procedure"],
                receiving_agency=world["agency"],
                competent_agency=world["agency"],
                current_agency=world["agency"],
                applicant_name=APPLICANT.name,
                applicant_id=APPLICANT.id_number,
                applicant_search="nguyen van hung",
                received_at=at,
                counted_from=at,
                due_at=at + timedelta(days=7),
            )
            StatusChange.objects.create(
                dossier=dossier, action="receive", to_status="received", at=at
            )

    return step


def _service_intake(world: dict[str, Any], at: datetime) -> Any:
    data = IntakeInput(procedure_code="bench.1", applicant=APPLICANT)
    return lambda index: dossier_receive(actor=world["counter"], data=data, at=at)


def _parallel(world: dict[str, Any], at: datetime, threads: int, per_thread: int) -> Figures:
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)
    step = _service_intake(world, at + timedelta(days=1))

    def work() -> None:
        barrier.wait()
        local = _timed("", per_thread, step).latencies_ms
        with lock:
            latencies.extend(local)
        connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return Figures(
        f"intake service, {threads} threads",
        threads * per_thread,
        time.perf_counter() - start,
        latencies,
    )


def run(*, count: int = 300, lifecycle: int = 50, threads: int = 0) -> list[Figures]:
    """Run the benchmark; everything it wrote is deleted afterwards."""
    at = timezone.now() - timedelta(days=3)
    world = _world()
    try:
        results = [
            _timed("bare ORM insert (floor)", count, _bare_insert(world, at)),
            _timed("intake service", count, _service_intake(world, at)),
        ]
        codes = list(
            Dossier.objects.filter(receiving_agency=world["agency"], code__contains="-")
            .exclude(code__startswith="BARE")
            .values_list("code", flat=True)[:lifecycle]
        )

        def walk(index: int) -> None:
            for who, action, params in LIFECYCLE:
                dossier_transition(
                    actor=world[who],
                    code=codes[index],
                    action=action,
                    params=params,
                    at=at + timedelta(hours=1),
                )

        lc = _timed("lifecycle (6 transitions)", len(codes), walk)
        results.append(
            Figures(
                "one transition",
                lc.count * len(LIFECYCLE),
                lc.seconds,
                [ms / len(LIFECYCLE) for ms in lc.latencies_ms],
            )
        )
        if threads > 1 and connection.vendor == "postgresql":
            results.append(_parallel(world, at, threads, max(count // threads, 1)))
        return results
    finally:
        _cleanup(world)


def _cleanup(world: dict[str, Any]) -> None:
    from motcua.dossiers.models import CodeSequence
    from motcua.reporting.models import DailyCount
    from motcua.warehouse.models import StoreEntry

    with transaction.atomic():
        # The results the lifecycle issued went into the applicant's data store,
        # which keeps an entry's dossier (PROTECT); the counts into the aggregates.
        StoreEntry.objects.filter(source_dossier__receiving_agency=world["agency"]).delete()
        DailyCount.objects.filter(receiving_agency=world["agency"]).delete()
        Dossier.objects.filter(receiving_agency=world["agency"]).delete()
        CodeSequence.objects.filter(agency=world["agency"]).delete()

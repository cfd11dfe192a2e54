"""Writes of the indicator aggregates: one rule turns a history row into counts.

``change_counts`` is the only place that decides which counters an event of a
dossier moves. The hooks (run inside the transaction of ``dossier_receive``
and ``dossier_transition``) and ``daily_counts_rebuild`` (from the history)
both go through it, so the live aggregates and a recomputation agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.deadlines import (
    CLOSING_ACTIONS,
    calendar_for_agency,
    limit_of,
    timeliness,
)
from motcua.dossiers.models import Channel, Dossier, StatusChange, Verdict
from motcua.reporting.models import COUNTERS, DailyCount

VERDICT_COUNTER: dict[str, str] = {
    Verdict.EARLY: "decided_early",
    Verdict.ON_TIME: "decided_on_time",
    Verdict.LATE: "decided_late",
}


@dataclass(frozen=True, order=True)
class Key:
    """The dimensions of a DailyCount row."""

    receiving_agency_id: int
    competent_agency_id: int
    procedure_id: int
    day: date


def key_of(dossier: Dossier, at: datetime) -> Key:
    return Key(
        dossier.receiving_agency_id,
        dossier.competent_agency_id,
        dossier.procedure_id,
        at.astimezone(VN_TZ).date(),
    )


def change_counts(
    *, action: str, channel: str, verdict: str, supplement_requests: int
) -> list[str]:
    """The counters one history row moves.

    ``verdict`` and ``supplement_requests`` matter for ``issue`` only: the
    verdict of ``deadlines.timeliness`` when the result was issued (supplement
    time deducted; more than one request makes it late).
    """
    if action == "receive":
        return ["received", "received_online"] if channel == Channel.ONLINE else ["received"]
    if action == "issue":
        # An issued dossier always has a verdict; a history that breaks the
        # state machine (an issue after a refusal) is counted as nothing decided.
        counters = [VERDICT_COUNTER[verdict]] if verdict in VERDICT_COUNTER else []
        if counters and supplement_requests > 1:
            counters.append("decided_repeat_supplement")
        return counters
    if action == "return":
        return ["returned"]
    if action in CLOSING_ACTIONS:
        return ["closed_without_result"]
    return []


def daily_count_add(key: Key, counters: Sequence[str]) -> None:
    """Add one to each counter of the row ``key``, creating the row if needed.

    Concurrent changes are safe: the row is created through the unique key
    (``get_or_create`` retries the read when another transaction inserted it
    first) and incremented by ``UPDATE ... SET n = n + 1``, never by writing
    back a value read earlier.
    """
    if not counters:
        return
    row, _created = DailyCount.objects.get_or_create(
        receiving_agency_id=key.receiving_agency_id,
        competent_agency_id=key.competent_agency_id,
        procedure_id=key.procedure_id,
        day=key.day,
    )
    DailyCount.objects.filter(pk=row.pk).update(**{c: F(c) + 1 for c in counters})


def daily_count_on_intake(*, actor: Any, dossier: Dossier, items: Any) -> None:
    """Intake hook (``dossiers.hooks``): count the receipt."""
    counters = change_counts(
        action="receive", channel=dossier.channel, verdict="", supplement_requests=0
    )
    daily_count_add(key_of(dossier, dossier.received_at), counters)


def daily_count_on_transition(*, actor: Any, dossier: Dossier, change: StatusChange) -> None:
    """Transition hook (``dossiers.hooks``): count the event, with the verdict just stored."""
    requests = 0
    if change.action == "issue":
        requests = dossier.history.filter(action="request_supplement").count()
    counters = change_counts(
        action=change.action,
        channel=dossier.channel,
        verdict=dossier.timeliness,
        supplement_requests=requests,
    )
    daily_count_add(key_of(dossier, change.at), counters)


# --- recomputation from the history --------------------------------------------------


Totals = dict[Key, Counter[str]]


def dossier_counts(dossier: Dossier, history: Iterable[StatusChange]) -> Totals:
    """The counts one dossier contributes, recomputed from its history rows."""
    rows = sorted(history, key=lambda r: (r.at, r.pk))
    totals: Totals = {}
    for row in rows:
        verdict, requests = "", 0
        if row.action == "issue":
            # The verdict as ``dossier_transition`` stored it: the history up to the issue.
            upto = [r for r in rows if (r.at, r.pk) <= (row.at, row.pk)]
            result = timeliness(
                received_at=dossier.received_at,
                limit=limit_of(dossier),
                history=upto,
                calendar=calendar_for_agency(dossier.receiving_agency, around=dossier.received_at),
                now=row.at,
            )
            verdict = result.verdict or ""
            requests = result.supplement_requests
        counters = change_counts(
            action=row.action,
            channel=dossier.channel,
            verdict=verdict,
            supplement_requests=requests,
        )
        if counters:
            totals.setdefault(key_of(dossier, row.at), Counter()).update(counters)
    return totals


def daily_counts_recompute() -> Totals:
    """Every aggregate, recomputed from every dossier's history (in chunks of 500)."""
    totals: Totals = {}
    dossiers = (
        Dossier.objects.select_related("receiving_agency")
        .prefetch_related("history")
        .order_by("pk")
    )
    for dossier in dossiers.iterator(chunk_size=500):
        for key, counts in dossier_counts(dossier, dossier.history.all()).items():
            totals.setdefault(key, Counter()).update(counts)
    return totals


def daily_counts_stored() -> Totals:
    """The aggregates as stored, zero counters left out."""
    totals: Totals = {}
    for row in DailyCount.objects.values(
        "receiving_agency_id", "competent_agency_id", "procedure_id", "day", *COUNTERS
    ):
        key = Key(
            row["receiving_agency_id"],
            row["competent_agency_id"],
            row["procedure_id"],
            row["day"],
        )
        counts = Counter({c: row[c] for c in COUNTERS if row[c]})
        if counts:
            totals[key] = counts
    return totals


@dataclass(frozen=True)
class Difference:
    key: Key
    counter: str
    stored: int
    recomputed: int


def daily_counts_differences(stored: Totals, recomputed: Totals) -> list[Difference]:
    """Every counter where the stored aggregates and the recomputation disagree."""
    found = []
    for key in sorted(set(stored) | set(recomputed)):
        have, want = stored.get(key, Counter()), recomputed.get(key, Counter())
        for counter in COUNTERS:
            if have[counter] != want[counter]:
                found.append(Difference(key, counter, have[counter], want[counter]))
    return found


@transaction.atomic
def daily_counts_rebuild() -> int:
    """Replace every aggregate by its recomputation from the history; return the row count.

    A maintenance operation: a dossier change committed while the history is
    being read may be missed by the recomputation or lose its increment to the
    delete. Run it when no dossier is being changed (or run ``--check`` after).
    """
    recomputed = daily_counts_recompute()
    DailyCount.objects.all().delete()
    DailyCount.objects.bulk_create(
        (
            DailyCount(
                receiving_agency_id=key.receiving_agency_id,
                competent_agency_id=key.competent_agency_id,
                procedure_id=key.procedure_id,
                day=key.day,
                **dict(counts),
            )
            for key, counts in sorted(recomputed.items())
        ),
        batch_size=1000,
    )
    return len(recomputed)

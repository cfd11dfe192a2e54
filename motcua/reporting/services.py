"""Writes of the indicator aggregates: one rule turns a history row into counts.

``change_counts`` (history rows), ``event_counts`` (later facts: sync, reuse,
rating) and ``issue_facts`` are the only places that decide which counters a
dossier moves. The hooks (run inside the transaction of ``dossier_receive``,
``dossier_transition`` and the services that record the later facts) and
``daily_counts_rebuild`` (from the history) all go through them, so the live
aggregates and a recomputation agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F, prefetch_related_objects

from motcua.core.lib.workcalendar import VN_TZ
from motcua.digitization.models import ScanStatus
from motcua.dossiers.deadlines import (
    CLOSING_ACTIONS,
    calendar_for_agency,
    limit_of,
    timeliness,
)
from motcua.dossiers.models import ApplicantKind, Channel, Dossier, Rating, StatusChange, Verdict
from motcua.reporting.models import COUNTERS, DailyCount, MonthlyCount

VERDICT_COUNTER: dict[str, str] = {
    Verdict.EARLY: "decided_early",
    Verdict.ON_TIME: "decided_on_time",
    Verdict.LATE: "decided_late",
}

Increments = dict[str, int]


@dataclass(frozen=True, order=True)
class Key:
    """The dimensions of a DailyCount row; with ``monthly``, of a MonthlyCount row
    (``day`` is then the first day of the month)."""

    receiving_agency_id: int
    competent_agency_id: int
    procedure_id: int
    day: date
    monthly: bool = False

    def month(self) -> Key:
        """The key of the MonthlyCount row this day's row adds to."""
        return Key(
            self.receiving_agency_id,
            self.competent_agency_id,
            self.procedure_id,
            self.day.replace(day=1),
            monthly=True,
        )


def key_of(dossier: Dossier, at: datetime) -> Key:
    return Key(
        dossier.receiving_agency_id,
        dossier.competent_agency_id,
        dossier.procedure_id,
        at.astimezone(VN_TZ).date(),
    )


@dataclass(frozen=True)
class IssueFacts:
    """What was true of a dossier when its result was issued."""

    verdict: str
    supplement_requests: int
    handling_seconds: int
    e_result: bool  # an electronic result was attached
    digitized: bool  # and every component handed in had a file (a scan or a store entry)


def issue_facts(
    dossier: Dossier, *, verdict: str, supplement_requests: int, at: datetime
) -> IssueFacts:
    """The facts of the issue at ``at``, read from the dossier's checklist, scans and result
    files (prefetched by the recomputation, queried by the live hook): one rule for both."""
    e_result = any(f.uploaded_at <= at for f in dossier.result_files.all())
    components = [item for item in dossier.documents.all() if item.provided]
    digitized = e_result and all(
        item.from_store
        or any(s.created_at <= at and s.status != ScanStatus.REFUSED for s in item.scans.all())
        for item in components
    )
    seconds = max(0, int((at - dossier.received_at).total_seconds()))
    return IssueFacts(verdict, supplement_requests, seconds, e_result, digitized)


def change_counts(*, action: str, dossier: Dossier, issue: IssueFacts | None = None) -> Increments:
    """The counters one history row moves, and by how much.

    ``issue`` matters for ``issue`` only: the verdict of ``deadlines.timeliness``
    when the result was issued (supplement time deducted; more than one request
    makes it late), and the facts of ``issue_facts``.
    """
    if action == "receive":
        counts = {"received": 1}
        if dossier.channel == Channel.ONLINE:
            counts["received_online"] = 1
        if dossier.applicant_kind == ApplicantKind.PERSON:
            counts["received_person"] = 1
        if dossier.applicant_verified_by:
            counts["received_checked"] = 1
        return counts
    if action == "issue":
        # An issued dossier always has a verdict; a history that breaks the
        # state machine (an issue after a refusal) is counted as nothing decided.
        if issue is None or issue.verdict not in VERDICT_COUNTER:
            return {}
        counts = {VERDICT_COUNTER[issue.verdict]: 1, "handling_seconds": issue.handling_seconds}
        if issue.supplement_requests > 1:
            counts["decided_repeat_supplement"] = 1
        if issue.e_result:
            counts["decided_e_result"] = 1
        if issue.digitized:
            counts["decided_digitized"] = 1
        return counts
    if action == "return":
        return {"returned": 1}
    if action in CLOSING_ACTIONS:
        return {"closed_without_result": 1}
    return {}


def event_counts(*, event: str, data: dict[str, Any]) -> Increments:
    """The counters a later fact about a dossier moves (``dossiers.hooks`` events)."""
    if event == "synced":
        return {"synced": 1}
    if event == "reuse":
        counts = {}
        if data.get("possible"):
            counts["items_reusable"] = 1
        if data.get("reused"):
            counts["items_reused"] = 1
        return counts
    if event == "rated":
        counts = {"rated": 1}
        if data.get("value") == Rating.BAD:
            counts["rated_negative"] = 1
        return counts
    return {}


def event_key(dossier: Dossier, event: str) -> Key | None:
    """The row a later fact adds to: the receipt day's, or for a rating the decision day's."""
    if event == "rated":
        return key_of(dossier, dossier.finished_at) if dossier.finished_at else None
    return key_of(dossier, dossier.received_at)


def daily_count_add(key: Key, counts: Increments) -> None:
    """Add ``counts`` to the row ``key`` and to its month's row, creating them if needed
    (in the caller's transaction, so both move together or not at all).

    Concurrent changes are safe: a row is created through the unique key
    (``get_or_create`` retries the read when another transaction inserted it
    first) and incremented by ``UPDATE ... SET n = n + k``, never by writing
    back a value read earlier.
    """
    counts = {c: n for c, n in counts.items() if n}
    if not counts:
        return
    increments = {c: F(c) + n for c, n in counts.items()}
    agencies: dict[str, Any] = {
        "receiving_agency_id": key.receiving_agency_id,
        "competent_agency_id": key.competent_agency_id,
        "procedure_id": key.procedure_id,
    }
    with transaction.atomic():
        row, _created = DailyCount.objects.get_or_create(**agencies, day=key.day)
        DailyCount.objects.filter(pk=row.pk).update(**increments)
        month, _created = MonthlyCount.objects.get_or_create(
            **agencies, month=key.day.replace(day=1)
        )
        MonthlyCount.objects.filter(pk=month.pk).update(**increments)


def daily_count_on_intake(*, actor: Any, dossier: Dossier, items: Any) -> None:
    """Intake hook (``dossiers.hooks``): count the receipt."""
    daily_count_add(
        key_of(dossier, dossier.received_at), change_counts(action="receive", dossier=dossier)
    )


def daily_count_on_transition(*, actor: Any, dossier: Dossier, change: StatusChange) -> None:
    """Transition hook (``dossiers.hooks``): count the event, with the verdict just stored."""
    issue = None
    if change.action == "issue":
        prefetch_related_objects([dossier], "result_files", "documents__scans")
        issue = issue_facts(
            dossier,
            verdict=dossier.timeliness,
            supplement_requests=dossier.history.filter(action="request_supplement").count(),
            at=change.at,
        )
    daily_count_add(
        key_of(dossier, change.at),
        change_counts(action=change.action, dossier=dossier, issue=issue),
    )


def daily_count_on_event(*, dossier: Dossier, event: str, data: dict[str, Any]) -> None:
    """Event hook (``dossiers.hooks``): a sync, a reuse or a rating."""
    key = event_key(dossier, event)
    if key is not None:
        daily_count_add(key, event_counts(event=event, data=data))


# --- recomputation from the history --------------------------------------------------


Totals = dict[Key, Counter[str]]


def dossier_counts(dossier: Dossier, history: Iterable[StatusChange]) -> Totals:
    """The counts one dossier contributes, recomputed from its history and its facts
    (checklist reuse, sync flag, result files, scans, rating), through the same rules
    as the live hooks."""
    rows = sorted(history, key=lambda r: (r.at, r.pk))
    totals: Totals = {}

    def add(key: Key, counts: Increments) -> None:
        counts = {c: n for c, n in counts.items() if n}
        if counts:
            totals.setdefault(key, Counter()).update(counts)

    for row in rows:
        issue = None
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
            issue = issue_facts(
                dossier,
                verdict=result.verdict or "",
                supplement_requests=result.supplement_requests,
                at=row.at,
            )
        add(key_of(dossier, row.at), change_counts(action=row.action, dossier=dossier, issue=issue))
    received = key_of(dossier, dossier.received_at)
    if dossier.synced_at is not None:
        add(received, event_counts(event="synced", data={}))
    for item in dossier.documents.all():
        reuse = getattr(item, "store_reuse", None)
        if reuse is not None:
            possible, reused = reuse.counted()
            add(
                received, event_counts(event="reuse", data={"possible": possible, "reused": reused})
            )
    issued = next((r for r in rows if r.action == "issue"), None)
    rating = getattr(dossier, "rating", None)
    if rating is not None and issued is not None:
        add(key_of(dossier, issued.at), event_counts(event="rated", data={"value": rating.value}))
    return totals


def monthly_totals(daily: Totals) -> Totals:
    """The MonthlyCount rows that the DailyCount rows ``daily`` add up to."""
    months: Totals = {}
    for key, counts in daily.items():
        if not key.monthly:
            months.setdefault(key.month(), Counter()).update(counts)
    return months


def daily_counts_recompute() -> Totals:
    """Every aggregate, recomputed from every dossier's history (in chunks of 500): the
    daily rows, and the monthly rows as their sums."""
    totals: Totals = {}
    dossiers = (
        Dossier.objects.select_related("receiving_agency", "rating")
        .prefetch_related("history", "result_files", "documents__scans", "documents__store_reuse")
        .order_by("pk")
    )
    for dossier in dossiers.iterator(chunk_size=500):
        for key, counts in dossier_counts(dossier, dossier.history.all()).items():
            totals.setdefault(key, Counter()).update(counts)
    return totals | monthly_totals(totals)


def daily_counts_stored() -> Totals:
    """The aggregates as stored, daily and monthly rows, zero counters left out."""
    totals: Totals = {}
    for model, column, monthly in ((DailyCount, "day", False), (MonthlyCount, "month", True)):
        for row in model.objects.values(
            "receiving_agency_id", "competent_agency_id", "procedure_id", column, *COUNTERS
        ):
            key = Key(
                row["receiving_agency_id"],
                row["competent_agency_id"],
                row["procedure_id"],
                row[column],
                monthly=monthly,
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
    """Every counter where the stored aggregates and the recomputation disagree: a daily
    row that differs from the history, or a monthly row that is not the sum of its days."""
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
    daily = {k: c for k, c in recomputed.items() if not k.monthly}
    DailyCount.objects.all().delete()
    MonthlyCount.objects.all().delete()
    DailyCount.objects.bulk_create(
        (
            DailyCount(
                receiving_agency_id=key.receiving_agency_id,
                competent_agency_id=key.competent_agency_id,
                procedure_id=key.procedure_id,
                day=key.day,
                **dict(counts),
            )
            for key, counts in sorted(daily.items())
        ),
        batch_size=1000,
    )
    MonthlyCount.objects.bulk_create(
        (
            MonthlyCount(
                receiving_agency_id=key.receiving_agency_id,
                competent_agency_id=key.competent_agency_id,
                procedure_id=key.procedure_id,
                month=key.day,
                **dict(counts),
            )
            for key, counts in sorted(monthly_totals(daily).items())
        ),
        batch_size=1000,
    )
    return len(daily)

"""Rankings of a province's communes and agencies by their Decision 766 score.

One grouped query per source (aggregates, online procedures used, live
dossiers, catalogue) for the whole province, whatever the number of units;
each unit's indicators are then computed by the same ``groups_of`` as a
single unit's report, so a commune's row in the ranking equals its own report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from motcua.catalogue.models import Procedure
from motcua.dossiers.models import CLOCK_RUNNING_STATUSES, Dossier
from motcua.reporting.indicators import (
    DUE_SOON,
    ONLINE_LEVELS,
    Counts,
    Report,
    Target,
    period_check,
    period_rows,
    procedures_of,
    reports_of,
)
from motcua.reporting.models import COUNTERS
from motcua.units.models import AdministrativeUnit, Agency
from motcua.units.selectors import units_standing_for


@dataclass(frozen=True)
class Ranking:
    communes: list[Report]
    agencies: list[Report]
    # Communes with no dossier received, decided or open in the period: not ranked.
    idle: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Sources:
    """What both rankings read, scoped to the province and the period."""

    standing: dict[int, int]  # unit id -> the id of the unit standing for it today
    # The period's aggregate rows: monthly for its whole months, daily for the other days.
    rows: tuple[QuerySet[Any], ...]
    online_procedures: QuerySet[Procedure]
    live: QuerySet[Dossier]
    start: date
    end: date


def _dicts(rows: Any) -> Iterator[dict[str, Any]]:
    """Rows of a ``values().annotate(**fields)`` query, typed as the plain dicts they are."""
    yield from rows


def _sums() -> dict[str, Sum]:
    return {c: Sum(c) for c in COUNTERS}


def _live_fields() -> dict[str, Count]:
    now = timezone.now()
    return {
        "open": Count("pk"),
        "late": Count("pk", filter=Q(due_at__lt=now)),
        "soon": Count("pk", filter=Q(due_at__gte=now, due_at__lt=now + DUE_SOON)),
    }


def _by_total(reports: list[Report]) -> list[Report]:
    return sorted(reports, key=lambda r: (-(r.total or 0), r.target.name))


def _add(into: dict[str, int], row: dict[str, Any]) -> None:
    for c in COUNTERS:
        into[c] = into.get(c, 0) + (row[c] or 0)


def ranking(*, province: AdministrativeUnit, start: date, end: date) -> Ranking:
    """Every commune of ``province`` (dossiers of units merged into it included) and every
    agency of the province that is competent for dossiers, best score first."""
    period_check(start, end)
    standing = units_standing_for(province)
    sources = _Sources(
        standing=standing,
        rows=tuple(
            q
            for q in period_rows(Q(receiving_agency__unit_id__in=standing.keys()), start, end)
            if q is not None
        ),
        online_procedures=Procedure.objects.filter(is_active=True, online_level__in=ONLINE_LEVELS),
        live=Dossier.objects.filter(
            receiving_agency__unit_id__in=standing.keys(), status__in=CLOCK_RUNNING_STATUSES
        ),
        start=start,
        end=end,
    )
    communes = _communes(sources)
    active = [r for r in communes if _active(r)]
    idle = sorted(r.target.name for r in communes if not _active(r))
    return Ranking(communes=active, agencies=_agencies(sources), idle=idle)


def _active(report: Report) -> bool:
    """Whether the unit had dossiers to judge: received, decided or open in the period."""
    progress = next(g for g in report.groups if g.key == "progress")
    open_now = next(i for i in progress.indicators if i.key == "now_late").denominator
    received = report.indicator("online_rate").denominator
    decided = report.indicator("on_time_rate").denominator
    return bool(received or decided or open_now)


def _communes(s: _Sources) -> list[Report]:
    standing = s.standing
    communes = {
        u.pk: u
        for u in AdministrativeUnit.objects.filter(
            pk__in=set(standing.values()),
            level=AdministrativeUnit.Level.COMMUNE,
            valid_to__isnull=True,
        )
    }
    if not communes:
        return []
    counts = {pk: Counts(sums={}) for pk in communes}
    used: dict[int, set[int]] = defaultdict(set)
    commune_online = s.online_procedures.filter(level=Procedure.Level.COMMUNE)
    for rows in s.rows:
        for row in _dicts(rows.values("receiving_agency__unit_id").annotate(**_sums())):
            pk = standing.get(row["receiving_agency__unit_id"])
            if pk in counts:
                _add(counts[pk].sums, row)
        for unit_id, procedure_id in (
            rows.filter(received_online__gt=0, procedure__in=commune_online)
            .values_list("receiving_agency__unit_id", "procedure")
            .distinct()
        ):
            used[standing.get(unit_id, 0)].add(procedure_id)
    for row in _dicts(s.live.values("receiving_agency__unit_id").annotate(**_live_fields())):
        pk = standing.get(row["receiving_agency__unit_id"])
        if pk in counts:
            counts[pk].open_now += row["open"]
            counts[pk].late_now += row["late"]
            counts[pk].due_soon += row["soon"]
    # Every commune handles the commune-level procedures of the provincial catalogue.
    sample = next(iter(communes.values()))
    catalogue = procedures_of(Target(sample.code, sample.name, sample.pk, unit=sample)).aggregate(
        all=Count("pk"), online=Count("pk", filter=Q(online_level__in=ONLINE_LEVELS))
    )
    for pk, c in counts.items():
        c.procedures, c.procedures_online = catalogue["all"], catalogue["online"]
        c.procedures_online_used = len(used.get(pk, ()))
    targets = [(Target(u.code, u.name, u.pk, unit=u), counts[pk]) for pk, u in communes.items()]
    return _by_total(reports_of(targets, start=s.start, end=s.end))


def _agencies(s: _Sources) -> list[Report]:
    """Agencies by the dossiers they are competent for (the agency that decides)."""
    agencies = {
        a.pk: a
        for a in Agency.objects.select_related("unit").filter(
            unit_id__in=s.standing.keys(), unit__valid_to__isnull=True
        )
    }
    counts: dict[int, Counts] = {}
    used: dict[int, set[int]] = defaultdict(set)
    for rows in s.rows:
        for row in _dicts(rows.values("competent_agency_id").annotate(**_sums())):
            pk = row["competent_agency_id"]
            if pk in agencies:
                _add(counts.setdefault(pk, Counts(sums={})).sums, row)
        for agency_id, procedure_id in (
            rows.filter(received_online__gt=0, procedure__in=s.online_procedures)
            .values_list("competent_agency_id", "procedure")
            .distinct()
        ):
            used[agency_id].add(procedure_id)
    if not counts:
        return []
    for row in _dicts(s.live.values("competent_agency_id").annotate(**_live_fields())):
        c = counts.get(row["competent_agency_id"])
        if c is not None:
            c.open_now, c.late_now, c.due_soon = row["open"], row["late"], row["soon"]
    # An agency's procedures: those it is competent for, else its unit's level (procedures_of).
    own = {
        row["competent_agency_id"]: row
        for row in _dicts(
            Procedure.objects.filter(is_active=True, competent_agency_id__in=counts.keys())
            .values("competent_agency_id")
            .annotate(all=Count("pk"), online=Count("pk", filter=Q(online_level__in=ONLINE_LEVELS)))
        )
    }
    by_level: dict[str, dict[str, Any]] = {
        level: Procedure.objects.filter(is_active=True, **filters).aggregate(
            all=Count("pk"), online=Count("pk", filter=Q(online_level__in=ONLINE_LEVELS))
        )
        for level, filters in (
            (AdministrativeUnit.Level.COMMUNE, {"level": Procedure.Level.COMMUNE}),
            (AdministrativeUnit.Level.PROVINCE, {}),
        )
    }
    targets = []
    for pk, c in counts.items():
        agency = agencies[pk]
        catalogue = (
            own.get(pk)
            or by_level.get(agency.unit.level)
            or by_level[AdministrativeUnit.Level.PROVINCE]
        )
        c.procedures, c.procedures_online = catalogue["all"], catalogue["online"]
        c.procedures_online_used = len(used.get(pk, ()))
        targets.append((Target(agency.code, agency.name, agency.unit_id, agency=agency), c))
    return _by_total(reports_of(targets, start=s.start, end=s.end))

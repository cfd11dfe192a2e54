"""Decision 766 indicators of a unit or agency over a period."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from motcua.api.auth import OFFICER_AUTH, request_actor
from motcua.api.schemas import ErrorOut, InSchema
from motcua.core.errors import DomainError, NotFound
from motcua.reporting.access import target_get_for_officer
from motcua.reporting.dashboard import DRILLS, drill_dossiers
from motcua.reporting.indicators import (
    Group,
    Indicator,
    LiveDossier,
    Report,
    indicators_report,
    period_check,
)
from motcua.reporting.rankings import ranking
from motcua.units.models import AdministrativeUnit

router = Router(tags=["indicators"], auth=OFFICER_AUTH)


class IndicatorQuery(InSchema):
    unit: str = Field(
        ...,
        min_length=1,
        max_length=32,
        description="A unit's statistical code (province, commune) or an agency's code.",
    )
    start: date = Field(..., alias="from", description="First day, YYYY-MM-DD (Vietnam date).")
    end: date = Field(..., alias="to", description="Last day, YYYY-MM-DD, included.")


class IndicatorOut(Schema):
    key: str
    label: str
    numerator: int | None
    denominator: int | None
    rate: float | None = Field(
        description="numerator ÷ denominator; null: no data. With unit=seconds an average time"
    )
    threshold: float | None = Field(description="the rate that gives full score")
    score: float | None = Field(description="share of the indicator's points, 0 to 1")
    unit: str = Field(description="ratio (a share) or seconds (an average duration)")

    @classmethod
    def of(cls, i: Indicator) -> IndicatorOut:
        return cls(
            key=i.key,
            label=i.label,
            numerator=i.numerator,
            denominator=i.denominator,
            rate=i.rate,
            threshold=i.threshold,
            score=i.score,
            unit=i.unit,
        )


class GroupOut(Schema):
    key: str
    label: str
    points: int
    total: float | None
    indicators: list[IndicatorOut]

    @classmethod
    def of(cls, g: Group) -> GroupOut:
        return cls(
            key=g.key,
            label=g.label,
            points=g.points,
            total=g.total,
            indicators=[IndicatorOut.of(i) for i in g.indicators],
        )


class LiveDossierOut(Schema):
    code: str
    procedure: str
    held_by: str
    due_at: str

    @classmethod
    def of(cls, d: LiveDossier) -> LiveDossierOut:
        return cls(code=d.code, procedure=d.procedure, held_by=d.held_by, due_at=d.due_at)


class ReportOut(Schema):
    unit: str
    name: str
    start: date = Field(serialization_alias="from")
    end: date = Field(serialization_alias="to")
    total: float | None = Field(description="points out of 100; null: no data at all")
    points_possible: int = Field(description="100: the five groups of Decision 766")
    points_measured: int = Field(description="points of the groups that had data")
    band: str | None = Field(description="rating band of the total")
    groups: list[GroupOut]
    now_late: list[LiveDossierOut]
    due_soon: list[LiveDossierOut]

    @classmethod
    def of(cls, r: Report) -> ReportOut:
        return cls(
            unit=r.target.code,
            name=r.target.name,
            start=r.start,
            end=r.end,
            total=r.total,
            points_possible=r.points_possible,
            points_measured=r.points_measured,
            band=r.band,
            groups=[GroupOut.of(g) for g in r.groups],
            now_late=[LiveDossierOut.of(d) for d in r.now_late],
            due_soon=[LiveDossierOut.of(d) for d in r.due_soon],
        )


@router.get(
    "",
    response={200: ReportOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Decision 766 indicators of a unit",
    by_alias=True,
)
def indicators_get(request: HttpRequest, filters: Query[IndicatorQuery]) -> ReportOut:
    """Every indicator computed so far, with numerator, denominator, rate, score and the
    rate that gives full score; a unit the officer may not see answers 404."""
    target = target_get_for_officer(user=request_actor(request), code=filters.unit)
    return ReportOut.of(indicators_report(target=target, start=filters.start, end=filters.end))


class RankedOut(Schema):
    code: str
    name: str
    total: float | None
    band: str | None

    @classmethod
    def of(cls, r: Report) -> RankedOut:
        return cls(code=r.target.code, name=r.target.name, total=r.total, band=r.band)


class RankingOut(Schema):
    communes: list[RankedOut]
    agencies: list[RankedOut] = Field(description="by the dossiers each agency is competent for")


@router.get(
    "/ranking",
    response={200: RankingOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Communes and agencies of a province, best score first",
)
def indicators_ranking(request: HttpRequest, filters: Query[IndicatorQuery]) -> RankingOut:
    target = target_get_for_officer(user=request_actor(request), code=filters.unit)
    if target.unit is None or target.unit.level != AdministrativeUnit.Level.PROVINCE:
        raise DomainError(_("Rankings are of a province: give a province's code."), field="unit")
    ranked = ranking(province=target.unit, start=filters.start, end=filters.end)
    return RankingOut(
        communes=[RankedOut.of(r) for r in ranked.communes],
        agencies=[RankedOut.of(r) for r in ranked.agencies],
    )


class DrillQuery(IndicatorQuery):
    list: str = Field(..., max_length=32, description="which dossiers: " + ", ".join(DRILLS))
    offset: int = Field(0, ge=0, le=1_000_000)
    limit: int = Field(50, ge=1, le=200)


class DrillDossierOut(Schema):
    code: str
    procedure: str
    status: str
    held_by: str
    received_at: str
    due_at: str


class DrillOut(Schema):
    count: int
    dossiers: list[DrillDossierOut]


@router.get(
    "/dossiers",
    response={200: DrillOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The dossiers behind a figure",
)
def indicators_dossiers(request: HttpRequest, filters: Query[DrillQuery]) -> DrillOut:
    """The dossiers a figure counts (e.g. ``decided_late``), newest first, with the agency
    that holds each one now."""
    target = target_get_for_officer(user=request_actor(request), code=filters.unit)
    if filters.list not in DRILLS:
        raise NotFound(_("No such list."), field="list")
    period_check(filters.start, filters.end)
    dossiers = drill_dossiers(target=target, start=filters.start, end=filters.end, key=filters.list)
    page = dossiers[filters.offset : filters.offset + filters.limit]
    return DrillOut(
        count=dossiers.count(),
        dossiers=[
            DrillDossierOut(
                code=d.code,
                procedure=d.procedure.code,
                status=d.status,
                held_by=d.current_agency.name,
                received_at=d.received_at.isoformat(),
                due_at=d.promised_at.isoformat(),
            )
            for d in page
        ],
    )

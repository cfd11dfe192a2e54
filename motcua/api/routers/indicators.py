"""Decision 766 indicators of a unit or agency over a period."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from motcua.api.auth import OFFICER_AUTH, request_actor
from motcua.api.schemas import ErrorOut, InSchema
from motcua.reporting.access import target_get_for_officer
from motcua.reporting.indicators import Group, Indicator, LiveDossier, Report, indicators_report

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
    rate: float | None = Field(description="numerator ÷ denominator; null: no data")
    threshold: float | None = Field(description="the rate that gives full score")
    score: float | None = Field(description="share of the indicator's points, 0 to 1")

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
    total: float | None
    points_possible: int = Field(description="points of the groups computed so far")
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

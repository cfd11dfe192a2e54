"""Bundles (liên thông, Decree 63/2024): file one at the counter, follow its children."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status, codes_4xx

from motcua.api.auth import OFFICER_AUTH, request_actor
from motcua.api.schemas import ApplicantIn, DossierCode, ErrorOut, InSchema
from motcua.dossiers.bundles import bundle_children, bundle_get_for_officer, bundle_receive
from motcua.dossiers.models import DossierBundle

router = Router(tags=["bundles"], auth=OFFICER_AUTH)


class BundleIn(InSchema):
    bundle: str = Field(..., min_length=1, max_length=32, description="e.g. LT-KHAISINH")
    applicant: ApplicantIn


class BundleChildOut(Schema):
    code: str
    procedure: str
    competent_agency: str
    held_by: str
    status: str
    due_at: datetime


class BundleOut(Schema):
    code: str
    bundle: str
    status: str
    received_at: datetime
    due_at: datetime = Field(description="the bundle's own limit: every result by then")
    completed_at: datetime | None
    timeliness: str
    children: list[BundleChildOut]

    @classmethod
    def of(cls, filing: DossierBundle) -> BundleOut:
        return cls(
            code=filing.code,
            bundle=filing.bundle.code,
            status=filing.status,
            received_at=filing.received_at,
            due_at=filing.due_at,
            completed_at=filing.completed_at,
            timeliness=filing.timeliness,
            children=[
                BundleChildOut(
                    code=d.code,
                    procedure=d.procedure.code,
                    competent_agency=d.competent_agency.code,
                    held_by=d.current_agency.code,
                    status=d.status,
                    due_at=d.promised_at,
                )
                for d in bundle_children(filing)
            ],
        )


@router.post("", response={201: BundleOut, codes_4xx: ErrorOut}, summary="File a bundle")
def bundles_create(request: HttpRequest, payload: BundleIn) -> Status[BundleOut]:
    """One filing, a child dossier per procedure of the bundle (counter officers only)."""
    filing = bundle_receive(
        actor=request_actor(request),
        bundle_code=payload.bundle,
        applicant=payload.applicant.to_input(),
    )
    return Status(201, BundleOut.of(filing))


@router.get("/{code}", response={200: BundleOut, codes_4xx: ErrorOut}, summary="A bundle filing")
def bundles_detail(request: HttpRequest, code: DossierCode) -> BundleOut:
    return BundleOut.of(bundle_get_for_officer(user=request_actor(request), code=code))

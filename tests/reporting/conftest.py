"""A month of dossiers in the test province, built through the services.

In the commune of Đèo Gia (07594), March 2026, procedure 1.000894 (3 working days):

- ``early``: decided the next day; ``on_time``: decided on the due day, before the
  due time; ``late``: decided after the due time;
- ``paused``: one supplement request, four days' wait deducted: early;
- ``twice``: a second supplement request in a synced history: late;
- ``online``: received online, still open, now late; ``refused``;
- at the centre of a commune merged into Đèo Gia afterwards (07600):
  ``merged_refused`` and ``merged_open`` (now late).

Decided 5, on time or early 3, received 9 of which online 1.

Facts besides the history: ``early`` and ``on_time`` have an electronic result
attached before the issue, and every component of ``early`` was scanned, so
``early`` alone is fully digitized; ``early`` and ``late`` are synced to the
national portal; the applicant rated ``early`` "satisfied" and ``late`` "not
satisfied".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from motcua.api.services import api_token_issue
from motcua.core.lib.workcalendar import VN_TZ
from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.digitization.results import result_attach
from motcua.dossiers import services as dossier_services
from motcua.dossiers.inputs import IntakeInput
from motcua.dossiers.models import Dossier, DossierDocument, StatusChange
from motcua.dossiers.services import dossier_receive, dossiers_mark_synced
from motcua.portal.services import dossier_rate
from motcua.units.models import AdministrativeUnit, Agency, OneStopCounter, Role
from tests.api.conftest import Api
from tests.conftest import make_user
from tests.digitization.samples import born_digital_pdf
from tests.dossiers.helpers import HUNG, act, receive

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def decide(
    world: Any,
    dossier: Dossier,
    *,
    issued: datetime,
    returned: bool = True,
    e_result: bool = False,
) -> Dossier:
    """Assign, appraise, approve and sign an hour before ``issued`` (attaching the
    electronic result then if asked); issue; return."""
    before = issued - timedelta(hours=1)
    act(world.counter, dossier, "assign", assignee="specialist", at=before)
    act(world.specialist, dossier, "appraise", at=before)
    act(world.leader, dossier, "approve", at=before)
    act(world.leader, dossier, "sign", at=before)
    if e_result:
        result_attach(
            actor=world.clerk,
            dossier_code=dossier.code,
            data=born_digital_pdf(),
            filename="ket-qua.pdf",
            at=before,
        )
    dossier = act(world.clerk, dossier, "issue", result_number="1/GCN", at=issued)
    if returned:
        dossier = act(world.counter, dossier, "return", at=issued + timedelta(hours=1))
    return dossier


def receive_online(counter: Any, *, at: datetime, monkeypatch: pytest.MonkeyPatch) -> Dossier:
    """An online dossier: the portal's online filing is not built yet, so the counter's
    check that refuses the online channel is lifted for this one intake."""
    with monkeypatch.context() as patch:
        patch.setattr(dossier_services, "_check_intake_fields", lambda data, **_kw: None)
        data = IntakeInput(procedure_code="1.000894", applicant=HUNG, channel="2")
        return dossier_receive(actor=counter, data=data, at=at)


@dataclass
class Month:
    dossiers: dict[str, Dossier]
    merged_unit: AdministrativeUnit
    merged_centre: Agency


@pytest.fixture
def month(world: Any, monkeypatch: pytest.MonkeyPatch) -> Month:
    monday = vn(2026, 3, 2, 9, 0)  # due Thursday 5 March 09:00
    d: dict[str, Dossier] = {}
    early = receive(world.counter, at=monday)
    for item in early.documents.filter(provided=True):
        scan_as_processed(early, item, at=monday)
    d["early"] = decide(world, early, issued=vn(2026, 3, 3, 10, 0), e_result=True)
    d["on_time"] = decide(
        world, receive(world.counter, at=monday), issued=vn(2026, 3, 5, 8, 30), e_result=True
    )
    d["late"] = decide(world, receive(world.counter, at=monday), issued=vn(2026, 3, 9, 10, 0))

    paused = receive(world.counter, at=monday)
    act(world.counter, paused, "request_supplement", missing=["Tờ khai"], at=vn(2026, 3, 2, 10))
    act(world.counter, paused, "supplement", at=vn(2026, 3, 6, 10, 0))
    d["paused"] = decide(world, paused, issued=vn(2026, 3, 9, 10, 0), returned=False)

    twice = receive(world.counter, at=monday)
    act(world.counter, twice, "request_supplement", missing=["Tờ khai"], at=vn(2026, 3, 2, 10))
    act(world.counter, twice, "supplement", at=vn(2026, 3, 2, 11, 0))
    # A second request and its supplement, as a history synced from another system holds.
    for action, hour in (("request_supplement", 13), ("supplement", 14)):
        StatusChange.objects.create(
            dossier=twice, action=action, to_status="received", at=vn(2026, 3, 2, hour, 0)
        )
    d["twice"] = decide(world, twice, issued=vn(2026, 3, 3, 10, 0))

    d["online"] = receive_online(world.counter, at=monday, monkeypatch=monkeypatch)
    refused = receive(world.counter, at=monday)
    d["refused"] = act(world.counter, refused, "refuse", reason="Sai thẩm quyền", at=monday)

    old = AdministrativeUnit.objects.create(
        code="07600", name="Xã Tân Sơn", level="commune", parent=world.province
    )
    centre = Agency.objects.create(
        code="000.31.24.H24", name="UBND xã Tân Sơn", kind="centre", unit=old, is_one_stop=True
    )
    OneStopCounter.objects.create(agency=centre, name="Quầy 1")
    officer = make_user("oldcounter", agency=centre, role=Role.COUNTER, full_name="Lý Văn An")
    merged_refused = receive(officer, at=monday)
    d["merged_refused"] = act(officer, merged_refused, "refuse", reason="Thiếu", at=monday)
    d["merged_open"] = receive(officer, at=monday)
    # On 1 July the commune is merged into Đèo Gia; its dossiers count there.
    AdministrativeUnit.objects.filter(pk=old.pk).update(
        valid_to=date(2026, 6, 30), successor=world.commune
    )
    old.refresh_from_db()
    dossiers_mark_synced(codes=[d["early"].code, d["late"].code], at=vn(2026, 3, 10, 9, 0))
    last4 = HUNG.id_number[-4:]
    dossier_rate(code=d["early"].code, id_last4=last4, value="good", at=vn(2026, 3, 10, 9, 0))
    dossier_rate(code=d["late"].code, id_last4=last4, value="bad", comment="Chậm quá")
    return Month(d, old, centre)


def scan_as_processed(dossier: Dossier, item: DossierDocument, *, at: datetime) -> None:
    """A scan of a checklist item as the pipeline leaves it (the OCR itself is tested in
    tests/digitization): a row in status "done", made at ``at``."""
    scan = ScannedDocument.objects.create(
        dossier=dossier,
        dossier_document=item,
        original="originals/x.pdf",
        original_name="x.pdf",
        original_sha256="0" * 64,
        original_size=1,
        detected_type="pdf",
        status=ScanStatus.DONE,
    )
    ScannedDocument.objects.filter(pk=scan.pk).update(created_at=at)


@pytest.fixture
def api(world: Any) -> dict[str, Api]:
    """An API client with a bearer token per officer persona."""
    names = ["counter", "leader", "stranger", "province_admin", "dept_specialist"]
    return {name: Api(api_token_issue(user=getattr(world, name))) for name in names}


@pytest.fixture
def anonymous() -> Api:
    return Api(None)

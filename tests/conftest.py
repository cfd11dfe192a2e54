"""Named personas and a small province, built once per test.

- ``counter``: counter officer of the one-stop centre of Đèo Gia commune
- ``specialist``, ``leader``, ``clerk``: officers of the same commune
- ``stranger``: counter officer of another commune, who must see nothing
- ``province_admin``: administrator of the province
- ``citizen``: a signed-up person who is not an officer

``birth``: the birth bundle on top of it, with the officers of each of its agencies.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from motcua.catalogue.models import (
    Bundle,
    BundleDocumentLink,
    Field,
    Procedure,
    RequiredDocument,
)
from motcua.catalogue.services import procedure_search_text
from motcua.core import ratelimit
from motcua.units.models import AdministrativeUnit, Agency, Officer, OneStopCounter, Role

PASSWORD = "motcua-test-pw-2026"


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # PBKDF2 at production strength costs ~0.4 s per persona; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _inline_jobs(settings: Any) -> None:
    """In-process jobs run in the test's own thread, so their effects can be asserted."""
    settings.MOTCUA_INPROCESS_JOBS = "inline"


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Service messages in English, whatever an earlier test left active.

    Pages pick their language per request (the middleware); the Vietnamese
    catalogue has tests of its own in tests/test_translations.py.
    """
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Tests talk to loopback only (databases, the live server, the browser)."""
    if request.node.get_closest_marker("e2e"):
        return
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in {"127.0.0.1", "localhost", "::1"}
            and not (host.startswith("/"))
        ):
            raise RuntimeError(f"network access blocked in tests: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _rate_limits_start_empty(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No rate-limit counter survives from an earlier test, and none straddles a window.

    The limiter's windows are aligned to the wall clock; a test that spends
    its limit across a minute boundary would see the count start again.
    The limiter's clock is pinned 10 s into a minute; tests of the windows
    themselves move it (tests/core/test_ratelimit.py).
    """
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_800_000_010.0)
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    province: AdministrativeUnit
    commune: AdministrativeUnit
    other_commune: AdministrativeUnit
    centre: Agency
    other_centre: Agency
    department: Agency
    procedure: Procedure
    province_procedure: Procedure
    counter: Any
    specialist: Any
    leader: Any
    clerk: Any
    stranger: Any
    province_admin: Any
    dept_specialist: Any
    citizen: Any


def make_user(
    username: str, *, agency: Agency | None = None, role: str | None = None, full_name: str = ""
) -> Any:
    first, _, last = full_name.rpartition(" ")
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=last, last_name=first
    )
    if agency is not None and role is not None:
        counter = agency.counters.first() if role == Role.COUNTER else None
        Officer.objects.create(user=user, agency=agency, role=role, counter=counter)
    return user


def make_procedure(
    code: str,
    name: str,
    field: Field,
    *,
    days: int = 3,
    competent: Agency | None = None,
    level: str = "commune",
) -> Procedure:
    procedure = Procedure.objects.create(
        code=code,
        name=name,
        field=field,
        level=level,
        time_limit=days,
        time_limit_unit=Procedure.LimitUnit.WORKING_DAYS,
        cutoff_hour=time(15, 0),
        competent_agency=competent,
        fee=0,
        name_search=procedure_search_text(code=code, name=name),
    )
    RequiredDocument.objects.create(procedure=procedure, position=1, name="Tờ khai theo mẫu")
    RequiredDocument.objects.create(
        procedure=procedure,
        position=2,
        name="Căn cước công dân (xuất trình)",
        copies=0,  # shown at the counter, not handed in
        original_must_be_shown=True,
        reusable_from_store=True,
    )
    RequiredDocument.objects.create(
        procedure=procedure, position=3, name="Giấy tờ khác", is_mandatory=False
    )
    return procedure


@pytest.fixture
def world(db: Any) -> World:
    province = AdministrativeUnit.objects.create(code="24", name="Bắc Ninh", level="province")
    commune = AdministrativeUnit.objects.create(
        code="07594", name="Xã Đèo Gia", level="commune", parent=province
    )
    other = AdministrativeUnit.objects.create(
        code="07210", name="Phường Bắc Giang", level="commune", parent=province
    )
    centre = Agency.objects.create(
        code="000.21.24.H24",
        name="Trung tâm PVHCC xã Đèo Gia",
        kind="centre",
        unit=commune,
        is_one_stop=True,
    )
    other_centre = Agency.objects.create(
        code="000.22.24.H24",
        name="Trung tâm PVHCC phường Bắc Giang",
        kind="centre",
        unit=other,
        is_one_stop=True,
    )
    department = Agency.objects.create(
        code="000.07.00.H24", name="Sở Tư pháp", kind="department", unit=province
    )
    OneStopCounter.objects.create(agency=centre, name="Quầy 1")
    OneStopCounter.objects.create(agency=other_centre, name="Quầy 1")
    field = Field.objects.create(code="HT", name="Hộ tịch")
    return World(
        province=province,
        commune=commune,
        other_commune=other,
        centre=centre,
        other_centre=other_centre,
        department=department,
        procedure=make_procedure("1.000894", "Đăng ký kết hôn", field),
        province_procedure=make_procedure(
            "2.000488",
            "Cấp phiếu lý lịch tư pháp",
            field,
            days=10,
            competent=department,
            level="province",
        ),
        counter=make_user("counter", agency=centre, role=Role.COUNTER, full_name="Lê Thị Mai"),
        specialist=make_user(
            "specialist", agency=centre, role=Role.SPECIALIST, full_name="Trần Văn Nam"
        ),
        leader=make_user("leader", agency=centre, role=Role.LEADER, full_name="Phạm Văn Đức"),
        clerk=make_user("clerk", agency=centre, role=Role.CLERK, full_name="Vũ Thị Lan"),
        stranger=make_user(
            "stranger", agency=other_centre, role=Role.COUNTER, full_name="Đỗ Văn Tâm"
        ),
        province_admin=make_user(
            "padmin", agency=department, role=Role.PROVINCE_ADMIN, full_name="Ngô Thị Hà"
        ),
        dept_specialist=make_user(
            "deptspec", agency=department, role=Role.SPECIALIST, full_name="Hoàng Văn Bình"
        ),
        citizen=make_user("citizen", full_name="Nguyễn Văn Hùng"),
    )


@dataclass
class Staff:
    specialist: Any
    leader: Any
    clerk: Any


@dataclass
class BirthBundle:
    bundle: Bundle
    police: Agency
    insurance: Agency
    staff: dict[int, Staff]  # competent agency id -> its officers


@pytest.fixture
def birth(world: World) -> BirthBundle:
    """The birth bundle (Decree 63/2024) of three procedures, each decided by its own
    agency: the commune, the commune police, the provincial social insurance."""
    police = Agency.objects.create(
        code="000.30.24.H24", name="Công an xã Đèo Gia", kind="police", unit=world.commune
    )
    insurance = Agency.objects.create(
        code="000.40.00.H24", name="Bảo hiểm xã hội tỉnh", kind="insurance", unit=world.province
    )
    field = world.procedure.field
    procedures = [
        make_procedure("1.001193", "Đăng ký khai sinh", field, days=1),
        make_procedure("1.004194", "Đăng ký thường trú", field, days=7, competent=police),
        make_procedure(
            "1.007802", "Cấp thẻ BHYT cho trẻ em dưới 6 tuổi", field, competent=insurance
        ),
    ]
    RequiredDocument.objects.create(procedure=procedures[2], position=4, name="Giấy khai sinh")
    bundle = Bundle.objects.create(
        code="LT-KHAISINH", name="Liên thông khai sinh", time_limit_days=3
    )
    bundle.procedures.set(procedures)
    # The birth registration issues the birth certificate the insurance card needs.
    BundleDocumentLink.objects.create(
        bundle=bundle,
        procedure=procedures[2],
        document_name="giấy khai sinh",  # matched without regard to case
        issued_by=procedures[0],
    )
    staff = {world.centre.pk: Staff(world.specialist, world.leader, world.clerk)}
    for agency, slug in ((police, "ca"), (insurance, "bh")):
        staff[agency.pk] = Staff(
            make_user(f"{slug}.cv", agency=agency, role=Role.SPECIALIST, full_name="Lê Văn Cường"),
            make_user(f"{slug}.ld", agency=agency, role=Role.LEADER, full_name="Trần Thị Hoa"),
            make_user(f"{slug}.vt", agency=agency, role=Role.CLERK, full_name="Phạm Thị Thu"),
        )
    return BirthBundle(bundle, police, insurance, staff)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """CI runs the suite twice, on SQLite then on PostgreSQL. A test marked
    ``db_independent`` (gettext extraction, the OCR engine, Celery workers on their
    own SQLite file) proves nothing more the second time: it runs in the SQLite pass
    only, which keeps the two passes within the CI time budget."""
    if connection.vendor != "postgresql":
        return
    skip = pytest.mark.skip(reason="database-independent: runs in the SQLite pass")
    for item in items:
        if item.get_closest_marker("db_independent") is not None:
            item.add_marker(skip)

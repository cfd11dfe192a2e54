"""Demo data for ``motcua demo``: the merged Bắc Ninh province with living dossiers.

Everything is written through the same services the pages use, back-dated
with their ``at`` argument, so the demo's histories, codes, due times and
audit chain are exactly what real use would produce. Values are samples.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pikepdf
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from motcua.catalogue.models import Bundle, Procedure
from motcua.catalogue.seed import catalogue_seed
from motcua.citizens.registry import PersonRecord
from motcua.citizens.services import registry_people_upsert
from motcua.core.lib.workcalendar import VN_TZ
from motcua.digitization.results import result_attach
from motcua.dossiers.bundles import bundle_receive
from motcua.dossiers.deadlines import calendar_for_agency
from motcua.dossiers.inputs import ActionInput, ApplicantInput, IntakeInput
from motcua.dossiers.models import Dossier, Status
from motcua.dossiers.services import (
    SYNC_BATCH,
    dossier_receive,
    dossier_transition,
    dossiers_mark_synced,
)
from motcua.portal.services import dossier_rate
from motcua.resources.demo import resources_demo_seed
from motcua.units.models import AdministrativeUnit, Agency, Officer, OneStopCounter, Role
from motcua.units.services import units_load_from_package, units_seed_predecessors

PROVINCE_CODE = 24
DEMO_PASSWORD = "motcua-demo-2026"  # noqa: S105 - printed for the demo, guarded by MOTCUA_DEMO

# (slug, commune statistical code): the commune centres of the demo.
COMMUNES = [
    ("deogia", "07594"),
    ("bacgiang", "07210"),
    ("kinhbac", "09187"),
    ("lucngan", "07582"),
    ("biendong", "07573"),
]
# Province departments, keyed by the authority text the catalogue publishes.
DEPARTMENTS = [
    ("000.07.00.H24", "Sở Tư pháp tỉnh Bắc Ninh", "department", "Sở Tư pháp"),
    ("000.30.00.H24", "Công an tỉnh Bắc Ninh", "police", "Công an tỉnh"),
    (
        "000.25.00.H24",
        "Sở Nông nghiệp và Môi trường tỉnh Bắc Ninh",
        "department",
        "Văn phòng đăng ký đất đai (Sở Nông nghiệp và Môi trường)",
    ),
    ("000.40.00.H24", "Bảo hiểm xã hội tỉnh Bắc Ninh", "insurance", "Bảo hiểm xã hội tỉnh"),
    ("000.09.00.H24", "Sở Nội vụ tỉnh Bắc Ninh", "department", "Sở Nội vụ"),
]

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lý",
    "Hà",
    "Thân",
    "Giáp",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Phương"]
GIVEN_M = ["Hùng", "Dũng", "Nam", "Tuấn", "Long", "Hải", "Sơn", "Khánh", "Phúc", "Trung", "Đạt"]
GIVEN_F = ["Lan", "Hương", "Mai", "Hà", "Linh", "Trang", "Huyền", "Nhung", "Yến", "Thảo", "Hạnh"]
VILLAGES = [
    "Thôn Đồng Mới",
    "Thôn Hạ",
    "Tổ dân phố số 3",
    "Thôn Tân Sơn",
    "Khu Trần Phú",
    "Thôn Bãi Chợ",
    "Tổ dân phố Đông Ngàn",
]


@dataclass
class Staff:
    counter: Any
    specialist: Any
    leader: Any
    clerk: Any


@dataclass
class DemoReport:
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    dossiers: int = 0
    already_there: bool = False


def _user(
    username: str, full_name: str, agency: Agency, role: str, counter: OneStopCounter | None = None
) -> Any:
    family, _, given = full_name.rpartition(" ")
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": given, "last_name": family}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    Officer.objects.update_or_create(
        user=user, defaults={"agency": agency, "role": role, "counter": counter}
    )
    return user


def _centre(slug: str, unit: AdministrativeUnit, number: int) -> Agency:
    agency, _ = Agency.objects.update_or_create(
        code=f"000.{number:02d}.24.H24",
        defaults={
            "name": f"Trung tâm Phục vụ hành chính công {unit.name[:1].lower()}{unit.name[1:]}",
            "kind": Agency.Kind.SERVICE_CENTRE,
            "unit": unit,
            "is_one_stop": True,
            "is_sample": True,
        },
    )
    OneStopCounter.objects.get_or_create(agency=agency, name="Quầy số 1")
    return agency


def _staff(slug: str, agency: Agency, rng: random.Random) -> Staff:
    counter = agency.counters.first()
    names = [_person_name(rng)[0] for _ in range(4)]
    return Staff(
        counter=_user(f"{slug}.motcua", names[0], agency, Role.COUNTER, counter),
        specialist=_user(f"{slug}.chuyenvien", names[1], agency, Role.SPECIALIST),
        leader=_user(f"{slug}.lanhdao", names[2], agency, Role.LEADER),
        clerk=_user(f"{slug}.vanthu", names[3], agency, Role.CLERK),
    )


def _person_name(rng: random.Random) -> tuple[str, str]:
    sex = rng.choice(["male", "female"])
    middle, given = (MIDDLE_M, GIVEN_M) if sex == "male" else (MIDDLE_F, GIVEN_F)
    return f"{rng.choice(FAMILY)} {rng.choice(middle)} {rng.choice(given)}", sex


def _citizen(rng: random.Random) -> ApplicantInput:
    name, sex = _person_name(rng)
    born = date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28))
    century = (born.year - 1900) // 100 * 2 + (1 if sex == "female" else 0)
    number = (
        f"{rng.choice(['024', '024', '027', '001'])}{century}{born.year % 100:02d}"
        f"{rng.randint(0, 999999):06d}"
    )
    return ApplicantInput(
        name=name,
        id_number=number,
        birth_date=born,
        sex=sex,
        address=f"{rng.choice(VILLAGES)}, tỉnh Bắc Ninh",
        phone=f"09{rng.randint(10000000, 99999999)}",
    )


def _registry_seed(citizens: list[ApplicantInput]) -> None:
    """The demo applicants in the local population registry, so intake verifies them.

    Draws nothing from the random generator: the demo's dossiers stay the same.
    """
    people = {
        c.id_number: PersonRecord(
            id_number=c.id_number,
            full_name=c.name,
            birth_date=c.birth_date,
            sex=c.sex,
            permanent_address=c.address,
        )
        for c in citizens
        if c.birth_date is not None
    }
    registry_people_upsert(people=list(people.values()), actor=None)


def _structure(rng: random.Random, report: DemoReport) -> dict[str, Staff]:
    units_load_from_package(province_codes=[PROVINCE_CODE])
    units_seed_predecessors()
    province = AdministrativeUnit.objects.get(code=str(PROVINCE_CODE))
    staff: dict[str, Staff] = {}
    for number, (slug, code) in enumerate(COMMUNES, start=21):
        unit = AdministrativeUnit.objects.get(code=code)
        staff[slug] = _staff(slug, _centre(slug, unit, number), rng)
    centre, _ = Agency.objects.update_or_create(
        code="000.00.01.H24",
        defaults={
            "name": "Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh",
            "kind": Agency.Kind.SERVICE_CENTRE,
            "unit": province,
            "is_one_stop": True,
            "is_sample": True,
        },
    )
    OneStopCounter.objects.get_or_create(agency=centre, name="Quầy số 1")
    staff["tinh"] = _staff("tinh", centre, rng)
    by_authority: dict[str, Agency] = {}
    for code, name, kind, authority in DEPARTMENTS:
        dept, _ = Agency.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "unit": province, "is_sample": True}
        )
        by_authority[authority] = dept
        staff[f"so{code[4:6]}"] = _staff(f"so{code[4:6]}", dept, rng)
    # The demo has no commune police or social-insurance office of its own: the provincial
    # ones stand in, so a bundle's children go to three different agencies.
    by_authority["Công an cấp xã"] = by_authority["Công an tỉnh"]
    by_authority["Bảo hiểm xã hội cơ sở"] = by_authority["Bảo hiểm xã hội tỉnh"]
    admin = _user("tinh.quantri", "Ngô Thị Hà", centre, Role.PROVINCE_ADMIN)
    catalogue_seed(agencies_by_authority=by_authority)
    for slug, member in staff.items():
        if not slug.startswith("so"):
            report.logins.append((member.counter.username, "counter", slug))
    report.logins.append((admin.username, "province_admin", "tinh"))
    return staff


def _staff_of(staff: dict[str, Staff], agency: Agency) -> Staff:
    for member in staff.values():
        if member.counter.officer.agency_id == agency.pk:
            return member
    raise LookupError(agency.code)


FATES = (
    ["returned"] * 50
    + ["result_ready"] * 6
    + ["in_progress"] * 26
    + ["supplement"] * 10
    + ["refused"] * 3
    + ["stopped"] * 2
    + ["withdrawn"] * 3
)


def _plan(
    fate: str, holder: Staff, receiving: Staff, rng: random.Random
) -> list[tuple[Any, str, dict[str, Any]]]:
    assign = (receiving.counter, "assign", {"assignee": holder.specialist.username})
    tail = [
        (holder.specialist, "appraise", {"note": "Hồ sơ đủ điều kiện"}),
        (holder.leader, "approve", {}),
        (holder.leader, "sign", {}),
        (holder.clerk, "issue", {"result_number": "KQ"}),
        (receiving.counter, "return", {}),
    ]
    if fate == "refused":
        return [(receiving.counter, "refuse", {"reason": "Không thuộc thẩm quyền giải quyết"})]
    if fate == "withdrawn":
        return [assign, (receiving.counter, "withdraw", {"reason": "Công dân xin rút hồ sơ"})]
    if fate == "stopped":
        return [assign, (holder.leader, "stop", {"reason": "Công dân không bổ sung hồ sơ"})]
    if fate == "supplement":
        return [
            assign,
            (
                holder.specialist,
                "request_supplement",
                {
                    "missing": ("Bản sao giấy khai sinh", "Ảnh 4x6"),
                    "reason": "Thiếu giấy tờ theo quy định",
                },
            ),
            (receiving.counter, "supplement", {}),
            *tail,
        ]
    plan = [assign, *tail]
    if fate == "result_ready":
        return plan[:-1]
    if fate == "in_progress":
        # Still on someone's desk: received, assigned, appraised or approved.
        return plan[: rng.randint(0, 3)]
    return plan


def _received_at(rng: random.Random, agency: Agency, now: datetime, days_back: int) -> datetime:
    calendar = calendar_for_agency(agency)
    for _ in range(50):
        day = (now - timedelta(days=rng.randint(0, days_back))).date()
        if calendar.is_working_day(day):
            begin, end = rng.choice(calendar.intervals(day))
            minutes = (end.hour * 60 + end.minute) - (begin.hour * 60 + begin.minute)
            start = datetime.combine(day, begin, VN_TZ) + timedelta(minutes=rng.randint(0, minutes))
            if start < now:
                return start
    return now - timedelta(days=1)


def _result_pdf(code: str) -> bytes:
    """A one-page PDF standing for the signed result (the demo has no real decisions)."""
    out = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(595, 842))
        pdf.docinfo["/Title"] = f"Ket qua {code}"
        pdf.save(out)
    return out.getvalue()


def _run(
    dossier: Dossier,
    plan: list[tuple[Any, str, dict[str, Any]]],
    rng: random.Random,
    now: datetime,
    late: bool,
    e_result: bool = False,
) -> None:
    at = dossier.received_at
    for index, (actor, action, params) in enumerate(plan):
        span = (dossier.due_at - at) * (rng.uniform(1.2, 2.0) if late else rng.uniform(0.1, 0.9))
        at = at + max(span / max(len(plan) - index, 1), timedelta(minutes=20))
        if at >= now:
            return
        data = dict(params)
        if action == "issue":
            data["result_number"] = f"{dossier.register_entry}/{at.year}/KQ"
            if e_result:
                result_attach(
                    actor=actor,
                    dossier_code=dossier.code,
                    data=_result_pdf(dossier.code),
                    filename="ket-qua.pdf",
                    at=at - timedelta(minutes=5),
                )
        dossier = dossier_transition(
            actor=actor, code=dossier.code, action=action, params=ActionInput(**data), at=at
        )


def _past_dossiers(rng: random.Random, citizens: list[ApplicantInput], count: int) -> None:
    """Dossiers of June 2025 at the former Đèo Gia commune (Lục Ngạn district).

    The commune was merged away on 1 July 2025; its dossiers keep pointing at
    it and count under its successor (motcua.units.selectors.unit_ids_in_province).
    """
    unit = AdministrativeUnit.objects.get(code="old-07609")
    agency, _ = Agency.objects.update_or_create(
        code="000.31.19.H06",
        defaults={
            "name": "Bộ phận một cửa UBND xã Đèo Gia (huyện Lục Ngạn, cũ)",
            "kind": Agency.Kind.PEOPLES_COMMITTEE,
            "unit": unit,
            "is_one_stop": True,
            "is_sample": True,
        },
    )
    OneStopCounter.objects.get_or_create(agency=agency, name="Quầy số 1")
    old = _staff("deogiacu", agency, rng)
    procedures = list(Procedure.objects.filter(level="commune", time_limit_unit="days"))
    for _ in range(count):
        procedure = rng.choice(procedures)
        day = datetime(
            2025, 6, rng.randint(2, 27), rng.randint(8, 10), rng.randint(0, 59), tzinfo=VN_TZ
        )
        with transaction.atomic():
            dossier = dossier_receive(
                actor=old.counter,
                data=IntakeInput(procedure_code=procedure.code, applicant=rng.choice(citizens)),
                at=day,
            )
            _run(
                dossier, _plan("returned", old, old, rng), rng, day + timedelta(days=60), late=False
            )
    # The unit is gone: its accounts are closed, its records stay.
    get_user_model().objects.filter(username__startswith="deogiacu.").update(is_active=False)


def demo_seed(
    *,
    dossiers: int = 400,
    days_back: int = 120,
    seed: int = 2026,
    progress: Callable[[int, int], None] | None = None,
) -> DemoReport:
    """Seed the demo province once; a second call only reports the logins."""
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data, not secrets
    report = DemoReport()
    with transaction.atomic():
        staff = _structure(rng, report)
    # Its own random generator: the dossiers drawn below stay the same.
    resources_demo_seed()
    if Dossier.objects.exists():
        report.already_there = True
        return report
    now = timezone.now()
    citizens = [_citizen(rng) for _ in range(max(dossiers // 2, 10))]
    _registry_seed(citizens)
    commune_procs = list(Procedure.objects.filter(level="commune").order_by("code"))
    province_procs = list(Procedure.objects.filter(level="province").order_by("code"))
    communes = [staff[slug] for slug, _ in COMMUNES]
    past = min(15, dossiers // 10)
    _past_dossiers(rng, citizens, count=past)
    report.dossiers += past
    for index in range(dossiers - past):
        at_province = rng.random() < 0.3
        receiving = staff["tinh"] if at_province else rng.choice(communes)
        procedure = rng.choice(province_procs if at_province else commune_procs)
        fate = rng.choice(FATES)
        # Open dossiers are mostly within their time limit; about one in ten
        # has overrun it, which is what a late list looks like in practice.
        back = days_back
        if fate == "in_progress" and rng.random() < 0.9:
            back = max(procedure.time_limit, 1) if procedure.time_limit_unit == "days" else 1
        # Project 06 services are filed online only, the counter helping the applicant
        # (assisted filing); a third of the other fully online procedures come in
        # online that way too.
        online = procedure.project06_number is not None or (
            procedure.online_level == Procedure.OnlineLevel.FULL and rng.random() < 0.35
        )
        with transaction.atomic():
            dossier = dossier_receive(
                actor=receiving.counter,
                data=IntakeInput(
                    procedure_code=procedure.code,
                    applicant=rng.choice(citizens),
                    assisted=online,
                ),
                at=_received_at(rng, receiving.counter.officer.agency, now, back),
            )
            holder = _staff_of(staff, dossier.competent_agency)
            plan = _plan(fate, holder, receiving, rng)
            # Most communes attach the signed result; some still hand over paper only.
            _run(dossier, plan, rng, now, late=rng.random() < 0.12, e_result=rng.random() < 0.7)
        report.dossiers += 1
        if progress is not None:
            progress(past + index + 1, dossiers)
    _demo_bundles(rng, staff, citizens, now)
    _demo_feedback_and_sync(rng, now)
    return report


def _demo_bundles(
    rng: random.Random, staff: dict[str, Staff], citizens: list[ApplicantInput], now: datetime
) -> None:
    """A few birth bundles at the communes: some complete, some still with an agency."""
    if not Bundle.objects.filter(code="LT-KHAISINH").exists():
        return
    for slug, _code in COMMUNES[:3]:
        receiving = staff[slug]
        at = _received_at(rng, receiving.counter.officer.agency, now, 20)
        with transaction.atomic():
            filing = bundle_receive(
                actor=receiving.counter,
                bundle_code="LT-KHAISINH",
                applicant=rng.choice(citizens),
                assisted=True,  # a Project 06 service: filed online for the applicant
                at=at,
            )
            for child in filing.children.order_by("pk"):
                holder = _staff_of(staff, child.competent_agency)
                fate = rng.choice(["returned", "returned", "in_progress"])
                _run(child, _plan(fate, holder, receiving, rng), rng, now, late=False)


def _demo_feedback_and_sync(rng: random.Random, now: datetime) -> None:
    """Half the applicants rate their returned dossier; the dossiers received before
    yesterday are mostly synced to the national portal (Decision 766 figures)."""
    returned = Dossier.objects.filter(status=Status.RETURNED, closed_at__lt=now).order_by("pk")
    for dossier in returned:
        if rng.random() < 0.5:
            value = rng.choices(["good", "fair", "bad"], weights=[7, 2, 1])[0]
            at = min(now, (dossier.closed_at or now) + timedelta(hours=rng.randint(1, 48)))
            dossier_rate(code=dossier.code, id_last4=dossier.applicant_id[-4:], value=value, at=at)
    codes = [
        code
        for code in Dossier.objects.filter(received_at__lt=now - timedelta(days=1))
        .order_by("pk")
        .values_list("code", flat=True)
        if rng.random() < 0.85
    ]
    for i in range(0, len(codes), SYNC_BATCH):
        dossiers_mark_synced(codes=codes[i : i + SYNC_BATCH], at=now)


# --- digitized documents ------------------------------------------------------------

SCAN_TEXTS = [
    (
        "to-khai.png",
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "TỜ KHAI ĐĂNG KÝ KẾT HÔN",
            "Họ, chữ đệm, tên: {name}",
            "Nơi cư trú: {address}",
            "Đề nghị đăng ký kết hôn.",
        ],
    ),
    (
        "giay-xac-nhan.png",
        [
            "ỦY BAN NHÂN DÂN XÃ ĐÈO GIA",
            "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
            "Xác nhận ông/bà {name}",
            "hiện chưa đăng ký kết hôn với ai.",
        ],
    ),
]
SCAN_FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"


def _scan_image(lines: list[str]) -> bytes:
    """A 200 dpi colour 'scan' of a short Vietnamese paper, for the demo."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1240, 900), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(SCAN_FONT, 36)
    for row, line in enumerate(lines):
        draw.text((90, 80 + row * 70), line, fill=(20, 20, 60), font=font)
    draw.ellipse((900, 640, 1100, 840), outline=(200, 30, 30), width=6)  # a red seal
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(200, 200))
    return out.getvalue()


def demo_scans(*, count: int = 2) -> int:
    """Digitize a few papers of open dossiers, so the dossier page shows some."""
    from django.test import override_settings

    from motcua.digitization.services import scan_upload

    open_ones = Dossier.objects.filter(status__in=["received", "assigned"]).order_by("-received_at")
    # Đèo Gia's first (the README's example login), else any unit's open dossiers.
    dossiers = list(open_ones.filter(receiving_agency__code="000.21.24.H24")[:count])
    if len(dossiers) < count:
        dossiers += list(
            open_ones.exclude(pk__in=[d.pk for d in dossiers])[: count - len(dossiers)]
        )
    done = 0
    for dossier in dossiers:
        actor = dossier.received_by
        for filename, lines in SCAN_TEXTS:
            text = [
                line.format(name=dossier.applicant_name, address=dossier.applicant_address)
                for line in lines
            ]
            # Inline: the demo command ends before a background thread would finish.
            with override_settings(MOTCUA_INPROCESS_JOBS="inline"), transaction.atomic():
                scan_upload(
                    actor=actor,
                    dossier_code=dossier.code,
                    data=_scan_image(text),
                    filename=filename,
                    checklist_item_id=dossier.documents.values_list("pk", flat=True).first(),
                )
            done += 1
    return done


# --- citizens: the stand-in VNeID provider and demo citizen accounts ----------------


def demo_citizens_seed(*, count: int = 2) -> list[tuple[str, str]]:
    """People a newcomer can sign in as on the citizen pages (``/cong-dan/``).

    Takes the people of the local registry who have the most dossiers, gives
    each an identity at the stand-in e-ID provider (log in there with the ID
    number and the demo password) and a citizen account with the demo password,
    and registers motcua as the provider's client. Idempotent. Returns (ID
    number, name) pairs.
    """
    from django.conf import settings
    from django.db.models import Count
    from oauth2_provider.models import Application

    from motcua.citizens.models import DemoEidIdentity, RegistryPerson
    from motcua.citizens.services import CitizenIdentity, citizen_demo_account_ensure

    callbacks = {
        f"{base}/cong-dan/vneid/callback/"
        for base in (settings.MOTCUA_EID_DEMO_URL, "http://127.0.0.1:8000", "http://localhost:8000")
    }
    Application.objects.update_or_create(
        client_id=settings.MOTCUA_EID_DEMO_CLIENT_ID,
        defaults={
            "name": "motcua (demo)",
            "client_secret": settings.MOTCUA_EID_DEMO_CLIENT_SECRET,
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": " ".join(sorted(callbacks)),
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,
        },
    )
    known = RegistryPerson.objects.values_list("id_number", flat=True)
    busiest = (
        Dossier.objects.filter(applicant_id__in=known)
        .values("applicant_id")
        .annotate(n=Count("id"))
        .order_by("-n", "applicant_id")[:count]
    )
    people = []
    for row in busiest:
        person = RegistryPerson.objects.get(id_number=row["applicant_id"])
        user, _ = get_user_model().objects.get_or_create(username=person.id_number)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        DemoEidIdentity.objects.update_or_create(
            user=user, defaults={"id_number": person.id_number, "full_name": person.full_name}
        )
        identity = CitizenIdentity(id_number=person.id_number, full_name=person.full_name)
        citizen_demo_account_ensure(identity=identity, password=DEMO_PASSWORD)
        people.append((person.id_number, person.full_name))
    return people

"""Demo registers for ``motcua demo``: plausible equipment, IT staff and budgets
for the demo province's units, so readiness and the plan show real choices.

Each unit has a profile (how old its machines are, whether its counter has a
compliant scanner, an IT officer, a dedicated line, how much it spends) and
the machines are drawn from it with a fixed seed. Values are samples.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from motcua.resources.models import (
    Computer,
    ItStaff,
    NetworkLink,
    Printer,
    Scanner,
    SpendingLine,
    Training,
    UnitBudget,
    VideoEndpoint,
)
from motcua.units.models import AdministrativeUnit, OneStopCounter


@dataclass(frozen=True)
class Profile:
    computers: int
    old_share: float  # share of machines bought 7 to 12 years ago
    scanner: str  # "fast", "ok", "low" (150 dpi) or "none"
    it: str  # "dedicated", "part_time" or "none"
    dedicated_line: bool
    share: float  # percent of the recurrent budget engaged in digital transformation
    recurrent: int  # recurrent budget, VND


# Keyed by the unit's statistical code (motcua/demo.py's COMMUNES and the province).
PROFILES = {
    "07594": Profile(4, 0.5, "low", "part_time", True, 1.2, 9_500_000_000),  # Đèo Gia
    "07210": Profile(6, 0.1, "fast", "dedicated", True, 2.4, 21_000_000_000),  # Bắc Giang
    "09187": Profile(5, 0.4, "ok", "none", False, 0.8, 14_000_000_000),  # Kinh Bắc
    "07582": Profile(3, 0.7, "none", "part_time", True, 1.5, 8_000_000_000),  # Lục Ngạn
    "07573": Profile(5, 0.3, "ok", "dedicated", False, 2.0, 10_500_000_000),  # Biên Động
    "24": Profile(30, 0.3, "ok", "dedicated", True, 2.1, 950_000_000_000),  # the province
}
MODELS_OLD = ["Dell Vostro 3800", "HP ProDesk 400 G1", "Lenovo ThinkCentre M73"]
MODELS_NEW = ["Dell OptiPlex 7010", "HP ProDesk 400 G9", "Lenovo ThinkCentre neo 50s"]


def resources_demo_seed(*, seed: int = 2026) -> int:
    """Seed the registers of the demo units once; returns the number of computers written."""
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data, not secrets
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=PROFILES)}
    if Computer.objects.filter(unit__in=units.values()).exists():
        return 0
    year = timezone.localdate().year
    written = 0
    with transaction.atomic():
        for code, profile in PROFILES.items():
            if code in units:
                written += _unit_seed(units[code], profile, rng, year)
    return written


def _unit_seed(unit: AdministrativeUnit, profile: Profile, rng: random.Random, year: int) -> int:
    counters = list(OneStopCounter.objects.filter(agency__unit=unit, agency__is_one_stop=True))
    counter = counters[0] if counters else None
    for n in range(profile.computers):
        old = rng.random() < profile.old_share
        bought = year - (rng.randint(7, 12) if old else rng.randint(0, 5))
        Computer.objects.create(
            unit=unit,
            inventory_code=f"MT-{unit.code}-{n + 1:02d}",
            model_name=rng.choice(MODELS_OLD if old else MODELS_NEW),
            counter=counter if n < len(counters) else None,
            purchase_year=bought,
            condition="poor" if old and rng.random() < 0.4 else "good",
            warranty_until=None if old else date(bought + 3, 12, 31),
            cpu_class=rng.choice(["entry", "mid"]) if old else rng.choice(["mid", "high", "high"]),
            ram_gb=rng.choice([2, 4, 4]) if old else rng.choice([8, 16]),
            disk_type="hdd" if old or rng.random() < 0.2 else "ssd",
            disk_gb=rng.choice([320, 500]) if old else 512,
            os="Windows 7" if old and rng.random() < 0.3 else "Windows 10" if old else "Windows 11",
        )
    _equipment(unit, profile, counter, year)
    _people(unit, profile, year)
    _budgets(unit, profile, year)
    return profile.computers


def _equipment(
    unit: AdministrativeUnit, profile: Profile, counter: OneStopCounter | None, year: int
) -> None:
    code = unit.code
    scanners = {
        "fast": {"max_dpi": 600, "colour": True, "duplex": True, "pages_per_minute": 40,
                 "feeder": True, "model_name": "Fujitsu fi-8170"},
        "ok": {"max_dpi": 600, "colour": True, "pages_per_minute": 8,
               "model_name": "Canon LiDE 400"},
        "low": {"max_dpi": 150, "colour": False, "pages_per_minute": 6,
                "model_name": "HP Scanjet G2410"},
    }  # fmt: skip
    if profile.scanner in scanners:
        Scanner.objects.create(
            unit=unit, inventory_code=f"MQ-{code}-01", counter=counter,
            purchase_year=year - (9 if profile.scanner == "low" else 2),
            **scanners[profile.scanner],
        )  # fmt: skip
    Printer.objects.create(
        unit=unit, inventory_code=f"MI-{code}-01", model_name="Canon LBP 2900", counter=counter,
        purchase_year=year - 6, pages_per_minute=12,
    )  # fmt: skip
    NetworkLink.objects.create(
        unit=unit, inventory_code=f"DT-{code}-01", purchase_year=year - 4,
        dedicated=profile.dedicated_line, bandwidth_mbps=100 if profile.dedicated_line else 50,
        provider="VNPT" if profile.dedicated_line else "Viettel",
    )  # fmt: skip
    if profile.computers >= 5:
        VideoEndpoint.objects.create(
            unit=unit, inventory_code=f"TH-{code}-01", model_name="Polycom Group 310",
            purchase_year=year - 3,
        )  # fmt: skip


def _people(unit: AdministrativeUnit, profile: Profile, year: int) -> None:
    if profile.it != "none":
        ItStaff.objects.create(
            unit=unit, full_name="Thân Văn Khánh" if profile.it == "dedicated" else "Giáp Thị Yến",
            kind=profile.it, qualification="Kỹ sư CNTT" if profile.it == "dedicated" else "",
        )  # fmt: skip
        Training.objects.create(
            unit=unit, full_name="Thân Văn Khánh" if profile.it == "dedicated" else "Giáp Thị Yến",
            course="An toàn thông tin cơ bản", completed_on=date(year - 1, 10, 15), hours=24,
        )  # fmt: skip


def _budgets(unit: AdministrativeUnit, profile: Profile, year: int) -> None:
    for back, drift in ((2, -0.5), (1, -0.2), (0, 0.0)):
        share = max(0.2, profile.share + drift)
        budget = UnitBudget.objects.create(
            unit=unit, year=year - back, recurrent_total=profile.recurrent
        )
        engaged = round(profile.recurrent * share / 100)
        hardware = engaged * 6 // 10
        lines = [
            ("hardware", "Máy tính, máy quét", hardware, "spent"),
            ("software", "Phần mềm một cửa điện tử", engaged - hardware, "committed"),
            ("training", "Bồi dưỡng kỹ năng số", round(profile.recurrent * 0.002), "planned"),
        ]
        SpendingLine.objects.bulk_create(
            SpendingLine(budget=budget, category=c, description=d, amount=a, stage=s)
            for c, d, a, s in lines
        )

"""Readiness figures on built registers, and the bounded number of queries behind them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.resources.models import ItStaff, NetworkLink, SpendingLine, UnitBudget
from motcua.resources.policy import BenefitWeights, Policy, Targets
from motcua.resources.selectors import readiness_list, readiness_sorted, workload_factor
from tests.dossiers.helpers import receive

from .conftest import computer, counter_of, more_units, scanner

pytestmark = pytest.mark.django_db
POLICY = Policy(Targets(), BenefitWeights())
THIS_YEAR = timezone.localdate().year


def build_commune(world: Any) -> None:
    """Đèo Gia: 4 officers, 1 counter; 3 working computers (2 weak) and a broken one."""
    counter = counter_of(world.commune)
    computer(world.commune, ram_gb=4, counter=counter)  # weak: RAM
    computer(world.commune, disk_type="hdd")  # weak: HDD
    computer(world.commune)  # fine
    computer(world.commune, condition="broken")
    scanner(world.commune, max_dpi=150, counter=counter)  # below the rule
    scanner(world.commune, colour=False)  # black and white only
    ItStaff.objects.create(unit=world.commune, full_name="Giáp Văn Long", kind="part_time")
    NetworkLink.objects.create(
        unit=world.commune, purchase_year=2022, dedicated=True, bandwidth_mbps=100
    )
    budget = UnitBudget.objects.create(
        unit=world.commune, year=THIS_YEAR, recurrent_total=10_000_000_000
    )
    SpendingLine.objects.create(budget=budget, category="hardware", amount=100_000_000,
                                stage="spent")  # fmt: skip
    SpendingLine.objects.create(budget=budget, category="training", amount=50_000_000,
                                stage="committed")  # fmt: skip
    SpendingLine.objects.create(budget=budget, category="network", amount=900_000_000,
                                stage="planned")  # fmt: skip


def test_readiness_figures_of_a_built_unit(world: Any) -> None:
    build_commune(world)
    [row] = readiness_list([world.commune], policy=POLICY)

    per_officer = row.gauge("computers_per_officer")
    assert per_officer.measured == pytest.approx(3 / 4)  # the broken one does not count
    assert per_officer.target == 1.3
    assert per_officer.gap == 3  # ceil(1.3 × 4) = 6 needed, 3 working
    weak = row.gauge("weak_share")
    assert weak.measured == pytest.approx(200 / 3)
    assert weak.gap == 2 and not weak.met  # 10 % of 3 allows none
    scanners = row.gauge("scanners")
    assert (scanners.measured, scanners.target, scanners.gap) == (0, 1, 1)
    it = row.gauge("it_officer")
    assert (it.measured, it.met) == (0.5, False)
    assert row.gauge("network").met
    budget = row.gauge("budget_share")
    assert budget.measured == pytest.approx(1.5)  # planned lines are not engaged money
    assert budget.gap == 50_000_000  # 2 % of 10 billion is 200 million
    assert row.gaps == 5
    # The counter: its one counter officer, no compliant scanner, no printer.
    assert row.facts.counter_rows() == [("Quầy 1", 1, False, False)]


def test_targets_are_configurable(world: Any) -> None:
    build_commune(world)
    lenient = Policy(
        Targets(computers_per_officer=0.5, min_ram_gb=4, ssd_required=False, scanner_min_dpi=150,
                budget_share_percent=1.0),
        BenefitWeights(),
    )  # fmt: skip
    [row] = readiness_list([world.commune], policy=lenient)
    assert row.gauge("computers_per_officer").met
    assert row.gauge("weak_share").measured == 0
    assert row.gauge("scanners").met
    assert row.gauge("budget_share").met


def test_an_unassigned_compliant_scanner_covers_a_bare_counter(world: Any) -> None:
    scanner(world.commune, max_dpi=150, counter=counter_of(world.commune))
    scanner(world.commune, max_dpi=300)
    [row] = readiness_list([world.commune], policy=POLICY)
    assert row.gauge("scanners").met


def test_old_computers_are_below_specification(world: Any) -> None:
    computer(world.commune, purchase_year=THIS_YEAR - 7)
    computer(world.commune, purchase_year=THIS_YEAR - 6)
    [row] = readiness_list([world.commune], policy=POLICY)
    assert [sorted(c.deficits) for c in row.facts.computers] == [["age"], []]


def test_workload_comes_from_the_units_own_dossiers_and_scans(world: Any) -> None:
    receive(world.counter)
    receive(world.counter)
    receive(world.counter, at=timezone.now() - timedelta(days=40))  # overdue and still open
    receive(world.counter, at=timezone.now() - timedelta(days=200))  # outside the window
    busy, quiet = readiness_list([world.commune, world.other_commune], policy=POLICY)

    assert (busy.facts.workload.dossiers, busy.facts.workload.late) == (3, 1)
    assert busy.facts.workload.late_rate == pytest.approx(1 / 3)
    assert busy.facts.workload.factor > quiet.facts.workload.factor == 1.0


def test_the_workload_factor_grows_with_load_lateness_and_backlog() -> None:
    w = BenefitWeights()
    idle = workload_factor(per_officer_day=0, late_rate=0, backlog_days=0, weights=w)
    busy = workload_factor(per_officer_day=4, late_rate=0, backlog_days=0, weights=w)
    late = workload_factor(per_officer_day=4, late_rate=0.5, backlog_days=0, weights=w)
    behind = workload_factor(per_officer_day=4, late_rate=0.5, backlog_days=2, weights=w)
    huge = workload_factor(per_officer_day=400, late_rate=0, backlog_days=0, weights=w)
    assert (idle, busy, late, behind) == (1.0, 2.0, 2.5, 3.5)
    assert huge == 4.0  # capped: one unit cannot take the whole budget


def test_readiness_costs_the_same_number_of_queries_for_any_number_of_units(world: Any) -> None:
    build_commune(world)
    receive(world.counter)
    two = [world.commune, world.other_commune]
    with CaptureQueriesContext(connection) as few:
        readiness_list(two, policy=POLICY)
    many = two + more_units(world, 6)
    with CaptureQueriesContext(connection) as more:
        readiness_list(many, policy=POLICY)
    assert len(more) == len(few) <= 12


def test_the_province_table_sorts_by_any_column(world: Any) -> None:
    build_commune(world)
    rows = readiness_list([world.commune, world.other_commune], policy=POLICY)
    by_name = readiness_sorted(rows, key="name", descending=False)
    assert [r.unit.code for r in by_name] == ["07210", "07594"]
    by_budget = readiness_sorted(rows, key="budget_share", descending=True)
    assert by_budget[0].unit == world.commune
    assert readiness_sorted(rows, key="nonsense", descending=True)[0].priority >= rows[1].priority

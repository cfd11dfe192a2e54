"""The investment plan: optimal under the benefit model, within budget and constraints."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook

from motcua.resources.planning import (
    Candidate,
    candidates_build,
    plan_export_xlsx,
    plan_make,
    plan_solve,
)
from motcua.resources.policy import DEFAULT_PRICES, BenefitWeights, Policy, Targets
from motcua.resources.selectors import unit_facts
from tests.dossiers.helpers import receive

from .conftest import computer, counter_of, scanner

pytestmark = pytest.mark.django_db
POLICY = Policy(Targets(computers_per_officer=0.1), BenefitWeights())
THIS_YEAR = timezone.localdate().year


def covered(world: Any) -> None:
    """Every counter has a compliant scanner: no compulsory purchase."""
    scanner(world.commune, counter=counter_of(world.commune))
    scanner(world.other_commune, counter=counter_of(world.other_commune))


def test_the_plan_beats_replacing_the_oldest_first(world: Any) -> None:
    covered(world)
    # The oldest machine is merely old; six younger ones are cheap to fix.
    computer(world.commune, inventory_code="OLDEST", purchase_year=THIS_YEAR - 12)
    for n in range(6):
        computer(world.commune, inventory_code=f"PC-{n}", ram_gb=4, disk_type="hdd",
                 purchase_year=THIS_YEAR - 3)  # fmt: skip
    plan = plan_make([world.commune], budget=20_000_000, policy=POLICY, prices=DEFAULT_PRICES)

    assert plan.feasible and plan.proven_optimal
    assert [c.target for c in plan.naive] == ["OLDEST"]
    assert plan.benefit > plan.naive_benefit
    assert sorted(c.target for c in plan.chosen if c.action == "ram_ssd_upgrade") == [
        f"PC-{n}" for n in range(6)
    ]
    assert plan.cost <= 20_000_000


def test_the_plan_respects_the_budget_and_one_action_per_machine(world: Any) -> None:
    covered(world)
    for n in range(5):
        computer(world.commune, inventory_code=f"PC-{n}", ram_gb=4, disk_type="hdd",
                 cpu_class="entry", purchase_year=THIS_YEAR - 9)  # fmt: skip
    plan = plan_make([world.commune], budget=40_000_000, policy=POLICY, prices=DEFAULT_PRICES)

    assert plan.cost <= 40_000_000
    groups = [c.group for c in plan.chosen if c.group]
    assert len(groups) == len(set(groups))


def test_every_counter_ends_with_a_compliant_scanner(world: Any) -> None:
    scanner(world.commune, max_dpi=150, counter=counter_of(world.commune))  # below the rule
    computer(world.commune, ram_gb=4, disk_type="hdd", purchase_year=THIS_YEAR - 2)
    # A budget too small to buy the scanner and much else: the scanner still comes first.
    plan = plan_make(
        [world.commune, world.other_commune], budget=20_000_000, policy=POLICY,
        prices=DEFAULT_PRICES,
    )  # fmt: skip
    scanners = [c for c in plan.chosen if c.covers]
    assert {c.covers for c in scanners} == {
        f"counter{counter_of(world.commune).pk}",
        f"counter{counter_of(world.other_commune).pk}",
    }
    assert plan.minimum_budget == 2 * DEFAULT_PRICES["scanner"]


def test_an_infeasible_budget_says_the_minimum_needed(world: Any) -> None:
    plan = plan_make([world.commune], budget=5_000_000, policy=POLICY, prices=DEFAULT_PRICES)
    assert not plan.feasible
    assert plan.minimum_budget == 9_000_000
    assert plan.message == (
        "The budget of 5,000,000 VND cannot give every counter a compliant scanner: "
        "at least 9,000,000 VND is needed."
    )
    # The command plans for the whole province: both communes lack a scanner.
    with pytest.raises(CommandError, match="at least 18,000,000 VND"):
        call_command("plan", "--budget", "5000000", "--province", "24")


def test_a_weak_computer_at_a_busy_counter_comes_before_the_same_at_a_quiet_one(
    world: Any,
) -> None:
    covered(world)
    for _ in range(6):
        receive(world.counter)
    busy = computer(world.commune, ram_gb=4, counter=counter_of(world.commune))
    quiet = computer(world.other_commune, ram_gb=4, counter=counter_of(world.other_commune))
    plan = plan_make(
        [world.commune, world.other_commune],
        budget=DEFAULT_PRICES["ram_upgrade"],
        policy=POLICY,
        prices=DEFAULT_PRICES,
    )
    assert [c.group for c in plan.chosen] == [f"pc{busy.pk}"]
    facts = unit_facts([world.commune, world.other_commune], policy=POLICY)
    candidates = candidates_build(
        facts, weights=POLICY.weights, prices=DEFAULT_PRICES, today=timezone.localdate(),
        missing_computers={},
    )  # fmt: skip
    benefit = {c.group: c.benefit for c in candidates if c.action == "ram_upgrade"}
    assert benefit[f"pc{busy.pk}"] > benefit[f"pc{quiet.pk}"]


def _candidate(key: str, cost: int, benefit: float, **kw: Any) -> Candidate:
    return Candidate(key, "ram_upgrade", 1, "Xã", key, cost, benefit, "", **kw)


def test_the_solver_picks_the_best_combination_not_the_best_ratio() -> None:
    # Greedy by benefit per đồng takes a (ratio 2) then nothing fits; b + c is better.
    candidates = [
        _candidate("a", 6, 12),
        _candidate("b", 5, 9),
        _candidate("c", 5, 9),
    ]
    plan = plan_solve(candidates, budget=10)
    assert sorted(c.key for c in plan.chosen) == ["b", "c"]
    assert plan.benefit == 18


def test_exclusive_and_compulsory_groups_hold_in_the_solver() -> None:
    candidates = [
        _candidate("pc:ram", 1, 5, group="pc"),
        _candidate("pc:replace", 3, 6, group="pc"),
        _candidate("c1:scanner", 4, 1, group="c1", covers="c1"),
        _candidate("c1:fast", 9, 3, group="c1", covers="c1"),
    ]
    # Best within 10: the fast scanner and the RAM (8), not scanner + replacement (7),
    # and never two actions on one machine (RAM + replacement would give 12 for 8).
    plan = plan_solve(candidates, budget=10)
    assert sorted(c.key for c in plan.chosen) == ["c1:fast", "pc:ram"]
    plan = plan_solve(candidates, budget=8)
    assert sorted(c.key for c in plan.chosen) == ["c1:scanner", "pc:replace"]
    assert plan_solve(candidates, budget=3).minimum_budget == 4


def test_the_command_prints_the_plan_and_writes_the_workbook(world: Any, tmp_path: Any) -> None:
    covered(world)
    computer(world.commune, inventory_code="PC-OLD", ram_gb=4, purchase_year=THIS_YEAR - 3)
    out = io.StringIO()
    target = tmp_path / "plan.xlsx"
    call_command("plan", "--budget", "3000000000", "--xlsx", str(target), stdout=out)
    text = out.getvalue()
    assert "Investment plan for Bắc Ninh, budget 3,000,000,000 VND" in text
    assert "PC-OLD" in text and "Naive plan" in text
    book = load_workbook(target)
    assert book.sheetnames == ["summary", "plan", "naive plan"]


def test_the_plan_workbook_lists_each_action_with_its_reason(world: Any) -> None:
    covered(world)
    computer(world.commune, inventory_code="PC-1", ram_gb=4, purchase_year=THIS_YEAR - 3)
    plan = plan_make([world.commune], budget=10_000_000, policy=POLICY, prices=DEFAULT_PRICES)
    book = load_workbook(io.BytesIO(plan_export_xlsx(plan)))
    rows = list(book["plan"].iter_rows(values_only=True))
    assert rows[0] == ("unit", "action", "for", "cost (VND)", "benefit", "why")
    assert rows[1][:4] == ("Xã Đèo Gia", "RAM upgrade", "PC-1", 1_200_000)
    assert "4 GB RAM" in rows[1][5]

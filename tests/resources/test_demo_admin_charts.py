"""Demo registers, the policy row, the admin pages and the SVG charts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from motcua.core.charts import Bar, bar_chart
from motcua.resources.demo import resources_demo_seed
from motcua.resources.models import Computer, PriceItem, ResourcePolicy
from motcua.resources.planning import plan_make
from motcua.resources.policy import DEFAULT_PRICES, policy_get, price_list
from motcua.resources.selectors import readiness_list

pytestmark = pytest.mark.django_db


def test_demo_registers_show_real_gaps_and_are_seeded_once(world: Any) -> None:
    written = resources_demo_seed()
    assert written == Computer.objects.count() > 0
    assert resources_demo_seed() == 0
    deogia, bacgiang = readiness_list([world.commune, world.other_commune], policy=policy_get())
    assert not deogia.gauge("scanners").met  # a 150 dpi black-and-white scanner
    assert not deogia.gauge("it_officer").met
    assert bacgiang.gauge("scanners").met and bacgiang.gauge("it_officer").met
    assert deogia.facts.weak_computers
    plan = plan_make([world.commune, world.other_commune], budget=100_000_000)
    assert plan.feasible and plan.chosen


def test_the_policy_and_prices_come_from_the_database(world: Any) -> None:
    # The migration seeded the row and the price list with the defaults.
    assert price_list() == DEFAULT_PRICES
    assert policy_get().targets.computers_per_officer == 1.3
    ResourcePolicy.objects.filter(pk=1).update(computers_per_officer=Decimal("1.5"), value_ssd=99)
    PriceItem.objects.filter(action="scanner").update(price=7_000_000)
    assert policy_get().targets.computers_per_officer == 1.5
    assert policy_get().weights.value_ssd == 99
    assert price_list()["scanner"] == 7_000_000


def test_the_admin_pages_open(world: Any, admin_client: Any) -> None:
    for model in ("computer", "printer", "scanner", "networklink", "videoendpoint", "itstaff",
                  "training", "unitbudget", "priceitem", "resourcepolicy"):  # fmt: skip
        assert admin_client.get(reverse(f"admin:resources_{model}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"admin:resources_{model}_add")).status_code in (200, 403)
    assert (
        admin_client.get(reverse("admin:resources_resourcepolicy_change", args=[1])).status_code
        == 200
    )


def test_charts_escape_labels_and_draw_the_target() -> None:
    svg = bar_chart(
        [Bar("<script>x</script>", 1.0, "1.00", warn=True), Bar("Xã Đèo Gia", 2.0, "2.00")],
        title="Computers & officers",
        target=1.3,
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'class="target"' in svg and 'class="bar warn"' in svg
    assert "Computers &amp; officers" in svg

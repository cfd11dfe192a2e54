"""Typed views of the resource policy (targets, benefit weights) and of the price list.

Readiness and the planner take these frozen dataclasses, never model rows, so
tests and the command line can pass other values without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from motcua.resources.models import PriceItem, ResourcePolicy

Action = PriceItem.Action

# Plausible 2026 prices (VND, tax included), used for an action the price list lacks.
DEFAULT_PRICES: dict[str, int] = {
    Action.RAM_UPGRADE: 1_200_000,
    Action.SSD_UPGRADE: 1_500_000,
    Action.NEW_COMPUTER: 17_000_000,
    Action.SCANNER: 9_000_000,
    Action.FAST_SCANNER: 28_000_000,
    Action.PRINTER: 6_500_000,
    Action.NETWORK_LINE: 12_000_000,
    Action.IT_TRAINING: 8_000_000,
}


@dataclass(frozen=True)
class Targets:
    """What a ready unit looks like (ResourcePolicy's first group of fields)."""

    computers_per_officer: float = 1.3
    min_ram_gb: int = 8
    ssd_required: bool = True
    max_age_years: int = 6
    max_weak_share: float = 10.0  # percent
    scanner_min_dpi: int = 200
    scanner_colour_required: bool = True
    budget_share_percent: float = 2.0
    workload_window_days: int = 90


@dataclass(frozen=True)
class BenefitWeights:
    """The benefit model's parameters (docs/resources.md explains each one)."""

    reference_dossiers_per_officer_day: float = 4.0
    weight_load: float = 1.0
    weight_late: float = 1.0
    weight_backlog: float = 0.5
    counter_factor: float = 1.5
    value_ram: int = 30
    value_ssd: int = 40
    value_age: int = 30
    value_cpu: int = 20
    value_extra_computer: int = 60
    value_scanner: int = 100
    value_printer: int = 25
    value_network: int = 80
    value_it_training: int = 50
    old_upgrade_factor: float = 0.5


@dataclass(frozen=True)
class Policy:
    targets: Targets
    weights: BenefitWeights


def _from_row(cls: type, row: ResourcePolicy) -> object:
    values = {}
    for f in fields(cls):
        value = getattr(row, f.name)
        values[f.name] = float(value) if isinstance(value, Decimal) else value
    return cls(**values)


def policy_get() -> Policy:
    """The saved policy, or the defaults when none has been saved."""
    row = ResourcePolicy.objects.filter(pk=1).first()
    if row is None:
        return Policy(Targets(), BenefitWeights())
    targets = _from_row(Targets, row)
    weights = _from_row(BenefitWeights, row)
    assert isinstance(targets, Targets) and isinstance(weights, BenefitWeights)  # noqa: S101
    return Policy(targets, weights)


def price_list() -> dict[str, int]:
    """Price per action: the saved price list over the defaults."""
    prices = dict(DEFAULT_PRICES)
    prices.update(PriceItem.objects.values_list("action", "price"))
    return prices

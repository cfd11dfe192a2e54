"""Reads of the registers and the readiness of units against the policy's targets."""

from motcua.resources.selectors.facts import (
    LOAD_CAP,
    BudgetYear,
    ComputerFact,
    UnitFacts,
    Workload,
    computer_deficits,
    scanner_compliant,
    unit_facts,
    workload_factor,
)
from motcua.resources.selectors.readiness import (
    GAUGE_KEYS,
    SORT_KEYS,
    Gauge,
    UnitReadiness,
    age_distribution,
    budget_share_by_year,
    readiness_list,
    readiness_of,
    readiness_sorted,
)
from motcua.resources.selectors.units import (
    Registers,
    province_get,
    resource_units,
    unit_registers,
)

__all__ = [
    "GAUGE_KEYS",
    "LOAD_CAP",
    "SORT_KEYS",
    "BudgetYear",
    "ComputerFact",
    "Gauge",
    "Registers",
    "UnitFacts",
    "UnitReadiness",
    "Workload",
    "age_distribution",
    "budget_share_by_year",
    "computer_deficits",
    "province_get",
    "readiness_list",
    "readiness_of",
    "readiness_sorted",
    "resource_units",
    "scanner_compliant",
    "unit_facts",
    "unit_registers",
    "workload_factor",
]

"""``motcua plan --budget 3000000000``: the investment plan for a province, printed.

The same ``plan_make`` as the plan page and the API; ``--xlsx`` also writes
the workbook the page offers for download.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.resources.planning import Plan, action_label, plan_export_xlsx, plan_make
from motcua.resources.selectors import province_get, resource_units


class Command(BaseCommand):
    help = "Print the investment plan that does the most good within a budget (VND)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--budget", type=int, required=True, help="budget in VND")
        parser.add_argument("--province", help="province statistical code (default: the first)")
        parser.add_argument("--xlsx", type=Path, help="also write the plan to this .xlsx file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            province = province_get(options["province"])
            plan = plan_make(list(resource_units(province)), budget=options["budget"])
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if not plan.feasible:
            raise CommandError(plan.message)
        self._print(plan, province.name)
        if options["xlsx"]:
            options["xlsx"].write_bytes(plan_export_xlsx(plan))
            self.stdout.write(_("Written to %(path)s") % {"path": options["xlsx"]})

    def _print(self, plan: Plan, province: str) -> None:
        out = self.stdout
        out.write(
            _("Investment plan for %(province)s, budget %(budget)s VND")
            % {"province": province, "budget": f"{plan.budget:,}"}
        )
        for c in plan.chosen:
            out.write(
                f"{c.cost:>14,}  {c.benefit:>8.1f}  {c.unit_name} · {action_label(c.action)}"
                f" · {c.target}\n{'':26}{c.reason}"
            )
        out.write(
            _("Total: %(cost)s VND for a benefit of %(benefit).1f (%(count)d actions).")
            % {"cost": f"{plan.cost:,}", "benefit": plan.benefit, "count": len(plan.chosen)}
        )
        out.write(
            _("Naive plan (oldest replaced first): %(cost)s VND for a benefit of %(benefit).1f.")
            % {"cost": f"{plan.naive_cost:,}", "benefit": plan.naive_benefit}
        )
        if not plan.proven_optimal:
            out.write(_("The solver stopped at its time limit: the plan may not be the best."))

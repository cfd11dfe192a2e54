"""Resource pages: the province's readiness, a unit's registers and gaps, the plan.

Views parse, fetch through ``access`` and call selectors or services; the
figures come from the same functions as the API and the ``plan`` command.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from motcua.catalogue.admin_xlsx import XLSX_CONTENT_TYPE, CatalogueImportForm
from motcua.core.charts import Bar, bar_chart
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.views import forbidden, officer_required
from motcua.resources.access import (
    get_unit_for_officer,
    units_visible_to,
    user_may_edit_registers,
    user_sees_province,
)
from motcua.resources.forms import PlanForm, register_form
from motcua.resources.planning import action_label, plan_export_xlsx, plan_make
from motcua.resources.policy import policy_get
from motcua.resources.selectors import (
    GAUGE_KEYS,
    SORT_KEYS,
    age_distribution,
    budget_share_by_year,
    readiness_list,
    readiness_sorted,
    unit_registers,
)
from motcua.resources.services import (
    RegistersImportError,
    register_model,
    register_row_delete,
    register_row_save,
    registers_export_xlsx,
    registers_import_xlsx,
)
from motcua.units.models import AdministrativeUnit, Officer


def _unit_or_404(request: HttpRequest, code: str) -> AdministrativeUnit:
    try:
        return get_unit_for_officer(user=request.user, code=code)
    except NotFound as exc:
        raise Http404(exc.message) from None


@officer_required
def province(request: HttpRequest, officer: Officer) -> HttpResponse:
    if not user_sees_province(request.user):
        return redirect("resources:unit", code=officer.agency.unit.code)
    policy = policy_get()
    rows = readiness_list(list(units_visible_to(request.user)), policy=policy)
    key = request.GET.get("sort", "priority")
    key = key if key in SORT_KEYS or key in GAUGE_KEYS else "priority"
    descending = request.GET.get("dir", "desc") != "asc"
    targets = policy.targets
    today = timezone.localdate()
    facts = [r.facts for r in rows]
    per_officer = [
        Bar(r.unit.name, g.measured or 0, f"{g.measured or 0:.2f}", not g.met)
        for r in rows
        for g in [r.gauge("computers_per_officer")]
    ]
    years = budget_share_by_year(facts)
    charts = {
        "per_officer": bar_chart(
            per_officer, title=_("Computers per officer"), target=targets.computers_per_officer
        ),
        "ages": bar_chart(
            [Bar(label, n, str(n)) for label, n in age_distribution(facts, today=today)],
            title=_("Working computers by age (years)"),
        ),
        "budget": bar_chart(
            [
                Bar(
                    str(y.year), y.share, f"{y.share:.2f} %", y.share < targets.budget_share_percent
                )
                for y in years
            ],
            title=_("Digital-transformation share of the recurrent budget"),
            target=targets.budget_share_percent,
        ),
    }
    return render(
        request,
        "resources/province.html",
        {
            "rows": readiness_sorted(rows, key=key, descending=descending),
            "sort": key,
            "columns": _columns(),
            "descending": descending,
            "targets": targets,
            "charts": charts,
        },
    )


def deficit_labels() -> dict[str, str]:
    return {"ram": _("RAM"), "ssd": _("HDD"), "age": _("age"), "cpu": _("entry CPU")}


def _columns() -> list[tuple[str, str]]:
    return [
        ("name", _("Unit")),
        ("computers_per_officer", _("Computers per officer")),
        ("weak_share", _("Below specification")),
        ("scanners", _("Counters with a compliant scanner")),
        ("it_officer", _("IT officer")),
        ("network", _("Dedicated line")),
        ("budget_share", _("Budget share")),
        ("workload", _("Workload")),
        ("gaps", _("Gaps")),
        ("priority", _("Priority")),
    ]


def _unit_page(
    request: HttpRequest,
    unit: AdministrativeUnit,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    policy = policy_get()
    [row] = readiness_list([unit], policy=policy)
    registers = unit_registers(unit)
    labels = deficit_labels()
    weak = {
        c.id: ", ".join(labels[d] for d in sorted(c.deficits))
        for c in row.facts.computers
        if c.deficits
    }
    return render(
        request,
        "resources/unit.html",
        {
            "unit": unit,
            "row": row,
            "registers": registers,
            "computers": [(c, weak.get(c.pk, "")) for c in registers.computers],
            "targets": policy.targets,
            "may_edit": user_may_edit_registers(request.user),
            "import_form": CatalogueImportForm(),
            "import_errors": errors or [],
            "sees_province": user_sees_province(request.user),
        },
        status=status,
    )


@officer_required
def unit(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    return _unit_page(request, _unit_or_404(request, code))


@officer_required
def unit_export(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    unit = _unit_or_404(request, code)
    response = HttpResponse(
        registers_export_xlsx(unit_ids=[unit.pk]), content_type=XLSX_CONTENT_TYPE
    )
    filename = f"motcua-registers-{unit.code}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@officer_required
def unit_import(request: HttpRequest, officer: Officer, code: str) -> HttpResponse:
    unit = _unit_or_404(request, code)
    if not user_may_edit_registers(request.user):
        return forbidden(request, _("Only unit and province administrators import registers."))
    form = CatalogueImportForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        return _unit_page(request, unit, errors=problems, status=400)
    try:
        written = registers_import_xlsx(
            data=form.workbook_bytes(), actor=request.user, unit_ids=[unit.pk]
        )
    except RegistersImportError as exc:
        return _unit_page(request, unit, errors=[exc.message, *exc.errors], status=400)
    except DomainError as exc:
        return _unit_page(request, unit, errors=[exc.message], status=400)
    messages.success(
        request,
        _("Registers imported: %(rows)s.")
        % {"rows": ", ".join(f"{sheet} {n}" for sheet, n in written.items())},
    )
    return redirect("resources:unit", code=unit.code)


def _plan_for(request: HttpRequest, form: PlanForm) -> Any:
    return plan_make(list(units_visible_to(request.user)), budget=form.cleaned_data["budget"])


@officer_required
def plan(request: HttpRequest, officer: Officer) -> HttpResponse:
    form = PlanForm(request.GET if "budget" in request.GET else None)
    result = _plan_for(request, form) if form.is_valid() else None
    actions, naive = [], []
    if result is not None:
        actions = [(c, action_label(c.action)) for c in result.chosen]
        naive = [(c, action_label(c.action)) for c in result.naive]
    return render(
        request,
        "resources/plan.html",
        {"form": form, "plan": result, "actions": actions, "naive": naive},
        status=400 if form.errors else 200,
    )


@officer_required
def plan_xlsx(request: HttpRequest, officer: Officer) -> HttpResponse:
    form = PlanForm(request.GET)
    if not form.is_valid():
        return redirect("resources:plan")
    response = HttpResponse(
        plan_export_xlsx(_plan_for(request, form)), content_type=XLSX_CONTENT_TYPE
    )
    filename = f"motcua-plan-{form.cleaned_data['budget']}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


REGISTER_TITLES = {
    "computers": _lazy("Computer"),
    "printers": _lazy("Printer"),
    "scanners": _lazy("Scanner"),
    "network_links": _lazy("Network link"),
    "video_endpoints": _lazy("Video-conference endpoint"),
    "it_staff": _lazy("IT staff member"),
    "trainings": _lazy("Training record"),
}


def _editable_unit(
    request: HttpRequest, code: str, register: str
) -> tuple[AdministrativeUnit, Any]:
    """The unit (404 if not visible) and the register's model (404 if unknown)."""
    unit = _unit_or_404(request, code)
    try:
        return unit, register_model(register)
    except NotFound as exc:
        raise Http404(exc.message) from None


@officer_required
def register_edit(
    request: HttpRequest, officer: Officer, code: str, register: str, pk: int | None = None
) -> HttpResponse:
    unit, model = _editable_unit(request, code, register)
    if not user_may_edit_registers(request.user):
        return forbidden(request, _("Only unit and province administrators edit registers."))
    instance = model(unit=unit)
    if pk is not None:
        instance = model._default_manager.filter(unit=unit, pk=pk).first()
        if instance is None:
            raise Http404(_("No such row in this unit's registers."))
    form = register_form(
        model, unit=unit, instance=instance, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        register_row_save(actor=request.user, unit=unit, instance=form.instance, register=register)
        messages.success(request, _("Saved."))
        return redirect("resources:unit", code=unit.code)
    return render(
        request,
        "resources/register_form.html",
        {"unit": unit, "form": form, "register": register, "title": REGISTER_TITLES[register],
         "row": instance if pk is not None else None},
        status=400 if form.errors else 200,
    )  # fmt: skip


@require_POST
@officer_required
def register_delete(
    request: HttpRequest, officer: Officer, code: str, register: str, pk: int
) -> HttpResponse:
    unit, _model = _editable_unit(request, code, register)
    if not user_may_edit_registers(request.user):
        return forbidden(request, _("Only unit and province administrators edit registers."))
    try:
        register_row_delete(actor=request.user, unit=unit, register=register, row_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    messages.success(request, _("Deleted."))
    return redirect("resources:unit", code=unit.code)

"""Writes to the resource registers: the xlsx import, all of it or nothing, and the export.

Import semantics (docs/resources.md): a unit reports its registers in a
workbook. For every sheet present, the rows of each unit named in that sheet
replace that unit's rows of the register; units and sheets absent from the
workbook are left as they are. Budgets are updated or created by unit and
year; a budget year's spending lines are replaced by those of the workbook.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from motcua.catalogue import xlsx as book
from motcua.catalogue.xlsx import SheetRow, WorkbookRefused, row_error
from motcua.core.audit import audit_record
from motcua.core.errors import DomainError, NotFound
from motcua.resources import xlsx
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
from motcua.units.models import AdministrativeUnit, Officer, OneStopCounter

MAX_REPORTED_ERRORS = 200

REGISTER_MODELS: dict[str, type[models.Model]] = {
    "computers": Computer,
    "printers": Printer,
    "scanners": Scanner,
    "network_links": NetworkLink,
    "video_endpoints": VideoEndpoint,
    "it_staff": ItStaff,
    "trainings": Training,
}
# Sheet keys that are not model fields: resolved to foreign keys by the import.
REFERENCE_KEYS = frozenset({"unit_code", "counter", "officer", "year"})


class RegistersImportError(WorkbookRefused):
    """The workbook was refused; ``errors`` lists every row-level reason."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(
            errors,
            summary=_("The spreadsheet has %(count)d errors; nothing was imported.")
            % {"count": len(errors)},
            limit=MAX_REPORTED_ERRORS,
        )


@dataclass
class _Import:
    """A checked workbook: the rows to write per sheet, or the reasons not to."""

    units: dict[str, AdministrativeUnit] = field(default_factory=dict)
    rows: dict[str, list[tuple[AdministrativeUnit, dict[str, Any]]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


# --- export -------------------------------------------------------------------


def registers_export_xlsx(*, unit_ids: Collection[int]) -> bytes:
    """The registers of these units, in the layout ``registers_import_xlsx`` reads."""
    return book.workbook_write(registers_tables(unit_ids=unit_ids), xlsx.SHEETS)


def registers_tables(*, unit_ids: Collection[int]) -> dict[str, list[dict[str, Any]]]:
    """The registers of these units as rows keyed by the xlsx column keys (also the API's shape)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for sheet, model in REGISTER_MODELS.items():
        related = [n for n in ("unit", "counter", "officer__user") if _has(model, n)]
        queryset = model._default_manager.filter(unit_id__in=unit_ids).select_related(*related)
        tables[sheet] = [_row_out(sheet, obj) for obj in queryset.order_by("unit__code", "pk")]
    budgets = UnitBudget.objects.filter(unit_id__in=unit_ids).select_related("unit")
    tables["budgets"] = [
        {"unit_code": b.unit.code, "year": b.year, "recurrent_total": b.recurrent_total}
        for b in budgets.order_by("unit__code", "year")
    ]
    lines = SpendingLine.objects.filter(budget__unit_id__in=unit_ids).select_related("budget__unit")
    tables["spending_lines"] = [
        {
            "unit_code": line.budget.unit.code,
            "year": line.budget.year,
            "category": line.category,
            "description": line.description,
            "amount": line.amount,
            "stage": line.stage,
        }
        for line in lines.order_by("budget__unit__code", "budget__year", "pk")
    ]
    return tables


def _has(model: type[models.Model], name: str) -> bool:
    return name.split("__")[0] in {f.name for f in model._meta.get_fields()}


def _row_out(sheet: str, obj: Any) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in xlsx.SHEETS[sheet]:
        if column.key == "unit_code":
            row["unit_code"] = obj.unit.code
        elif column.key == "counter":
            row["counter"] = obj.counter.name if obj.counter_id else ""
        elif column.key == "officer":
            row["officer"] = obj.officer.user.username if obj.officer_id else ""
        else:
            row[column.key] = getattr(obj, column.key)
    return row


# --- import -------------------------------------------------------------------


def registers_import_xlsx(
    *, data: bytes, actor: Any, unit_ids: Collection[int] | None = None
) -> dict[str, int]:
    """Import a registers workbook: every row checked first, then all written or none.

    ``unit_ids`` limits the units the workbook may name (an officer's own);
    ``None`` allows every unit. Returns the number of rows written per sheet.
    Raises ``RegistersImportError`` listing every bad row ("sheet computers,
    row 7: ram_gb must be ...") and ``DomainError`` for a file that is not xlsx.
    """
    parsed = book.workbook_read(data, xlsx.SHEETS, frozenset(xlsx.SHEETS))
    if not parsed.rows and not parsed.errors:
        raise DomainError(
            _("The workbook has none of the sheets %(sheets)s.")
            % {"sheets": ", ".join(xlsx.SHEETS)}
        )
    plan = _import_check(parsed.rows, parsed.errors, unit_ids)
    if plan.errors:
        raise RegistersImportError(plan.errors)
    with transaction.atomic():
        written = _import_apply(plan)
        audit_record(
            actor=actor,
            action="resources.import",
            object_type="registers",
            object_id="xlsx",
            data=written,
        )
    return written


def _import_check(
    rows: Mapping[str, list[SheetRow]], errors: list[str], unit_ids: Collection[int] | None
) -> _Import:
    plan = _Import(errors=list(errors))
    codes = {r.values["unit_code"] for sheet in rows.values() for r in sheet}
    plan.units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes)}
    if unit_ids is not None:
        plan.units = {c: u for c, u in plan.units.items() if u.pk in unit_ids}
    refs = _References.load(plan.units.values())
    existing_budgets = set(
        UnitBudget.objects.filter(unit__in=plan.units.values()).values_list("unit_id", "year")
    )
    budget_keys = {
        (plan.units[r.values["unit_code"]].pk, r.values["year"])
        for r in rows.get("budgets", [])
        if r.values["unit_code"] in plan.units
    }
    for sheet, sheet_rows in rows.items():
        plan.rows[sheet] = []
        for row in sheet_rows:
            problems = _row_problems(sheet, row, plan.units, refs, existing_budgets | budget_keys)
            plan.errors += [row_error(sheet, row.number, p) for p in problems]
            if not problems:
                plan.rows[sheet].append((plan.units[row.values["unit_code"]], row.values))
        plan.errors += _duplicates(sheet, sheet_rows)
    return plan


@dataclass
class _References:
    """Counters and officers of the units a workbook names, loaded in two queries."""

    counters: dict[tuple[int, str], list[OneStopCounter]]
    officers: dict[str, Officer]

    @classmethod
    def load(cls, units: Iterable[AdministrativeUnit]) -> _References:
        ids = [u.pk for u in units]
        counters: dict[tuple[int, str], list[OneStopCounter]] = defaultdict(list)
        for counter in OneStopCounter.objects.filter(agency__unit_id__in=ids).select_related(
            "agency"
        ):
            counters[(counter.agency.unit_id, counter.name)].append(counter)
        officers = Officer.objects.filter(agency__unit_id__in=ids).select_related("user", "agency")
        return cls(counters, {o.user.username: o for o in officers})


def _row_problems(
    sheet: str,
    row: SheetRow,
    units: Mapping[str, AdministrativeUnit],
    refs: _References,
    budgets: set[tuple[int, int]],
) -> list[str]:
    values = row.values
    unit = units.get(values["unit_code"])
    if unit is None:
        return [_("unit_code: no unit %(code)s that you may edit") % {"code": values["unit_code"]}]
    problems: list[str] = []
    name = values.get("counter")
    if name:
        found = refs.counters.get((unit.pk, name), [])
        if len(found) != 1:
            problems.append(
                _("counter: no counter named “%(name)s” at %(unit)s")
                % {"name": name, "unit": unit.name}
                if not found
                else _("counter: several counters are named “%(name)s”") % {"name": name}
            )
    username = values.get("officer")
    officer = refs.officers.get(username) if username else None
    if username and (officer is None or officer.agency.unit_id != unit.pk):
        problems.append(
            _("officer: no officer account %(name)s at %(unit)s")
            % {"name": username, "unit": unit.name}
        )
    if sheet == "spending_lines" and (unit.pk, values["year"]) not in budgets:
        problems.append(
            _("year: %(unit)s has no budget for %(year)d; add it to the budgets sheet")
            % {"unit": unit.name, "year": values["year"]}
        )
    return problems


def _duplicates(sheet: str, rows: list[SheetRow]) -> list[str]:
    """Two rows for one thing: an inventory code, a budget year."""
    if sheet == "budgets":
        keys = [(r.number, (r.values["unit_code"], r.values["year"]), "year") for r in rows]
    elif sheet in xlsx.EQUIPMENT_SHEETS:
        keys = [
            (r.number, (r.values["unit_code"], r.values["inventory_code"]), "inventory_code")
            for r in rows
            if r.values["inventory_code"]
        ]
    else:
        return []
    seen = Tally(key for _, key, _ in keys)
    return [
        row_error(sheet, number, _("%(key)s appears on another row too") % {"key": column})
        for number, key, column in keys
        if seen[key] > 1
    ]


def _import_apply(plan: _Import) -> dict[str, int]:
    refs = _References.load(plan.units.values())
    written: dict[str, int] = {}
    budgets: dict[tuple[int, int], UnitBudget] = {}
    for unit, values in plan.rows.get("budgets", []):
        budget, _created = UnitBudget.objects.update_or_create(
            unit=unit, year=values["year"], defaults={"recurrent_total": values["recurrent_total"]}
        )
        budgets[(unit.pk, budget.year)] = budget
    written["budgets"] = len(budgets)
    for sheet, model in REGISTER_MODELS.items():
        if sheet in plan.rows:
            written[sheet] = _replace(model, plan.rows[sheet], refs)
    if "spending_lines" in plan.rows:
        written["spending_lines"] = _lines_replace(plan.rows["spending_lines"], budgets)
    return written


def _replace(
    model: type[models.Model],
    rows: list[tuple[AdministrativeUnit, dict[str, Any]]],
    refs: _References,
) -> int:
    units = {unit.pk for unit, _ in rows}
    model._default_manager.filter(unit_id__in=units).delete()
    objects = []
    for unit, values in rows:
        fields = {k: v for k, v in values.items() if k not in REFERENCE_KEYS}
        if "counter" in values:
            found = refs.counters.get((unit.pk, values["counter"]), [])
            fields["counter"] = found[0] if found else None
        if "officer" in values:
            fields["officer"] = refs.officers.get(values["officer"])
        objects.append(model(unit=unit, **fields))
    model._default_manager.bulk_create(objects)
    return len(objects)


def _lines_replace(
    rows: list[tuple[AdministrativeUnit, dict[str, Any]]],
    budgets: dict[tuple[int, int], UnitBudget],
) -> int:
    keys = {(unit.pk, values["year"]) for unit, values in rows}
    missing = keys - budgets.keys()
    for budget in UnitBudget.objects.filter(
        unit_id__in={k[0] for k in missing}, year__in={k[1] for k in missing}
    ):
        budgets[(budget.unit_id, budget.year)] = budget
    targets = [budgets[key] for key in keys]
    SpendingLine.objects.filter(budget__in=targets).delete()
    SpendingLine.objects.bulk_create(
        SpendingLine(
            budget=budgets[(unit.pk, values["year"])],
            **{k: v for k, v in values.items() if k not in REFERENCE_KEYS},
        )
        for unit, values in rows
    )
    return len(rows)


# --- one row at a time (the unit page) ------------------------------------------------


def register_model(register: str) -> type[models.Model]:
    """The model behind a register's key (the xlsx sheet name); NotFound if there is none."""
    model = REGISTER_MODELS.get(register)
    if model is None:
        raise NotFound(_("No such register."))
    return model


def register_row_save(
    *, actor: Any, unit: AdministrativeUnit, instance: models.Model, register: str
) -> models.Model:
    """Save one register row of ``unit`` (checked by its form), with an audit row."""
    if getattr(instance, "unit_id", None) != unit.pk:
        raise NotFound(_("No such row in this unit's registers."))
    instance.full_clean()
    with transaction.atomic():
        created = instance.pk is None
        instance.save()
        audit_record(
            actor=actor,
            action=f"resources.{register}.{'create' if created else 'update'}",
            object_type=register,
            object_id=instance.pk,
            data={"unit": unit.code, "row": str(instance)},
        )
    return instance


def register_row_delete(
    *, actor: Any, unit: AdministrativeUnit, register: str, row_id: int
) -> None:
    """Delete one row of ``unit``'s register, with an audit row; NotFound for another unit's."""
    model = register_model(register)
    with transaction.atomic():
        row = model._default_manager.filter(unit=unit, pk=row_id).first()
        if row is None:
            raise NotFound(_("No such row in this unit's registers."))
        label = str(row)
        row.delete()
        audit_record(
            actor=actor,
            action=f"resources.{register}.delete",
            object_type=register,
            object_id=row_id,
            data={"unit": unit.code, "row": label},
        )

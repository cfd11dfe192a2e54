"""Writes to the procedure catalogue: saving procedures, xlsx export and import."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils.translation import gettext as _

from motcua.catalogue import xlsx
from motcua.catalogue.models import (
    Field,
    Procedure,
    ProcessingStep,
    RequiredDocument,
    ResultDocument,
)
from motcua.catalogue.xlsx import WorkbookRefused
from motcua.core.audit import audit_record
from motcua.core.lib.text import fold
from motcua.units.models import Agency

# Enough to fix a spreadsheet in one go without flooding a page or a terminal.
MAX_REPORTED_ERRORS = 200


@dataclass(frozen=True)
class DocumentData:
    """One required document (thành phần hồ sơ); its position is its place in the tuple."""

    name: str
    copies: int = 1
    is_mandatory: bool = True
    original_must_be_shown: bool = False
    reusable_from_store: bool = False


@dataclass(frozen=True)
class StepData:
    """One processing step; ``agency_code`` empty means the competent agency."""

    name: str
    role: str
    share_percent: int
    agency_code: str = ""


@dataclass(frozen=True)
class ProcedureData:
    """A procedure with its checklist, results and steps, as the services write it."""

    code: str
    name: str
    field_code: str
    level: str
    competent_agency_code: str = ""
    competent_authority: str = ""
    time_limit: int = 0
    time_limit_unit: str = Procedure.LimitUnit.WORKING_DAYS
    cutoff_hour: time | None = None
    fee: int = 0
    fee_note: str = ""
    online_level: str = Procedure.OnlineLevel.NONE
    project06_number: int | None = None
    is_active: bool = True
    is_sample: bool = False
    documents: tuple[DocumentData, ...] = ()
    results: tuple[str, ...] = ()
    steps: tuple[StepData, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    """What a successful import wrote."""

    fields: int
    procedures_created: int
    procedures_updated: int
    required_documents: int
    result_documents: int
    steps: int

    def as_dict(self) -> dict[str, int]:
        return {
            "fields": self.fields,
            "procedures_created": self.procedures_created,
            "procedures_updated": self.procedures_updated,
            "required_documents": self.required_documents,
            "result_documents": self.result_documents,
            "steps": self.steps,
        }


class CatalogueImportError(WorkbookRefused):
    """The spreadsheet was refused; ``errors`` lists every row-level reason."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(
            errors,
            summary=_("The spreadsheet has %(count)d errors; nothing was imported.")
            % {"count": len(errors)},
            limit=MAX_REPORTED_ERRORS,
        )


def procedure_search_text(*, code: str, name: str) -> str:
    """The folded text ``Procedure.name_search`` holds for a code and a name."""
    return fold(f"{code} {name}")


def field_upsert(*, code: str, name: str) -> Field:
    field_row, _created = Field.objects.update_or_create(code=code, defaults={"name": name})
    return field_row


def procedure_upsert(
    *, data: ProcedureData, fields: Mapping[str, Field], agencies: Mapping[str, Agency]
) -> tuple[Procedure, bool]:
    """Create or update the procedure ``data.code`` and make its child rows match ``data``.

    A building block of ``catalogue_seed`` and ``catalogue_import_xlsx``: the
    caller holds the transaction, has checked the codes in ``fields`` and
    ``agencies``, and writes the audit row.
    """
    agency = agencies[data.competent_agency_code] if data.competent_agency_code else None
    procedure, created = Procedure.objects.update_or_create(
        code=data.code,
        defaults={
            "name": data.name,
            "name_search": procedure_search_text(code=data.code, name=data.name),
            "field": fields[data.field_code],
            "level": data.level,
            "competent_agency": agency,
            "competent_authority": data.competent_authority,
            "time_limit": data.time_limit,
            "time_limit_unit": data.time_limit_unit,
            "cutoff_hour": data.cutoff_hour,
            "fee": data.fee,
            "fee_note": data.fee_note,
            "online_level": data.online_level,
            "project06_number": data.project06_number,
            "is_active": data.is_active,
            "is_sample": data.is_sample,
        },
    )
    _children_sync(procedure, data, agencies)
    return procedure, created


def _children_sync(
    procedure: Procedure, data: ProcedureData, agencies: Mapping[str, Agency]
) -> None:
    documents = [
        {
            "position": i,
            "name": d.name,
            "copies": d.copies,
            "is_mandatory": d.is_mandatory,
            "original_must_be_shown": d.original_must_be_shown,
            "reusable_from_store": d.reusable_from_store,
        }
        for i, d in enumerate(data.documents, start=1)
    ]
    steps = [
        {
            "position": i,
            "name": s.name,
            "role": s.role,
            "share_percent": s.share_percent,
            "agency_id": agencies[s.agency_code].pk if s.agency_code else None,
        }
        for i, s in enumerate(data.steps, start=1)
    ]
    results = [{"name": name} for name in data.results]
    _rows_sync(RequiredDocument, procedure, documents, ("position", "id"))
    _rows_sync(ResultDocument, procedure, results, ("id",))
    _rows_sync(ProcessingStep, procedure, steps, ("position", "id"))


def _rows_sync(
    model: type[models.Model],
    procedure: Procedure,
    wanted: list[dict[str, Any]],
    order: tuple[str, ...],
) -> None:
    # Rows are updated in place rather than deleted and re-created: submitted
    # dossier documents point at RequiredDocument rows (SET_NULL), and a
    # re-import that changes nothing must not cut those links.
    existing = list(model._default_manager.filter(procedure=procedure).order_by(*order))
    for row, values in zip(existing, wanted, strict=False):
        changed = [key for key, value in values.items() if getattr(row, key) != value]
        for key in changed:
            setattr(row, key, values[key])
        if changed:
            row.save(update_fields=changed)
    model._default_manager.bulk_create(
        [model(procedure=procedure, **values) for values in wanted[len(existing) :]]
    )
    surplus = [row.pk for row in existing[len(wanted) :]]
    if surplus:
        model._default_manager.filter(pk__in=surplus).delete()


# --- export -----------------------------------------------------------------


def catalogue_export_xlsx() -> bytes:
    """The whole catalogue as an xlsx workbook that ``catalogue_import_xlsx`` reads back.

    One sheet per table (fields, procedures, required_documents,
    result_documents, steps); row 1 holds the column keys of ``xlsx.SHEETS``.
    """
    procedures = Procedure.objects.select_related("field", "competent_agency").order_by("code")
    tables: dict[str, Iterable[Mapping[str, Any]]] = {
        "fields": [{"code": f.code, "name": f.name} for f in Field.objects.order_by("code")],
        "procedures": [_procedure_row(p) for p in procedures],
        "required_documents": [
            {
                "procedure_code": d.procedure.code,
                "position": d.position,
                "name": d.name,
                "copies": d.copies,
                "is_mandatory": d.is_mandatory,
                "original_must_be_shown": d.original_must_be_shown,
                "reusable_from_store": d.reusable_from_store,
            }
            for d in RequiredDocument.objects.select_related("procedure").order_by(
                "procedure__code", "position", "id"
            )
        ],
        "result_documents": [
            {"procedure_code": r.procedure.code, "name": r.name}
            for r in ResultDocument.objects.select_related("procedure").order_by(
                "procedure__code", "id"
            )
        ],
        "steps": [
            {
                "procedure_code": s.procedure.code,
                "position": s.position,
                "name": s.name,
                "role": s.role,
                "agency_code": s.agency.code if s.agency else "",
                "share_percent": s.share_percent,
            }
            for s in ProcessingStep.objects.select_related("procedure", "agency").order_by(
                "procedure__code", "position", "id"
            )
        ],
    }
    return xlsx.workbook_write(tables)


def _procedure_row(p: Procedure) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": p.name,
        "field_code": p.field.code,
        "level": p.level,
        "competent_agency_code": p.competent_agency.code if p.competent_agency else "",
        "competent_authority": p.competent_authority,
        "time_limit": p.time_limit,
        "time_limit_unit": p.time_limit_unit,
        "cutoff_hour": p.cutoff_hour.strftime("%H:%M") if p.cutoff_hour else "",
        "fee": p.fee,
        "fee_note": p.fee_note,
        "online_level": p.online_level,
        "project06_number": p.project06_number,
        "is_active": p.is_active,
        "is_sample": p.is_sample,
    }


# --- import -----------------------------------------------------------------


@dataclass
class _Plan:
    """A validated workbook: what the import will write, or why it will not."""

    fields: dict[str, str] = field(default_factory=dict)
    procedures: list[ProcedureData] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def catalogue_import_xlsx(*, data: bytes, actor: AbstractBaseUser | None) -> ImportReport:
    """Import a workbook in the ``catalogue_export_xlsx`` layout: all of it or nothing.

    Every row is checked first; on any error ``CatalogueImportError`` lists
    them all ("sheet procedures, row 7: ...") and nothing is written. Otherwise
    each procedure is updated or created by code and its documents, results
    and steps are made to match the workbook, in one transaction with an
    audit row. Procedures absent from the workbook are left as they are.
    Raises ``DomainError`` for files that are not xlsx or too big.
    """
    plan = _plan_build(xlsx.workbook_read(data))
    if plan.errors:
        raise CatalogueImportError(plan.errors)
    with transaction.atomic():
        report = _plan_apply(plan)
        audit_record(
            actor=actor,
            action="catalogue.import",
            object_type="catalogue",
            object_id="xlsx",
            data=report.as_dict(),
        )
    return report


def _plan_apply(plan: _Plan) -> ImportReport:
    for code, name in plan.fields.items():
        field_upsert(code=code, name=name)
    fields = {f.code: f for f in Field.objects.all()}
    agencies = _agencies_for(plan.procedures)
    created = 0
    for data in plan.procedures:
        _procedure, was_created = procedure_upsert(data=data, fields=fields, agencies=agencies)
        created += was_created
    return ImportReport(
        fields=len(plan.fields),
        procedures_created=created,
        procedures_updated=len(plan.procedures) - created,
        required_documents=sum(len(p.documents) for p in plan.procedures),
        result_documents=sum(len(p.results) for p in plan.procedures),
        steps=sum(len(p.steps) for p in plan.procedures),
    )


def _agencies_for(procedures: Iterable[ProcedureData]) -> dict[str, Agency]:
    codes = set()
    for p in procedures:
        codes.add(p.competent_agency_code)
        codes.update(s.agency_code for s in p.steps)
    codes.discard("")
    return {a.code: a for a in Agency.objects.filter(code__in=codes)}


def _plan_build(parsed: xlsx.ParsedWorkbook) -> _Plan:
    plan = _Plan(errors=list(parsed.errors))
    plan.fields = _fields_collect(parsed.rows.get("fields", []), plan.errors)
    known_fields = set(plan.fields) | set(Field.objects.values_list("code", flat=True))
    heads = _procedures_collect(parsed.rows.get("procedures", []), known_fields, plan.errors)
    children = _children_collect(parsed, set(heads), plan.errors)
    _agency_codes_check(parsed, plan.errors)
    for code, head in heads.items():
        docs, results, steps = children[code]
        plan.procedures.append(
            ProcedureData(
                **head,
                documents=tuple(docs),
                results=tuple(results),
                steps=tuple(steps),
            )
        )
    return plan


def _fields_collect(rows: list[xlsx.SheetRow], errors: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for row in rows:
        code = row.values["code"]
        if code in fields:
            errors.append(
                xlsx.row_error(
                    "fields", row.number, _("field code %(code)s appears twice") % {"code": code}
                )
            )
        fields[code] = row.values["name"]
    return fields


def _procedures_collect(
    rows: list[xlsx.SheetRow], known_fields: set[str], errors: list[str]
) -> dict[str, dict[str, Any]]:
    heads: dict[str, dict[str, Any]] = {}
    for row in rows:
        values = dict(row.values)
        problems = _procedure_problems(values, known_fields, seen=heads)
        errors.extend(xlsx.row_error("procedures", row.number, p) for p in problems)
        if values["code"] not in heads:
            heads[values["code"]] = values
    return heads


def _procedure_problems(
    values: dict[str, Any], known_fields: set[str], *, seen: Mapping[str, Any]
) -> list[str]:
    problems = []
    if values["code"] in seen:
        problems.append(_("procedure code %(code)s appears twice") % {"code": values["code"]})
    if values["field_code"] and values["field_code"] not in known_fields:
        problems.append(
            _("unknown field code %(code)s (not in the fields sheet nor the catalogue)")
            % {"code": values["field_code"]}
        )
    if values["time_limit_unit"] == Procedure.LimitUnit.SAME_DAY and values["time_limit"]:
        problems.append(_("time_limit must be 0 when time_limit_unit is same_day"))
    return problems


_Children = tuple[list[DocumentData], list[str], list[StepData]]


def _children_collect(
    parsed: xlsx.ParsedWorkbook, codes: set[str], errors: list[str]
) -> dict[str, _Children]:
    children: dict[str, _Children] = {code: ([], [], []) for code in codes}
    for sheet, slot in (("required_documents", 0), ("result_documents", 1), ("steps", 2)):
        rows = sorted(
            parsed.rows.get(sheet, []), key=lambda r: (r.values.get("position") or 0, r.number)
        )
        for row in rows:
            code = row.values["procedure_code"]
            if code not in children:
                errors.append(
                    xlsx.row_error(
                        sheet,
                        row.number,
                        _("procedure_code %(code)s is not in the procedures sheet")
                        % {"code": code},
                    )
                )
                continue
            target: list[Any] = children[code][slot]
            target.append(_child_from(sheet, row.values))
    _step_shares_check(parsed.rows.get("steps", []), children, errors)
    return children


def _child_from(sheet: str, values: Mapping[str, Any]) -> DocumentData | str | StepData:
    if sheet == "required_documents":
        return DocumentData(
            name=values["name"],
            copies=values["copies"],
            is_mandatory=values["is_mandatory"],
            original_must_be_shown=values["original_must_be_shown"],
            reusable_from_store=values["reusable_from_store"],
        )
    if sheet == "result_documents":
        return str(values["name"])
    return StepData(
        name=values["name"],
        role=values["role"],
        share_percent=values["share_percent"],
        agency_code=values["agency_code"],
    )


def _step_shares_check(
    rows: list[xlsx.SheetRow], children: Mapping[str, _Children], errors: list[str]
) -> None:
    # The shares split the legal time limit between the steps (the deadline of
    # each hand-over on the control sheet), so they must add up to the whole.
    first_row: dict[str, int] = {}
    for row in rows:
        first_row.setdefault(row.values["procedure_code"], row.number)
    for code, (_docs, _results, steps) in children.items():
        total = sum(s.share_percent for s in steps)
        if steps and total != 100:
            errors.append(
                xlsx.row_error(
                    "steps",
                    first_row[code],
                    _("the shares of procedure %(code)s add up to %(total)d, not 100")
                    % {"code": code, "total": total},
                )
            )


def _agency_codes_check(parsed: xlsx.ParsedWorkbook, errors: list[str]) -> None:
    wanted: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for sheet, key in (("procedures", "competent_agency_code"), ("steps", "agency_code")):
        for row in parsed.rows.get(sheet, []):
            if row.values[key]:
                wanted[row.values[key]].append((sheet, row.number))
    known = set(Agency.objects.filter(code__in=wanted).values_list("code", flat=True))
    for code in sorted(set(wanted) - known):
        errors.extend(
            xlsx.row_error(sheet, number, _("unknown agency code %(code)s") % {"code": code})
            for sheet, number in wanted[code]
        )

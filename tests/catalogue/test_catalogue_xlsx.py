"""xlsx export and import: round trips, and refusals that write nothing."""

from __future__ import annotations

import io
import zipfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from motcua.catalogue import xlsx
from motcua.catalogue.models import (
    Bundle,
    Field,
    Procedure,
    ProcessingStep,
    RequiredDocument,
    ResultDocument,
)
from motcua.catalogue.services import (
    CatalogueImportError,
    catalogue_export_xlsx,
    catalogue_import_xlsx,
)
from motcua.core.errors import DomainError
from motcua.core.models import AuditEntry

from .conftest import catalogue_snapshot, table_counts, workbook_build, workbook_edit

pytestmark = pytest.mark.django_db


def codes_in_order() -> list[str]:
    return list(Procedure.objects.order_by("code").values_list("code", flat=True))


def refused(data: bytes) -> list[str]:
    """Import ``data``, expect a refusal that wrote nothing, return the reasons."""
    before, snapshot = table_counts(), catalogue_snapshot()
    with pytest.raises(DomainError) as caught:
        catalogue_import_xlsx(data=data, actor=None)
    assert table_counts() == before
    assert catalogue_snapshot() == snapshot
    error = caught.value
    return error.errors if isinstance(error, CatalogueImportError) else [error.message]


# --- export -------------------------------------------------------------------


def test_export_has_one_sheet_per_table_with_keys_in_row_1(seeded: int) -> None:
    book = load_workbook(io.BytesIO(catalogue_export_xlsx()), read_only=True)
    assert book.sheetnames == list(xlsx.SHEETS)
    for name, columns in xlsx.SHEETS.items():
        header = next(book[name].iter_rows(max_row=1, values_only=True))
        assert list(header) == [c.key for c in columns]
    procedures = list(book["procedures"].iter_rows(min_row=2, values_only=True))
    assert len(procedures) == Procedure.objects.count()


# --- round trips ----------------------------------------------------------------


def test_round_trip_restores_edited_rows(seeded: int) -> None:
    data, snapshot = catalogue_export_xlsx(), catalogue_snapshot()
    marriage = Procedure.objects.get(code="1.000894")
    Procedure.objects.filter(pk=marriage.pk).update(name="tên khác", time_limit=9, fee=1)
    marriage.required_documents.first().delete()  # type: ignore[union-attr]
    marriage.steps.update(share_percent=1)
    ResultDocument.objects.create(procedure=marriage, name="thừa")

    report = catalogue_import_xlsx(data=data, actor=None)

    assert catalogue_snapshot() == snapshot
    assert report.procedures_created == 0
    assert report.procedures_updated == Procedure.objects.count()
    assert report.steps == ProcessingStep.objects.count()


def test_round_trip_into_an_empty_catalogue(seeded: int) -> None:
    data, snapshot = catalogue_export_xlsx(), catalogue_snapshot()
    Bundle.objects.all().delete()
    Procedure.objects.all().delete()
    Field.objects.all().delete()

    report = catalogue_import_xlsx(data=data, actor=None)

    assert catalogue_snapshot() == snapshot
    assert report.procedures_created == Procedure.objects.count() == seeded
    assert report.fields == Field.objects.count()


def test_reimport_keeps_child_rows_in_place(seeded: int) -> None:
    ids = set(RequiredDocument.objects.values_list("id", flat=True))
    catalogue_import_xlsx(data=catalogue_export_xlsx(), actor=None)
    assert set(RequiredDocument.objects.values_list("id", flat=True)) == ids


def test_import_writes_one_audit_row_with_the_counts(seeded: int) -> None:
    catalogue_import_xlsx(data=catalogue_export_xlsx(), actor=None)
    entry = AuditEntry.objects.get(action="catalogue.import")
    assert (entry.object_type, entry.object_id) == ("catalogue", "xlsx")
    assert entry.data["procedures_updated"] == seeded
    assert entry.data["required_documents"] == RequiredDocument.objects.count()


def test_import_accepts_values_as_people_type_them(seeded: int) -> None:
    row = codes_in_order().index("1.000894") + 2
    data = workbook_edit(
        catalogue_export_xlsx(),
        [
            ("procedures", row, "time_limit", "5"),
            ("procedures", row, "time_limit_unit", "days"),
            ("procedures", row, "fee", 12000.0),
            ("procedures", row, "cutoff_hour", "16:30"),
            ("procedures", row, "is_active", "yes"),
        ],
    )
    catalogue_import_xlsx(data=data, actor=None)
    marriage = Procedure.objects.get(code="1.000894")
    assert (marriage.time_limit, marriage.fee, marriage.is_active) == (5, 12000, True)
    assert marriage.cutoff_hour is not None and marriage.cutoff_hour.strftime("%H:%M") == "16:30"


# --- refusals -------------------------------------------------------------------


def test_bad_cells_are_refused_row_by_row_and_nothing_is_written(seeded: int) -> None:
    codes = codes_in_order()
    errors = refused(
        workbook_edit(
            catalogue_export_xlsx(),
            [
                ("procedures", 7, "time_limit", "abc"),
                ("procedures", 3, "code", None),
                ("procedures", 4, "field_code", "khong-co"),
                ("procedures", 5, "level", "district"),
                ("procedures", 6, "code", 2.00072),
                ("required_documents", 2, "copies", "two"),
                ("steps", 2, "role", "janitor"),
                # The valid rows before this one must not be written either.
                ("procedures", len(codes) + 1, "project06_number", 26),
            ],
        )
    )
    assert "sheet procedures, row 7: time_limit must be a whole number from 0 to 3650" in errors
    assert "sheet procedures, row 3: code is required" in errors
    assert (
        "sheet procedures, row 4: unknown field code khong-co (not in the fields sheet "
        "nor the catalogue)"
    ) in errors
    assert any(e.startswith("sheet procedures, row 5: level must be one of") for e in errors)
    assert any(e.startswith("sheet procedures, row 6: code must be text") for e in errors)
    assert "sheet required_documents, row 2: copies must be a whole number from 0 to 99" in errors
    assert any(e.startswith("sheet steps, row 2: role must be one of") for e in errors)
    assert (
        f"sheet procedures, row {len(codes) + 1}: project06_number must be a whole number "
        "from 1 to 25"
    ) in errors
    # The child rows of the procedure whose code was blanked now point nowhere.
    assert any(f"procedure_code {codes[1]} is not in the procedures sheet" in e for e in errors)


def test_steps_that_do_not_share_100_are_refused(seeded: int) -> None:
    errors = refused(workbook_edit(catalogue_export_xlsx(), [("steps", 2, "share_percent", 11)]))
    first = ProcessingStep.objects.order_by("procedure__code", "position").first()
    assert first is not None
    total = 100 - first.share_percent + 11
    assert errors == [
        f"sheet steps, row 2: the shares of procedure {first.procedure.code} "
        f"add up to {total}, not 100"
    ]


def test_duplicate_codes_unknown_agencies_and_missing_sheets_are_refused(seeded: int) -> None:
    codes = codes_in_order()
    errors = refused(
        workbook_edit(
            catalogue_export_xlsx(),
            [
                ("procedures", 3, "code", codes[0]),
                ("procedures", 4, "competent_agency_code", "000.99.99.H99"),
            ],
        )
    )
    assert f"sheet procedures, row 3: procedure code {codes[0]} appears twice" in errors
    assert "sheet procedures, row 4: unknown agency code 000.99.99.H99" in errors

    errors = refused(workbook_build({"procedures": [["code", "name"]]}))
    assert "sheet procedures, row 1: missing column field_code" in errors
    assert "the workbook has no sheet named steps" in errors


def test_garbage_bytes_are_refused(seeded: int) -> None:
    assert refused(b"this is not a spreadsheet") == ["The file is not an Excel workbook (.xlsx)."]
    # A zip that is not a workbook: openpyxl's own error is turned into a message.
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hello.txt", "hello")
    assert refused(archive.getvalue()) == [
        "The file could not be read as an Excel workbook (.xlsx)."
    ]


def test_oversize_files_are_refused(seeded: int) -> None:
    [message] = refused(b"\0" * (xlsx.MAX_BYTES + 1))
    assert message == "The file is larger than 5 MB; split it into smaller files."


def test_too_many_rows_are_refused(seeded: int) -> None:
    header = [c.key for c in xlsx.SHEETS["result_documents"]]
    rows: list[list[Any]] = [header] + [
        ["1.000894", f"kết quả {i}"] for i in range(xlsx.MAX_ROWS + 1)
    ]
    sheets = {name: [[c.key for c in columns]] for name, columns in xlsx.SHEETS.items()}
    sheets["result_documents"] = rows
    [message] = refused(workbook_build(sheets))
    assert message == "The workbook has more than 20000 rows; split it into smaller files."


# --- commands -------------------------------------------------------------------


def test_export_and_import_commands(seeded: int, tmp_path: Path) -> None:
    path = tmp_path / "catalogue.xlsx"
    call_command("catalogue_export", str(path), stdout=StringIO())
    out = StringIO()
    call_command("catalogue_import", str(path), stdout=out)
    assert f"procedures_updated {seeded}" in out.getvalue()


def test_import_command_prints_row_errors_and_fails(seeded: int, tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook_edit(catalogue_export_xlsx(), [("procedures", 7, "fee", -5)]))
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("catalogue_import", str(path), stderr=err)
    assert "sheet procedures, row 7: fee must be a whole number ≥ 0" in err.getvalue()

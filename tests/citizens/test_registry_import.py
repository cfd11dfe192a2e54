"""``motcua registry-import``: CSV and xlsx, every row checked, all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from motcua.catalogue.xlsx import workbook_write
from motcua.citizens.models import RegistryPerson
from motcua.citizens.services import (
    COLUMNS,
    SHEET,
    RegistryImportError,
    registry_import,
)
from motcua.core.errors import DomainError
from motcua.core.models import AuditEntry

HEADER = "id_number,full_name,birth_date,sex,permanent_address\n"
GOOD = (
    HEADER + '024090001234,Nguyễn Văn Hùng,1990-05-17,male,"Thôn Đồng Mới, xã Đèo Gia"\n'
    "027185000042,Trần Thị Lan,1985-01-02,female,\n"
)


def test_a_csv_file_fills_the_local_registry(db: Any) -> None:
    report = registry_import(data=GOOD.encode("utf-8-sig"), filename="dan-cu.csv", actor=None)
    assert (report.created, report.updated) == (2, 0)
    hung = RegistryPerson.objects.get(id_number="024090001234")
    assert hung.permanent_address == "Thôn Đồng Mới, xã Đèo Gia"
    assert hung.birth_date == date(1990, 5, 17)
    assert AuditEntry.objects.filter(action="registry.import").count() == 1


def test_an_xlsx_file_fills_the_local_registry_and_a_second_import_updates(db: Any) -> None:
    rows = [
        {
            "id_number": "024090001234",
            "full_name": "Nguyễn Văn Hùng",
            "birth_date": date(1990, 5, 17),
            "sex": "male",
            "permanent_address": "Thôn Hạ",
        }
    ]
    data = workbook_write({SHEET: rows}, {SHEET: COLUMNS})
    assert registry_import(data=data, filename="x.xlsx", actor=None).created == 1
    rows[0]["permanent_address"] = "Tổ dân phố số 3"
    data = workbook_write({SHEET: rows}, {SHEET: COLUMNS})
    report = registry_import(data=data, filename="x.XLSX", actor=None)
    assert (report.created, report.updated) == (0, 1)
    assert RegistryPerson.objects.get().permanent_address == "Tổ dân phố số 3"


def test_bad_rows_are_refused_row_by_row_and_nothing_is_imported(db: Any) -> None:
    text = GOOD + (
        "12345,Số sai,1990-01-01,male,\n"
        "024190000001,Sai giới tính,1990-01-01,male,\n"
        "024090001234,Trùng số,1990-05-17,male,\n"
        "024095000001,,17/05/1995,nam,\n"
    )
    with pytest.raises(RegistryImportError) as caught:
        registry_import(data=text.encode(), filename="d.csv", actor=None)
    errors = caught.value.errors
    assert any(e.startswith("sheet persons, row 4:") and "12 digits" in e for e in errors)
    assert any(e.startswith("sheet persons, row 5:") and "woman" in e for e in errors)
    assert any(e.startswith("sheet persons, row 6:") and "row 2" in e for e in errors)
    assert any("row 7" in e and "full_name is required" in e for e in errors)
    assert any("row 7" in e and "birth_date must be a date" in e for e in errors)
    assert any("row 7" in e and "sex must be one of" in e for e in errors)
    assert "nothing was imported" in caught.value.message
    assert not RegistryPerson.objects.exists()


def test_a_file_without_the_key_columns_is_refused(db: Any) -> None:
    with pytest.raises(RegistryImportError) as caught:
        registry_import(data=b"so,ten\n1,2\n", filename="d.csv", actor=None)
    assert any("missing column id_number" in e for e in caught.value.errors)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"x" * (5 * 1024 * 1024 + 1), "big.csv", "larger than 5 MB"),
        (b"\xff\xfe\x00bad", "d.csv", "UTF-8"),
        (b"id_number\n", "d.txt", ".csv or .xlsx"),
        (b"not a zip", "d.xlsx", "not an Excel workbook"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(
    db: Any, data: bytes, filename: str, message: str
) -> None:
    with pytest.raises(DomainError) as caught:
        registry_import(data=data, filename=filename, actor=None)
    assert message in caught.value.message


def test_the_command_imports_and_reports_errors(db: Any, tmp_path: Path, capsys: Any) -> None:
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("registry_import", str(good))
    assert "2 added, 0 updated" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "123,X,1990-01-01,male,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("registry_import", str(bad))
    assert "sheet persons, row 2" in capsys.readouterr().err
    assert RegistryPerson.objects.count() == 2

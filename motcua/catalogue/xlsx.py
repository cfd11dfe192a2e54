"""The catalogue's xlsx layout: sheets, column keys and types, bounded reading and writing.

Row 1 of every sheet holds stable machine keys (``code``, ``name``, ...), so a
file survives a translation of the interface. Cell values are checked here
(types, ranges, choices); rules across rows (references, duplicates, step
shares) are the services' business.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from motcua.catalogue.models import Procedure
from motcua.core.errors import DomainError
from motcua.units.models import Role

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# An xlsx is a zip: 5 MB of it can unpack to gigabytes of XML. Refuse before
# openpyxl inflates anything.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

SMALL_INT_MAX = 32_767
INT_MAX = 2_147_483_647


@dataclass(frozen=True)
class Column:
    """A column: its key in row 1, its type and what is allowed in it.

    ``default`` stands in for an empty cell, and for a bad one, so later checks
    always see a value of the right type.
    """

    key: str
    kind: str  # "text", "int", "bool", "time", "date" or "choice"
    required: bool = False
    default: Any = ""
    low: int = 0
    high: int = INT_MAX
    max_length: int = 0
    choices: tuple[str, ...] = ()


def _text(key: str, max_length: int, *, required: bool = False) -> Column:
    return Column(key, "text", required=required, max_length=max_length)


def _int(
    key: str, *, default: int | None = 0, low: int = 0, high: int = INT_MAX, required: bool = False
) -> Column:
    return Column(key, "int", required=required, default=default, low=low, high=high)


def _bool(key: str, default: bool) -> Column:
    return Column(key, "bool", default=default)


def _choice(
    key: str, choices: Iterable[str], default: str = "", *, required: bool = False
) -> Column:
    return Column(key, "choice", required=required, default=default, choices=tuple(choices))


SHEETS: dict[str, tuple[Column, ...]] = {
    "fields": (_text("code", 32, required=True), _text("name", 150, required=True)),
    "procedures": (
        _text("code", 64, required=True),
        _text("name", 400, required=True),
        _text("field_code", 32, required=True),
        _choice("level", Procedure.Level.values, required=True),
        _text("competent_agency_code", 32),
        _text("competent_authority", 200),
        _int("time_limit", high=3650),
        _choice(
            "time_limit_unit", Procedure.LimitUnit.values, default=Procedure.LimitUnit.WORKING_DAYS
        ),
        Column("cutoff_hour", "time", default=None),
        _int("fee"),
        _text("fee_note", 300),
        _choice("online_level", Procedure.OnlineLevel.values, default=Procedure.OnlineLevel.NONE),
        _int("project06_number", default=None, low=1, high=25),
        _bool("is_active", True),
        _bool("is_sample", False),
    ),
    "required_documents": (
        _text("procedure_code", 64, required=True),
        _int("position", high=SMALL_INT_MAX),
        _text("name", 300, required=True),
        _int("copies", default=1, high=99),
        _bool("is_mandatory", True),
        _bool("original_must_be_shown", False),
        _bool("reusable_from_store", False),
    ),
    "result_documents": (
        _text("procedure_code", 64, required=True),
        _text("name", 300, required=True),
    ),
    "steps": (
        _text("procedure_code", 64, required=True),
        _int("position", high=SMALL_INT_MAX),
        _text("name", 200, required=True),
        _choice("role", Role.values, required=True),
        _text("agency_code", 32),
        _int("share_percent", high=100, required=True),
    ),
}
OPTIONAL_SHEETS = frozenset({"fields"})


@dataclass(frozen=True)
class SheetRow:
    """A data row: its number as the spreadsheet shows it, and its checked values by key."""

    number: int
    values: dict[str, Any]


@dataclass(frozen=True)
class ParsedWorkbook:
    rows: dict[str, list[SheetRow]]
    errors: list[str]


def row_error(sheet: str, row: int, problem: str) -> str:
    return _("sheet %(sheet)s, row %(row)d: %(problem)s") % {
        "sheet": sheet,
        "row": row,
        "problem": problem,
    }


class WorkbookRefused(DomainError):
    """A file refused as a whole; ``errors`` lists every row-level reason (the first
    ``limit`` of them, then how many more). Each import says ``summary`` its own way."""

    def __init__(self, errors: list[str], *, summary: str, limit: int) -> None:
        shown = errors[:limit]
        if len(errors) > limit:
            shown.append(_("… and %(count)d more errors.") % {"count": len(errors) - len(shown)})
        super().__init__(summary)
        self.errors = shown


# --- writing ----------------------------------------------------------------


def workbook_write(
    tables: Mapping[str, Iterable[Mapping[str, Any]]],
    sheets: Mapping[str, tuple[Column, ...]] | None = None,
) -> bytes:
    """One sheet per entry of ``sheets`` (the catalogue's ``SHEETS`` by default),
    row 1 the keys, then ``tables[sheet]`` in order."""
    book = Workbook(write_only=True)
    for sheet, columns in (SHEETS if sheets is None else sheets).items():
        ws = book.create_sheet(sheet)
        keys = [c.key for c in columns]
        ws.append(keys)
        for row in tables.get(sheet, ()):
            ws.append([_cell_out(row.get(key)) for key in keys])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell_out(value: Any) -> Any:
    # Empty optional values are written as empty cells, not "None".
    return None if value == "" else value


# --- reading ----------------------------------------------------------------


def workbook_read(
    data: bytes,
    sheets: Mapping[str, tuple[Column, ...]] | None = None,
    optional: frozenset[str] | None = None,
) -> ParsedWorkbook:
    """Read and check every cell of an uploaded workbook laid out as ``sheets``
    (the catalogue's ``SHEETS`` by default); sheets in ``optional`` may be absent.

    Raises ``DomainError`` when the file cannot be taken at all (too big, not
    xlsx, too many rows); cell problems come back in ``errors``.
    """
    _size_check(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        # openpyxl raises many kinds of errors on a damaged file (KeyError,
        # ValueError, XML errors...); to the user they all mean one thing.
        raise DomainError(_("The file could not be read as an Excel workbook (.xlsx).")) from exc
    try:
        if sheets is None:
            return _book_read(book, SHEETS, OPTIONAL_SHEETS)
        return _book_read(book, sheets, optional or frozenset())
    except DomainError:
        raise
    except Exception as exc:
        # Read-only mode parses sheets lazily, so damage can also surface here.
        raise DomainError(_("The file could not be read as an Excel workbook (.xlsx).")) from exc
    finally:
        book.close()


def _size_check(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise DomainError(
            _("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DomainError(_("The file is not an Excel workbook (.xlsx).")) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise DomainError(
            _("The workbook unpacks to more than %(mb)d MB; it is refused.")
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _book_read(
    book: Any, sheets: Mapping[str, tuple[Column, ...]], optional: frozenset[str]
) -> ParsedWorkbook:
    rows: dict[str, list[SheetRow]] = {}
    errors: list[str] = []
    budget = MAX_ROWS
    for sheet, columns in sheets.items():
        if sheet not in book.sheetnames:
            if sheet not in optional:
                errors.append(_("the workbook has no sheet named %(sheet)s") % {"sheet": sheet})
            continue
        rows[sheet] = _sheet_read(sheet, book[sheet], columns, errors, budget)
        budget -= len(rows[sheet])
    return ParsedWorkbook(rows=rows, errors=errors)


def _sheet_read(
    sheet: str, ws: Any, columns: tuple[Column, ...], errors: list[str], budget: int
) -> list[SheetRow]:
    return rows_read(sheet, ws.iter_rows(values_only=True), columns, errors, budget)


def rows_read(
    sheet: str,
    raw_rows: Iterator[Sequence[Any]],
    columns: tuple[Column, ...],
    errors: list[str],
    budget: int = MAX_ROWS,
) -> list[SheetRow]:
    """Check rows laid out as a sheet (row 1 the keys), from a workbook or a CSV file.

    Cell problems are appended to ``errors``; more than ``budget`` rows raise
    ``DomainError``.
    """
    positions = _header_read(sheet, next(raw_rows, ()), columns, errors)
    if positions is None:
        return []
    out: list[SheetRow] = []
    for number, raw in enumerate(raw_rows, start=2):
        cells = {key: raw[i] if i < len(raw) else None for key, i in positions.items()}
        if all(_is_empty(v) for v in cells.values()):
            continue
        if len(out) >= budget:
            raise DomainError(
                _("The workbook has more than %(rows)d rows; split it into smaller files.")
                % {"rows": MAX_ROWS}
            )
        out.append(SheetRow(number, _row_clean(sheet, number, columns, cells, errors)))
    return out


def _header_read(
    sheet: str, header: Sequence[Any], columns: tuple[Column, ...], errors: list[str]
) -> dict[str, int] | None:
    """Map column keys to their index in the sheet; ``None`` if the sheet cannot be read."""
    keys = [str(v).strip() if v is not None else "" for v in header]
    missing = [c.key for c in columns if c.required and c.key not in keys]
    duplicated = sorted({k for k in keys if k and keys.count(k) > 1})
    for key in missing:
        errors.append(row_error(sheet, 1, _("missing column %(key)s") % {"key": key}))
    for key in duplicated:
        errors.append(row_error(sheet, 1, _("column %(key)s appears twice") % {"key": key}))
    if missing or duplicated:
        return None
    known = {c.key for c in columns}
    return {key: i for i, key in enumerate(keys) if key in known}


def _row_clean(
    sheet: str,
    number: int,
    columns: tuple[Column, ...],
    cells: Mapping[str, Any],
    errors: list[str],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in columns:
        value, problem = _cell_clean(column, cells.get(column.key))
        if problem:
            errors.append(row_error(sheet, number, problem))
        values[column.key] = value
    return values


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_clean(column: Column, value: Any) -> tuple[Any, str]:
    """The checked value of one cell and a problem ("" when there is none)."""
    if _is_empty(value):
        if column.required:
            return column.default, _("%(key)s is required") % {"key": column.key}
        return column.default, ""
    cleaned = _CLEANERS[column.kind](column, value)
    if cleaned is _BAD:
        return column.default, _problem(column)
    return cleaned, ""


_BAD = object()


def _clean_text(column: Column, value: Any) -> Any:
    # A number in a text column is refused rather than converted: Excel turns
    # a code such as 2.000720 into the number 2.00072, and the zeros are lost.
    if isinstance(value, bool) or not isinstance(value, str | int):
        return _BAD
    text = " ".join(str(value).split())
    return text if len(text) <= column.max_length else _BAD


def _clean_int(column: Column, value: Any) -> Any:
    if isinstance(value, bool):
        return _BAD
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        value = int(value)
    if not isinstance(value, int) or not column.low <= value <= column.high:
        return _BAD
    return value


_TRUE = {"1", "true", "yes", "x", "có"}
_FALSE = {"0", "false", "no", "không"}


def _clean_bool(column: Column, value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    return _BAD


def _clean_time(column: Column, value: Any) -> Any:
    if isinstance(value, datetime):
        return _BAD
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    match = isinstance(value, str) and re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", value)
    if not match:
        return _BAD
    hour, minute = int(match.group(1)), int(match.group(2))
    return time(hour, minute) if hour < 24 and minute < 60 else _BAD


def _clean_date(column: Column, value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0, 0) else _BAD
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return _BAD
    return _BAD


def _clean_choice(column: Column, value: Any) -> Any:
    text = value.strip() if isinstance(value, str) else value
    return text if text in column.choices else _BAD


_CLEANERS = {
    "text": _clean_text,
    "int": _clean_int,
    "bool": _clean_bool,
    "time": _clean_time,
    "date": _clean_date,
    "choice": _clean_choice,
}


def _problem(column: Column) -> str:
    key = column.key
    if column.kind == "text":
        return _("%(key)s must be text of at most %(length)d characters") % {
            "key": key,
            "length": column.max_length,
        }
    if column.kind == "int" and column.high == INT_MAX:
        return _("%(key)s must be a whole number ≥ %(low)d") % {"key": key, "low": column.low}
    if column.kind == "int":
        return _("%(key)s must be a whole number from %(low)d to %(high)d") % {
            "key": key,
            "low": column.low,
            "high": column.high,
        }
    if column.kind == "bool":
        return _("%(key)s must be TRUE or FALSE") % {"key": key}
    if column.kind == "time":
        return _("%(key)s must be a time such as 15:00") % {"key": key}
    if column.kind == "date":
        return _("%(key)s must be a date such as 2027-12-31") % {"key": key}
    return _("%(key)s must be one of: %(choices)s") % {
        "key": key,
        "choices": ", ".join(column.choices),
    }

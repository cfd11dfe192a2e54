"""The Decision 766 province report over millions of dossiers, against a naive full scan.

``motcua bench indicators --dossiers 10000000`` builds a province of its own
(the world, through the ORM: one province, a hundred communes with their
one-stop centres, thirty of them merged from two former communes on
1 July 2025, a provincial service centre, a dozen departments, fifty
procedures), then generates the dossiers *inside the database* with one
``INSERT ... SELECT`` per million rows: no Python loop over rows. Every value
comes from a deterministic hash of the row number, so two runs (and the two
databases) generate the same province. See ``docs/benchmarks.md`` for the
shape of the data and what is not generated.

It then fills ``reporting_dailycount`` *from those dossiers* with one
set-based ``GROUP BY`` that applies the rules of ``reporting.services``
(receipt counters on the receipt day, decision counters on the issue day,
closing counters on the closing day, a rating on the issue day, a reuse on
the receipt day), analyses the tables and, in the same run on the same
database, times:

- **report**: ``target_get`` + ``indicators_report`` for the province, over
  the whole generated period and over its last full month, as the API and
  the dashboard call them;
- **naive full scan**: the same province figures (received, online, decided
  early / on time / late, decided after repeated supplement requests, open,
  now late, due within a day) from one aggregate query over
  ``dossiers_dossier`` joined to its receiving agency (``NAIVE_SQL``).

Both answers are compared: the bench measures the same figures twice.

Meant for a scratch database (PostgreSQL for large sizes; SQLite up to
``SQLITE_MAX`` dossiers, for the tests). At the end everything it made is
deleted (``cleanup``), unless ``keep`` is given: then a later run with the same
size and period reuses the data instead of generating it again. For bulk sizes
on PostgreSQL the secondary indexes and foreign keys of the tables it fills
are dropped during the load and re-created after it (the PostgreSQL manual's
"Populating a Database"): do not run it on a database in use.
"""

# The SQL here is built from the bench's own constants and integers, never from input.
# ruff: noqa: S608

from __future__ import annotations

import functools
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any
from unittest import mock

from django.db import connection, models, transaction
from django.utils import timezone

from motcua.catalogue.models import Field, Procedure
from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.models import (
    CLOCK_RUNNING_STATUSES,
    Dossier,
    DossierDocument,
    DossierRating,
)
from motcua.reporting.models import COUNTERS, DailyCount, MonthlyCount
from motcua.units.models import AdministrativeUnit, Agency
from motcua.warehouse.models import DataStore, ItemReuse, StoreEntry

PREFIX = "B766"  # every unit, agency, procedure and dossier code the bench makes starts so
PROVINCE_CODE = PREFIX
SQLITE_MAX = 50_000  # larger sizes need PostgreSQL
MAX_DOSSIERS = 50_000_000
CHUNK = 1_000_000  # dossiers per INSERT ... SELECT (and per transaction)
BULK = 200_000  # from this size on PostgreSQL, indexes are dropped around the load
MERGED_ON = date(2025, 7, 1)  # the 2025 commune mergers
COMMUNES = 100
MERGED_COMMUNES = 30  # each formed from two former communes
META_TABLE = "bench_indicators_meta"
# Analysed with the generated tables: a live database has statistics for its catalogue.
WORLD_TABLES = ("units_agency", "units_administrativeunit", "catalogue_procedure")
P = 2_147_483_647  # 2^31 - 1: the hash works in 64-bit integers on both databases
VERDICTS = ("early", "on_time", "late")
OPEN_STATUSES = ("received", "assigned", "appraised", "approved", "signed")
CLOSED_WITHOUT_RESULT = ("refused", "withdrawn", "stopped")

DEPARTMENTS = [
    ("department", "Sở Tư pháp"),
    ("department", "Sở Xây dựng"),
    ("department", "Sở Nông nghiệp và Môi trường"),
    ("department", "Sở Tài chính"),
    ("department", "Sở Y tế"),
    ("department", "Sở Giáo dục và Đào tạo"),
    ("department", "Sở Công Thương"),
    ("department", "Sở Nội vụ"),
    ("department", "Sở Văn hóa, Thể thao và Du lịch"),
    ("department", "Sở Khoa học và Công nghệ"),
    ("department", "Sở Dân tộc và Tôn giáo"),
    ("police", "Công an tỉnh"),
]
# (name, level, working days); most frequent first: dossiers per procedure fall off as 1/rank.
PROCEDURES = [
    ("Chứng thực bản sao từ bản chính", "commune", 1),
    ("Đăng ký khai sinh", "commune", 1),
    ("Chứng thực chữ ký", "commune", 1),
    ("Đăng ký thường trú", "commune", 7),
    ("Đăng ký kết hôn", "commune", 1),
    ("Cấp bản sao trích lục hộ tịch", "commune", 1),
    ("Đăng ký khai tử", "commune", 1),
    ("Xác nhận tình trạng hôn nhân", "commune", 3),
    ("Chứng thực hợp đồng, giao dịch", "commune", 2),
    ("Đăng ký hộ kinh doanh", "commune", 3),
    ("Đăng ký biến động đất đai", "province", 10),
    ("Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "province", 20),
    ("Cấp giấy phép xây dựng nhà ở riêng lẻ", "commune", 15),
    ("Cấp phiếu lý lịch tư pháp", "province", 10),
    ("Cấp giấy phép lái xe (đổi)", "province", 5),
    ("Đăng ký doanh nghiệp", "province", 3),
    ("Cấp giấy phép hành nghề khám bệnh, chữa bệnh", "province", 15),
] + [
    (f"Thủ tục {'cấp xã' if i % 3 else 'cấp tỉnh'} số {i}", "commune" if i % 3 else "province", d)
    for i, d in zip(range(18, 51), [3, 5, 7, 10, 2, 5, 15] * 5, strict=False)
]
FAMILY = [
    ("Nguyễn", "nguyen"),
    ("Trần", "tran"),
    ("Lê", "le"),
    ("Phạm", "pham"),
    ("Hoàng", "hoang"),
    ("Vũ", "vu"),
    ("Đặng", "dang"),
    ("Bùi", "bui"),
]
MIDDLE = [("Văn", "van"), ("Thị", "thi"), ("Minh", "minh"), ("Thu", "thu"), ("Đức", "duc")]
GIVEN = [
    ("An", "an"),
    ("Bình", "binh"),
    ("Hùng", "hung"),
    ("Lan", "lan"),
    ("Mai", "mai"),
    ("Nam", "nam"),
    ("Hoa", "hoa"),
    ("Tuấn", "tuan"),
    ("Hương", "huong"),
    ("Dũng", "dung"),
]

Log = Callable[[str], None]


class BenchRefused(Exception):
    """The bench cannot run with these arguments on this database."""


# --- SQL that both databases understand ------------------------------------------------


def q(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _hash_constants() -> list[tuple[int, int, int, int]]:
    rng = random.Random(766)
    return [tuple(rng.randrange(1, P) for _ in range(4)) for _ in range(20)]  # type: ignore[misc]


HASH = _hash_constants()


def h(k: int, n: str = "n") -> str:
    """A pseudo-random integer in [0, P) from the integer expression ``n``: the product of
    two affine maps modulo the prime P (every intermediate stays below 2^63)."""
    a, b, c, d = HASH[k]
    return f"((({n} * {a} + {b}) % {P}) * (({n} * {c} + {d}) % {P}) % {P})"


def case(expr: str, values: list[str]) -> str:
    """``values[expr]`` for an integer expression in [0, len(values))."""
    whens = " ".join(f"WHEN {i} THEN {q(v)}" for i, v in enumerate(values))
    return f"(CASE {expr} {whens} END)"


@dataclass(frozen=True)
class Dialect:
    pg: bool
    origin: datetime  # second 0 of the generated period (midnight, Vietnam time)

    def series(self, lo: int, hi: int) -> str:
        """A CTE ``s(n)`` of the integers lo..hi."""
        if self.pg:
            return f"s(n) AS (SELECT generate_series(CAST({lo} AS bigint), {hi}))"
        return f"s(n) AS (SELECT {lo} UNION ALL SELECT n + 1 FROM s WHERE n < {hi})"

    @property
    def fence(self) -> str:
        """Ends a subquery the planner must not merge into the query around it: merged,
        every reference to a column repeats its whole expression, level after level,
        and the expression tree of ``dossier_sql`` grows exponentially."""
        return " OFFSET 0" if self.pg else " LIMIT -1 OFFSET 0"

    def ts(self, seconds: str) -> str:
        """The timestamp ``seconds`` after the origin."""
        if self.pg:
            return f"(TIMESTAMPTZ {q(self.origin.isoformat())} + ({seconds}) * INTERVAL '1 second')"
        utc = self.origin.astimezone(UTC).replace(tzinfo=None)
        return f"datetime({q(utc.isoformat(sep=' '))}, '+' || ({seconds}) || ' seconds')"

    def shift(self, column: str, seconds: int) -> str:
        if self.pg:
            return f"({column} + INTERVAL '{seconds} seconds')"
        return f"datetime({column}, '+{seconds} seconds')"

    def vn_day(self, column: str) -> str:
        """The Vietnam date of a timestamp column (UTC+7, no daylight saving since 1975)."""
        if self.pg:
            return f"CAST(({column} AT TIME ZONE 'Asia/Ho_Chi_Minh') AS date)"
        return f"date({column}, '+7 hours')"

    def seconds_between(self, start: str, end: str) -> str:
        if self.pg:
            return f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS bigint)"
        return (
            f"(CAST(strftime('%s', {end}) AS INTEGER) - CAST(strftime('%s', {start}) AS INTEGER))"
        )

    def day_plus(self, day: date, days: str) -> str:
        if self.pg:
            return f"(DATE {q(day.isoformat())} + CAST({days} AS integer))"
        return f"date({q(day.isoformat())}, '+' || ({days}) || ' days')"

    def month_of(self, column: str) -> str:
        """The first day of the month of a date column."""
        if self.pg:
            return f"CAST(date_trunc('month', {column}) AS date)"
        return f"date({column}, 'start of month')"

    def text(self, expr: str) -> str:
        return f"CAST({expr} AS {'text' if self.pg else 'TEXT'})"


def _literal(value: Any, db_field: models.Field[Any, Any]) -> str:
    """A column's default as a SQL literal cast to the column's type."""
    value = db_field.get_db_prep_save(value, connection)
    if hasattr(value, "obj"):  # psycopg's Jsonb wrapper
        import json

        value = json.dumps(value.obj)
    if isinstance(value, bool):
        sql = "TRUE" if value else "FALSE"
    elif isinstance(value, int | float):
        sql = str(value)
    elif isinstance(value, str):
        sql = q(value)
    else:
        raise BenchRefused(f"cannot generate {db_field.name!r}: no SQL literal for {value!r}")
    return f"CAST({sql} AS {db_field.db_type(connection)})"


def insert_select(
    model: type[models.Model], values: dict[str, str], select_tail: str, with_: str = ""
) -> str:
    """``[WITH ...] INSERT INTO table (every column) SELECT <values> <tail>``.

    Columns not in ``values`` get NULL when nullable, else the field's default, so
    a column added to the model later needs no change here (one without a
    default stops the bench with a clear message)."""
    columns, exprs = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.column in values:
            expr = values[f.column]
        elif f.null:
            continue
        elif f.has_default() or f.empty_strings_allowed:
            expr = _literal(f.get_default(), f)  # a text field without a default: ""
        else:
            raise BenchRefused(
                f"{model.__name__}.{f.name} is required and has no default: "
                "bench/indicators.py must generate it"
            )
        column = connection.ops.quote_name(str(f.column))
        columns.append(column)
        exprs.append(f"{expr} AS {column}")
    unknown = set(values) - {f.column for f in model._meta.concrete_fields}
    if unknown:
        raise BenchRefused(f"{model.__name__} has no column {sorted(unknown)}")
    head = f"WITH RECURSIVE {with_} " if with_ else ""
    return (
        f"{head}INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(exprs)} {select_tail}"
    )


# --- the world ----------------------------------------------------------------------------


@dataclass
class World:
    province: AdministrativeUnit
    centre: Agency  # the provincial public administrative service centre
    departments: list[Agency]
    communes: list[tuple[AdministrativeUnit, Agency, list[Agency]]]  # with former centres
    procedures: list[tuple[Procedure, Agency | None]]  # with the competent department
    entry: StoreEntry

    @property
    def agency_ids(self) -> list[int]:
        ids = [self.centre.pk, *(a.pk for a in self.departments)]
        for _unit, agency, former in self.communes:
            ids += [agency.pk, *(a.pk for a in former)]
        return sorted(ids)


def _weights(count: int, exponent: float) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(count)]


def _buckets(weights: list[float], size: int) -> list[int]:
    """``size`` buckets shared out by weight: bucket -> index (largest remainder)."""
    total = sum(weights)
    exact = [w * size / total for w in weights]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])[: size - sum(counts)]:
        counts[i] += 1
    return [i for i, c in enumerate(counts) for _ in range(c)]


@transaction.atomic
def world_build() -> World:
    """The bench province, made (or found) through the ORM: a few hundred rows."""
    province, _ = AdministrativeUnit.objects.get_or_create(
        code=PROVINCE_CODE, defaults={"name": "Tỉnh Thử nghiệm 766", "level": "province"}
    )
    centre, _ = Agency.objects.get_or_create(
        code=f"{PREFIX}.00.00.H00",
        defaults={
            "name": "Trung tâm Phục vụ hành chính công tỉnh",
            "kind": "centre",
            "unit": province,
            "is_one_stop": True,
        },
    )
    departments = [
        Agency.objects.get_or_create(
            code=f"{PREFIX}.{i + 1:02d}.00.S00",
            defaults={"name": name, "kind": kind, "unit": province},
        )[0]
        for i, (kind, name) in enumerate(DEPARTMENTS)
    ]
    communes = []
    for i in range(COMMUNES):
        unit, _ = AdministrativeUnit.objects.get_or_create(
            code=f"{PREFIX}-C{i + 1:03d}",
            defaults={
                "name": f"Xã Thử nghiệm {i + 1}",
                "level": "commune",
                "parent": province,
                "valid_from": MERGED_ON if i < MERGED_COMMUNES else None,
            },
        )
        agency, _ = Agency.objects.get_or_create(
            code=f"{PREFIX}.{i + 1:03d}.H00",
            defaults={
                "name": f"Bộ phận một cửa xã Thử nghiệm {i + 1}",
                "kind": "centre",
                "unit": unit,
                "is_one_stop": True,
            },
        )
        former = []
        for j in range(2 if i < MERGED_COMMUNES else 0):
            old, _ = AdministrativeUnit.objects.get_or_create(
                code=f"{PREFIX}-F{i + 1:03d}{j}",
                defaults={
                    "name": f"Xã cũ {i + 1}.{j + 1}",
                    "level": "commune",
                    "valid_to": MERGED_ON - timedelta(days=1),
                    "successor": unit,
                },
            )
            former.append(
                Agency.objects.get_or_create(
                    code=f"{PREFIX}.F{i + 1:03d}{j}.H00",
                    defaults={
                        "name": f"Bộ phận một cửa xã cũ {i + 1}.{j + 1}",
                        "kind": "centre",
                        "unit": old,
                        "is_one_stop": True,
                    },
                )[0]
            )
        communes.append((unit, agency, former))
    bench_field, _ = Field.objects.get_or_create(
        code=f"{PREFIX}-field", defaults={"name": "Thử nghiệm 766"}
    )
    procedures = []
    provincial = 0
    for i, (name, level, days) in enumerate(PROCEDURES):
        department = None
        if level == "province":
            department = departments[provincial % len(departments)]
            provincial += 1
        procedure, _ = Procedure.objects.get_or_create(
            code=f"{PREFIX}.{i + 1:03d}",
            defaults={
                "name": name,
                "field": bench_field,
                "level": level,
                "competent_agency": department,
                "time_limit": days,
                "fee": 0 if level == "commune" else 50_000 * (1 + i % 4),
                "online_level": ("full", "full", "full", "partial", "none")[i % 5],
            },
        )
        procedures.append((procedure, department))
    store, _ = DataStore.objects.get_or_create(
        owner_kind="person", owner_id=f"{PREFIX}000000000", defaults={"owner_name": "Bench"}
    )
    entry = StoreEntry.objects.filter(store=store).first() or StoreEntry.objects.create(
        store=store, title="Giấy khai sinh", kind_key="giay khai sinh"
    )
    return World(province, centre, departments, communes, procedures, entry)


# --- generation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the day of generation, included
    anchor: datetime  # "now" at generation: nothing generated happens after it

    @property
    def origin(self) -> datetime:
        return datetime.combine(self.start, dtime.min, tzinfo=VN_TZ)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def seconds(self, at: datetime) -> int:
        return int((at - self.origin).total_seconds())

    def last_month(self) -> tuple[date, date]:
        """The last full calendar month before the end (the period's start if shorter)."""
        last = self.end.replace(day=1) - timedelta(days=1)
        return max(last.replace(day=1), self.start), last


def period_of(*, years: int, now: datetime) -> Period:
    end = now.astimezone(VN_TZ).date()
    return Period(end - timedelta(days=round(365.25 * years) - 1), end, now)


def _procedure_rows(world: World) -> str:
    commune_procs = [(p, d) for p, d in world.procedures if p.level == "commune"]
    province_procs = [(p, d) for p, d in world.procedures if p.level == "province"]
    rows = []
    # A quarter of the dossiers are provincial (received at the provincial centre).
    for offset, group, size in ((0, province_procs, 250), (250, commune_procs, 750)):
        for bucket, index in enumerate(_buckets(_weights(len(group), 0.9), size)):
            procedure, department = group[index]
            rows.append(
                f"({offset + bucket}, {procedure.pk}, {1 if department else 0}, "
                f"{department.pk if department else 0}, {procedure.time_limit}, {procedure.fee})"
            )
    return "pr(bucket, procedure_id, provincial, department_id, days, fee) AS (VALUES " + (
        ", ".join(rows) + ")"
    )


def _commune_rows(world: World) -> str:
    rows = []
    for bucket, index in enumerate(_buckets(_weights(len(world.communes), 0.6), 1000)):
        unit, agency, former = world.communes[index]
        a, b = (former[0].pk, former[1].pk) if former else (0, 0)
        rows.append(f"({bucket}, {agency.pk}, {a}, {b}, {q(unit.name)})")
    return "cm(bucket, agency_id, former_a, former_b, name) AS (VALUES " + ", ".join(rows) + ")"


def dossier_sql(
    world: World, period: Period, dialect: Dialect, lo: int, hi: int, total: int
) -> str:
    """One INSERT ... SELECT of dossiers lo..hi (row numbers), every value from the row number.

    The shape: row numbers follow the days of the period, as ids follow intake in a
    live table (so a day's dossiers, and the open ones, lie together on disk), the
    same number each day (no counter work on Sundays: those move to Saturday);
    per row, independently: online 30 % of dossiers at the start of the
    period rising to 50 % at its end, received at any hour, else 07:30–17:00;
    by post 2 %; a quarter provincial procedures; an organisation for 35 % of the
    provincial and 4 % of the commune dossiers. Outcomes: 3 % refused, withdrawn
    or stopped; of the rest, early 60 %, on time 36 %, late 4 % (of which a
    quarter stuck for one to ten months), 8 % with one supplement request and
    1 % with two (late by rule). The due time is the limit in working days
    taken as calendar days × 7/5; what has not happened by the generation time
    is still open (one open dossier in ten waiting for a supplement).
    """
    now_s = period.seconds(period.anchor)
    merge_s = period.seconds(datetime.combine(MERGED_ON, dtime.min, tzinfo=VN_TZ))
    dow0 = period.start.weekday()
    days = period.days
    ts = dialect.ts
    name = case("(h14 % 8)", [f for f, _ in FAMILY])
    name += " || ' ' || " + case("((h14 / 8) % 5)", [m for m, _ in MIDDLE])
    name += " || ' ' || " + case("((h14 / 40) % 10)", [g for g, _ in GIVEN])
    search = case("(h14 % 8)", [f for _, f in FAMILY])
    search += " || ' ' || " + case("((h14 / 8) % 5)", [m for _, m in MIDDLE])
    search += " || ' ' || " + case("((h14 / 40) % 10)", [g for _, g in GIVEN])
    hashes = ", ".join(f"{h(k)} AS h{k}" for k in range(1, 16))
    # g1: the hashes; g2: day and channel; g3: receipt time; g4: procedure, agencies,
    # outcome and its time; g5: status and what follows from it.
    g1 = f"SELECT n, {hashes} FROM s"
    g2 = (
        f"SELECT g1.*, (n - 1) * {days} / {total} AS d0, "
        f"CASE WHEN h4 % 1000 < 300 + 200 * ((n - 1) * {days} / {total}) / {days} THEN '2' "
        f"WHEN h4 % 1000 >= 980 THEN '3' ELSE '1' END AS channel FROM ({g1}{dialect.fence}) g1"
    )
    day = (
        f"(CASE WHEN channel <> '2' AND ({dow0} + d0) % 7 = 6 "
        f"THEN CASE WHEN d0 > 0 THEN d0 - 1 ELSE d0 + 1 END ELSE d0 END)"
    )
    sec = "(CASE WHEN channel = '2' THEN h5 % 86400 ELSE 27000 + h5 % 34200 END)"
    rs0 = f"({day} * 86400 + {sec})"
    g3 = (
        f"SELECT g2.*, CASE WHEN {rs0} > {now_s} THEN {rs0} - 7 * 86400 ELSE {rs0} END AS rs "
        f"FROM ({g2}{dialect.fence}) g2"
    )
    receiving = (
        f"(CASE WHEN pr.provincial = 1 THEN {world.centre.pk} "
        f"WHEN cm.former_a > 0 AND rs < {merge_s} THEN "
        f"CASE WHEN h9 % 2 = 0 THEN cm.former_a ELSE cm.former_b END "
        f"ELSE cm.agency_id END)"
    )
    due = "(rs + ((pr.days * 7 + 4) / 5) * 86400)"
    due_day = f"(({due} / 86400) * 86400)"
    # kind: 0 closed without a result, 1 early, 2 on time, 3 late, 4 stuck (late)
    kind = (
        "(CASE WHEN h6 % 1000 < 30 THEN 0 WHEN h8 % 1000 BETWEEN 80 AND 89 THEN 3 "
        "WHEN h7 % 1000 < 600 THEN 1 WHEN h7 % 1000 < 960 THEN 2 "
        "WHEN h7 % 1000 < 990 THEN 3 ELSE 4 END)"
    )
    end = (
        f"(CASE {kind} WHEN 0 THEN rs + 3600 + h10 % ({due} - rs) "
        f"WHEN 1 THEN rs + 1800 + h10 % ({due_day} - rs - 1800) "
        f"WHEN 2 THEN {due_day} + h10 % ({due} - {due_day} + 1) "
        f"WHEN 3 THEN {due} + 3600 + h10 % 864000 "
        f"ELSE {due} + 2592000 + h10 % 25920000 END)"
    )
    g4 = (
        f"SELECT g3.*, pr.procedure_id, pr.fee, pr.days, pr.provincial, cm.name AS commune, "
        f"{receiving} AS receiving, "
        f"CASE WHEN pr.provincial = 1 THEN pr.department_id ELSE {receiving} END AS competent, "
        f"{due} AS due_s, {kind} AS kind, {end} AS end_s, "
        f"{end} + h11 % 259200 AS back_s, "
        f"CASE WHEN h8 % 1000 < 80 THEN 1 WHEN h8 % 1000 < 90 THEN 2 ELSE 0 END AS supplements "
        f"FROM ({g3}{dialect.fence}) g3 "
        "JOIN pr ON pr.bucket = g3.h1 % 1000 JOIN cm ON cm.bucket = g3.h2 % 1000"
    )
    status = (
        f"(CASE WHEN end_s > {now_s} THEN "
        f"CASE WHEN h12 % 10 = 0 THEN 'supplement_requested' ELSE "
        f"{case('((h12 / 10) % 5)', list(OPEN_STATUSES))} END "
        f"WHEN kind = 0 THEN {case('(h6 % 3)', list(CLOSED_WITHOUT_RESULT))} "
        f"WHEN back_s > {now_s} THEN 'result_ready' ELSE 'returned' END)"
    )
    g5 = f"SELECT g4.*, {status} AS status FROM ({g4}{dialect.fence}) g4"
    verdict = case("(CASE WHEN kind = 4 THEN 3 ELSE kind END - 1)", list(VERDICTS))
    organisation = "(h13 % 100 < CASE WHEN provincial = 1 THEN 35 ELSE 4 END)"
    decided = f"(kind > 0 AND end_s <= {now_s})"
    values = {
        "code": f"'{PREFIX}-' || {dialect.text('n')}",
        "procedure_id": "procedure_id",
        "receiving_agency_id": "receiving",
        "competent_agency_id": "competent",
        "current_agency_id": (
            "CASE WHEN status IN ('received', 'result_ready', 'returned', 'refused', "
            "'withdrawn', 'stopped') THEN receiving ELSE competent END"
        ),
        "status": "status",
        "channel": "channel",
        "applicant_kind": f"CASE WHEN {organisation} THEN 'organisation' ELSE 'person' END",
        "applicant_name": (
            f"CASE WHEN {organisation} THEN 'Công ty TNHH Thử nghiệm ' || "
            f"{dialect.text('h13 % 5000')} ELSE {name} END"
        ),
        "applicant_id": (
            f"CASE WHEN {organisation} THEN {dialect.text('4600000000 + h15 % 99999999')} "
            f"ELSE '0' || {dialect.text('24000000000 + h15 % 2000000000')} END"
        ),
        "applicant_search": (
            f"CASE WHEN {organisation} THEN 'cong ty tnhh thu nghiem ' || "
            f"{dialect.text('h13 % 5000')} ELSE {search} END"
        ),
        "applicant_birth_date": (
            f"CASE WHEN {organisation} THEN NULL ELSE "
            f"{dialect.day_plus(date(1945, 1, 1), 'h15 % 25000')} END"
        ),
        "applicant_sex": (
            f"CASE WHEN {organisation} THEN '' WHEN (h14 / 8) % 5 IN (1, 3) THEN 'female' "
            f"ELSE 'male' END"
        ),
        "applicant_address": (
            f"'Thôn ' || {dialect.text('h15 % 24 + 1')} || ', ' || commune "
            "|| ', Tỉnh Thử nghiệm 766'"
        ),
        "applicant_phone": f"'09' || {dialect.text('10000000 + h14 % 89999999')}",
        "applicant_verified_by": (
            f"CASE WHEN {organisation} THEN '' WHEN channel = '2' AND h13 % 10 < 7 THEN 'vneid' "
            f"WHEN channel <> '2' AND h13 % 10 < 4 THEN 'registry_local' ELSE '' END"
        ),
        "applicant_verification": (
            f"CASE WHEN {organisation} THEN '' WHEN channel = '2' AND h13 % 10 < 7 THEN 'matched' "
            f"WHEN channel <> '2' AND h13 % 10 < 4 THEN 'matched' ELSE '' END"
        ),
        "delivery": ("CASE channel WHEN '2' THEN 'online' WHEN '3' THEN 'post' ELSE 'counter' END"),
        "fee": "fee",
        "time_limit": "days",
        "time_limit_unit": "'days'",
        "received_at": ts("rs"),
        "counted_from": ts("rs"),
        "due_at": ts("due_s"),
        "finished_at": f"CASE WHEN {decided} THEN {ts('end_s')} ELSE NULL END",
        "timeliness": (
            f"CASE WHEN {decided} THEN {verdict} WHEN end_s > {now_s} AND due_s < {now_s} "
            f"AND status <> 'supplement_requested' THEN 'late' ELSE '' END"
        ),
        "closed_at": (
            f"CASE WHEN status = 'returned' THEN {ts('back_s')} "
            f"WHEN status IN {_in_text(CLOSED_WITHOUT_RESULT)} THEN {ts('end_s')} ELSE NULL END"
        ),
        "supplement_count": (
            "CASE WHEN status = 'supplement_requested' AND supplements = 0 THEN 1 "
            "ELSE supplements END"
        ),
        "result_number": (f"CASE WHEN {decided} THEN {dialect.text('n')} || '/KQ' ELSE '' END"),
        "synced_at": (
            f"CASE WHEN h12 % 100 < 92 AND rs + 600 <= {now_s} THEN {ts('rs + 600')} ELSE NULL END"
        ),
        "created_at": ts("rs"),
        "updated_at": ts(f"CASE WHEN end_s <= {now_s} THEN end_s ELSE rs END"),
    }
    with_ = f"{dialect.series(lo, hi)}, {_procedure_rows(world)}, {_commune_rows(world)}"
    return insert_select(Dossier, values, f"FROM ({g5}{dialect.fence}) g5", with_=with_)


def _in(ids: list[int]) -> str:
    return "(" + ", ".join(str(i) for i in ids) + ")"


def reuse_sql(world: World) -> list[str]:
    """A quarter of the dossiers have one checklist item the data store could give (a
    birth certificate already in the applicant's store); 55 % of those were taken from
    it. Only those items are generated, not the rest of the checklists."""
    agencies = _in(world.agency_ids)
    documents = insert_select(
        DossierDocument,
        {
            "dossier_id": "d.id",
            "name": "'Giấy khai sinh (bench)'",
            "from_store": f"CASE WHEN {h(16, 'd.id')} % 100 < 55 THEN TRUE ELSE FALSE END",
        },
        f"FROM dossiers_dossier d WHERE d.receiving_agency_id IN {agencies} "
        f"AND {h(17, 'd.id')} % 100 < 25",
    )
    reuses = insert_select(
        ItemReuse,
        {
            "item_id": "i.id",
            "held_at_intake": "TRUE",
            "entry_id": f"CASE WHEN i.from_store THEN {world.entry.pk} ELSE NULL END",
            "reused_at": "CASE WHEN i.from_store THEN d.received_at ELSE NULL END",
        },
        "FROM dossiers_dossierdocument i JOIN dossiers_dossier d ON d.id = i.dossier_id "
        f"WHERE d.receiving_agency_id IN {agencies}",
    )
    return [documents, reuses]


def rating_sql(world: World, dialect: Dialect) -> str:
    """One returned dossier in eight is rated: 6 % of the ratings "not satisfied"."""
    pick = f"{h(18, 'd.id')} % 100"
    value = f"CASE WHEN {pick} < 6 THEN 'bad' WHEN {pick} < 26 THEN 'fair' ELSE 'good' END"
    return insert_select(
        DossierRating,
        {"dossier_id": "d.id", "value": value, "at": dialect.shift("d.closed_at", 3600)},
        f"FROM dossiers_dossier d WHERE d.receiving_agency_id IN {_in(world.agency_ids)} "
        f"AND d.status = 'returned' AND {h(19, 'd.id')} % 8 = 0",
    )


def daily_count_sql(world: World, dialect: Dialect) -> tuple[str, list[str]]:
    """One INSERT ... SELECT ... GROUP BY filling ``reporting_dailycount`` from the
    generated dossiers, with the rules of ``reporting.services`` (``change_counts``,
    ``event_counts``, ``event_key``): each part below is one kind of event, on the day
    it counts on. Returns the SQL and the counters no generated data moves."""
    agencies = _in(world.agency_ids)
    scope = f"d.receiving_agency_id IN {agencies}"
    verdicts = _in_text(VERDICTS)
    parts: list[tuple[str, str, dict[str, str]]] = [
        # receipt (change_counts "receive"; event "synced" on the receipt day)
        (
            dialect.vn_day("d.received_at"),
            f"FROM dossiers_dossier d WHERE {scope}",
            {
                "received": "1",
                "received_online": "CASE WHEN d.channel = '2' THEN 1 ELSE 0 END",
                "received_person": "CASE WHEN d.applicant_kind = 'person' THEN 1 ELSE 0 END",
                "received_checked": "CASE WHEN d.applicant_verified_by <> '' THEN 1 ELSE 0 END",
                "synced": "CASE WHEN d.synced_at IS NOT NULL THEN 1 ELSE 0 END",
            },
        ),
        # reuse of a checklist item (event "reuse", on the receipt day)
        (
            dialect.vn_day("d.received_at"),
            "FROM warehouse_itemreuse r JOIN dossiers_dossierdocument i ON i.id = r.item_id "
            f"JOIN dossiers_dossier d ON d.id = i.dossier_id WHERE {scope}",
            {
                "items_reusable": (
                    "CASE WHEN r.held_at_intake OR r.entry_id IS NOT NULL THEN 1 ELSE 0 END"
                ),
                "items_reused": "CASE WHEN r.entry_id IS NOT NULL THEN 1 ELSE 0 END",
            },
        ),
        # issue of the result (change_counts "issue", with the stored verdict)
        (
            dialect.vn_day("d.finished_at"),
            f"FROM dossiers_dossier d WHERE {scope} AND d.finished_at IS NOT NULL "
            f"AND d.timeliness IN {verdicts}",
            {
                "decided_early": "CASE WHEN d.timeliness = 'early' THEN 1 ELSE 0 END",
                "decided_on_time": "CASE WHEN d.timeliness = 'on_time' THEN 1 ELSE 0 END",
                "decided_late": "CASE WHEN d.timeliness = 'late' THEN 1 ELSE 0 END",
                "decided_repeat_supplement": "CASE WHEN d.supplement_count > 1 THEN 1 ELSE 0 END",
                "handling_seconds": dialect.seconds_between("d.received_at", "d.finished_at"),
                "decided_e_result": (
                    "CASE WHEN EXISTS (SELECT 1 FROM dossiers_resultfile f "
                    "WHERE f.dossier_id = d.id AND f.uploaded_at <= d.finished_at) "
                    "THEN 1 ELSE 0 END"
                ),
                # Digitized needs an electronic result too, and none is generated.
                "decided_digitized": "0",
            },
        ),
        # the citizen's rating (event "rated", on the issue day)
        (
            dialect.vn_day("d.finished_at"),
            "FROM dossiers_dossierrating t JOIN dossiers_dossier d ON d.id = t.dossier_id "
            f"WHERE {scope} AND d.finished_at IS NOT NULL",
            {"rated": "1", "rated_negative": "CASE WHEN t.value = 'bad' THEN 1 ELSE 0 END"},
        ),
        # return, refusal, stop, withdrawal (change_counts, on the closing day)
        (
            dialect.vn_day("d.closed_at"),
            f"FROM dossiers_dossier d WHERE {scope} AND d.closed_at IS NOT NULL",
            {
                "returned": "CASE WHEN d.status = 'returned' THEN 1 ELSE 0 END",
                "closed_without_result": (
                    f"CASE WHEN d.status IN {_in_text(CLOSED_WITHOUT_RESULT)} THEN 1 ELSE 0 END"
                ),
            },
        ),
    ]
    moved = {c for _d, _f, counts in parts for c in counts}
    counters = [c for c in COUNTERS if c in moved]
    selects = []
    for day, tail, counts in parts:
        exprs = ", ".join(f"{counts.get(c, '0')} AS {c}" for c in counters)
        selects.append(
            f"SELECT d.receiving_agency_id AS ra, d.competent_agency_id AS ca, "
            f"d.procedure_id AS pr, {day} AS dd, {exprs} {tail}"
        )
    values = {
        "receiving_agency_id": "ra",
        "competent_agency_id": "ca",
        "procedure_id": "pr",
        "day": "dd",
        **{c: f"SUM({c})" for c in counters},
    }
    sql = insert_select(
        DailyCount,
        values,
        f"FROM ({' UNION ALL '.join(selects)}) e GROUP BY ra, ca, pr, dd ORDER BY dd, ra, pr",
    )
    return sql, [c for c in COUNTERS if c not in moved]


def monthly_count_sql(world: World, dialect: Dialect) -> str:
    """One INSERT ... SELECT ... GROUP BY filling ``reporting_monthlycount`` from the
    daily rows just generated: each month's row is the sum of its days' rows, as
    ``reporting.services.daily_count_add`` keeps it."""
    values = {
        "receiving_agency_id": "receiving_agency_id",
        "competent_agency_id": "competent_agency_id",
        "procedure_id": "procedure_id",
        "month": "mm",
        **{c: f"SUM({c})" for c in COUNTERS},
    }
    tail = (
        f"FROM (SELECT *, {dialect.month_of('day')} AS mm FROM reporting_dailycount "
        f"WHERE receiving_agency_id IN {_in(world.agency_ids)}) m "
        "GROUP BY receiving_agency_id, competent_agency_id, procedure_id, mm "
        "ORDER BY mm, receiving_agency_id, procedure_id"
    )
    return insert_select(MonthlyCount, values, tail)


def _in_text(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(q(v) for v in values) + ")"


# --- bulk loading on PostgreSQL ------------------------------------------------------------


@contextmanager
def bulk_load(tables: list[str], log: Log) -> Iterator[None]:
    """Drop the secondary indexes and foreign keys of ``tables``, load, re-create them
    (PostgreSQL, outside a transaction). Primary and unique keys stay."""
    saved: list[tuple[str, str]] = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            for name, definition in cursor.fetchall():
                saved.append((table, f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"))
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [table],
            )
            for name, definition in cursor.fetchall():
                saved.insert(0, (table, definition))
                cursor.execute(f"DROP INDEX {name}")
    log(f"dropped {len(saved)} indexes and foreign keys for the load")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for _table, definition in saved:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")
        log(f"re-created {len(saved)} indexes and foreign keys")


# --- the run --------------------------------------------------------------------------------


@dataclass
class Timing:
    label: str
    first_ms: float
    runs_ms: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms)


@dataclass
class Result:
    database: str
    dossiers: int
    period: Period
    month: tuple[date, date]
    generated: bool  # False: the data of an earlier --keep run was reused
    steps: list[tuple[str, float]]  # generation steps and seconds
    counts: dict[str, int]  # rows in the tables and the shape of the data
    not_generated: list[str]  # counters no generated data moves
    timings: dict[str, Timing]  # report / naive, whole / month
    figures: dict[str, dict[str, dict[str, int | None]]]  # period -> report/naive -> figures
    profile: list[tuple[float, str]]  # the report's queries, slowest first (ms, SQL)
    queries: int

    @property
    def agree(self) -> bool:
        return all(f["report"] == f["naive"] for f in self.figures.values())

    def rows(self) -> list[str]:
        lines = [
            f"{self.dossiers:,} dossiers, {self.period.start} to {self.period.end} "
            f"({'generated' if self.generated else 'reused from an earlier --keep run'})",
            "",
            "| step | seconds |",
            "|---|---|",
            *(f"| {label} | {seconds:.1f} |" for label, seconds in self.steps),
            "",
            "| rows | count |",
            "|---|---|",
            *(f"| {label} | {count:,} |" for label, count in self.counts.items()),
            "",
            "| period | report (median) | report (first) | naive full scan (median) "
            "| naive (first) | naive ÷ report |",
            "|---|---|---|---|---|---|",
        ]
        for key, label in (
            ("whole", f"{self.period.start} – {self.period.end}"),
            ("month", f"{self.month[0]} – {self.month[1]}"),
        ):
            report, naive = self.timings[f"report {key}"], self.timings[f"naive {key}"]
            lines.append(
                f"| {label} | {report.median_ms:.0f} ms | {report.first_ms:.0f} ms "
                f"| {naive.median_ms:.0f} ms | {naive.first_ms:.0f} ms "
                f"| {naive.median_ms / report.median_ms:.1f}× |"
            )
        if "ranking" in self.timings:
            ranked, daily = self.timings["ranking"], self.timings["ranking daily"]
            lines += [
                "",
                "| ranking, whole period | monthly + daily rows (median) | first "
                "| daily rows only (median) | first | ratio |",
                "|---|---|---|---|---|---|",
                f"| {len(self.figures['ranking']['report'])} communes and agencies "
                f"| {ranked.median_ms:.0f} ms | {ranked.first_ms:.0f} ms "
                f"| {daily.median_ms:.0f} ms | {daily.first_ms:.0f} ms "
                f"| {daily.median_ms / ranked.median_ms:.1f}× |",
            ]
        lines += [
            "",
            f"same figures from both: {'yes' if self.agree else 'NO'}; "
            f"the report ran {self.queries} queries",
        ]
        for key, both in self.figures.items():
            if key == "ranking":  # a hundred scores: told only when they differ
                if both["report"] != both["naive"]:
                    lines.append("- ranking: the two readings DIFFER")
                continue
            lines.append(f"- {key}: {both['report']}")
            if both["report"] != both["naive"]:
                lines.append(f"  naive: {both['naive']}")
        if self.not_generated:
            lines.append(f"counters no generated data moves: {', '.join(self.not_generated)}")
        lines += ["", "the report's queries, whole period, slowest first:"]
        lines += [f"- {ms:.1f} ms: {sql[:300]}" for ms, sql in self.profile]
        return lines


NAIVE_SQL = """\
SELECT
  SUM(CASE WHEN d.received_at >= %(since)s AND d.received_at < %(until)s
      THEN 1 ELSE 0 END) AS received,
  SUM(CASE WHEN d.received_at >= %(since)s AND d.received_at < %(until)s
      AND d.channel = '2' THEN 1 ELSE 0 END) AS received_online,
  SUM(CASE WHEN d.finished_at >= %(since)s AND d.finished_at < %(until)s
      AND d.timeliness = 'early' THEN 1 ELSE 0 END) AS decided_early,
  SUM(CASE WHEN d.finished_at >= %(since)s AND d.finished_at < %(until)s
      AND d.timeliness = 'on_time' THEN 1 ELSE 0 END) AS decided_on_time,
  SUM(CASE WHEN d.finished_at >= %(since)s AND d.finished_at < %(until)s
      AND d.timeliness = 'late' THEN 1 ELSE 0 END) AS decided_late,
  SUM(CASE WHEN d.finished_at >= %(since)s AND d.finished_at < %(until)s
      AND d.timeliness IN ('early', 'on_time', 'late') AND d.supplement_count > 1
      THEN 1 ELSE 0 END) AS decided_repeat_supplement,
  SUM(CASE WHEN d.status IN %(running)s THEN 1 ELSE 0 END) AS open,
  SUM(CASE WHEN d.status IN %(running)s AND d.due_at < %(now)s
      THEN 1 ELSE 0 END) AS now_late,
  SUM(CASE WHEN d.status IN %(running)s AND d.due_at >= %(now)s AND d.due_at < %(soon)s
      THEN 1 ELSE 0 END) AS due_soon
FROM dossiers_dossier d
JOIN units_agency a ON a.id = d.receiving_agency_id
WHERE a.unit_id IN %(units)s"""


def naive_figures(*, units: list[int], start: date, end: date) -> dict[str, int | None]:
    """The province figures by one full scan of the dossiers (``NAIVE_SQL``)."""
    from motcua.reporting.indicators import DUE_SOON

    now = timezone.now()
    since = datetime.combine(start, dtime.min, tzinfo=VN_TZ)
    until = datetime.combine(end + timedelta(days=1), dtime.min, tzinfo=VN_TZ)
    params = {
        "since": since,
        "until": until,
        "now": now,
        "soon": now + DUE_SOON,
        "running": tuple(sorted(CLOCK_RUNNING_STATUSES)),
        "units": tuple(units),
    }
    sql, args = _expand(NAIVE_SQL, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        row = cursor.fetchone()
        names = [c[0] for c in cursor.description]
    raw = {n: int(v or 0) for n, v in zip(names, row, strict=True)}
    decided = raw["decided_early"] + raw["decided_on_time"] + raw["decided_late"]
    return {
        "received": raw["received"],
        "online": raw["received_online"],
        "decided": decided,
        "on_time_or_early": raw["decided_early"] + raw["decided_on_time"],
        "repeat_supplement": raw["decided_repeat_supplement"],
        "open": raw["open"],
        "now_late": raw["now_late"],
        "due_soon": raw["due_soon"],
    }


def _expand(sql: str, params: dict[str, Any]) -> tuple[str, list[Any]]:
    """Named parameters to positional ``%s`` (tuples to lists of them), for both drivers."""
    args: list[Any] = []

    class Binder(dict[str, str]):
        def __missing__(self, key: str) -> str:
            value = params[key]
            if isinstance(value, tuple):
                args.extend(
                    connection.ops.adapt_datetimefield_value(v) if isinstance(v, datetime) else v
                    for v in value
                )
                return "(" + ", ".join(["%s"] * len(value)) + ")"
            args.append(
                connection.ops.adapt_datetimefield_value(value)
                if isinstance(value, datetime)
                else value
            )
            return "%s"

    return sql % Binder(), args


def report_figures(report: Any) -> dict[str, int | None]:
    """The same figures, as the report gives them."""
    found = {i.key: i for g in report.groups for i in g.indicators}

    def part(key: str, which: str) -> int | None:
        indicator = found.get(key)
        return getattr(indicator, which) if indicator is not None else None

    return {
        "received": part("online_rate", "denominator"),
        "online": part("online_rate", "numerator"),
        "decided": part("on_time_rate", "denominator"),
        "on_time_or_early": part("on_time_rate", "numerator"),
        "repeat_supplement": part("decided_repeat_supplement", "numerator"),
        "open": part("now_late", "denominator"),
        "now_late": part("now_late", "numerator"),
        "due_soon": part("due_soon", "numerator"),
    }


def province_report(start: date, end: date) -> Any:
    """What the API does for ``?unit=<province>&from=&to=``."""
    from motcua.reporting.indicators import indicators_report, target_get

    return indicators_report(target=target_get(code=PROVINCE_CODE), start=start, end=end)


def _ms(call: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = call()
    return (time.perf_counter() - t0) * 1000, value


def _meta_read() -> tuple[int, str, str, str] | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (dossiers bigint NOT NULL, "
            "start_day varchar(10) NOT NULL, end_day varchar(10) NOT NULL, "
            "anchor varchar(40) NOT NULL)"
        )
        cursor.execute(f"SELECT dossiers, start_day, end_day, anchor FROM {META_TABLE}")
        row = cursor.fetchone()
    return (int(row[0]), row[1], row[2], row[3]) if row else None


def _meta_write(dossiers: int, period: Period) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {META_TABLE}")
        cursor.execute(
            f"INSERT INTO {META_TABLE} VALUES (%s, %s, %s, %s)",
            [dossiers, period.start.isoformat(), period.end.isoformat(), period.anchor.isoformat()],
        )


def _bench_dossiers() -> models.QuerySet[Dossier]:
    return Dossier.objects.filter(receiving_agency__code__startswith=f"{PREFIX}.")


def generate(world: World, period: Period, dossiers: int, log: Log) -> list[tuple[str, float]]:
    """Generate the dossiers, the reusable items, the ratings and the aggregates."""
    dialect = Dialect(pg=connection.vendor == "postgresql", origin=period.origin)
    bulk = dialect.pg and dossiers >= BULK and not connection.in_atomic_block
    steps: list[tuple[str, float]] = []

    def step(label: str, sql: str | list[str]) -> None:
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            for statement in [sql] if isinstance(sql, str) else sql:
                cursor.execute(statement)
        steps.append((label, time.perf_counter() - t0))
        log(f"{label}: {steps[-1][1]:.1f} s")

    with connection.cursor() as cursor:
        if dialect.pg:
            cursor.execute("SET synchronous_commit = off")
            cursor.execute("SET work_mem = '1GB'")
    tables = [
        "dossiers_dossier",
        "dossiers_dossierdocument",
        "warehouse_itemreuse",
        "dossiers_dossierrating",
        "reporting_dailycount",
        "reporting_monthlycount",
    ]
    t0 = time.perf_counter()
    with bulk_load(tables, log) if bulk else _nothing():
        for lo in range(1, dossiers + 1, CHUNK):
            hi = min(lo + CHUNK - 1, dossiers)
            step(f"dossiers {lo:,}–{hi:,}", dossier_sql(world, period, dialect, lo, hi, dossiers))
        step("reusable checklist items and their reuse", reuse_sql(world))
        step("ratings", rating_sql(world, dialect))
        sql, _ = daily_count_sql(world, dialect)
        step("daily counts (one GROUP BY over the dossiers)", sql)
        step(
            "monthly counts (one GROUP BY over the daily counts)", monthly_count_sql(world, dialect)
        )
        t_index = time.perf_counter()
    if bulk:
        steps.append(("indexes and foreign keys re-created", time.perf_counter() - t_index))
    with connection.cursor() as cursor:
        t1 = time.perf_counter()
        for table in [*tables, *WORLD_TABLES]:
            cursor.execute(f"{'VACUUM (ANALYZE)' if bulk else 'ANALYZE'} {table}")
        steps.append(("VACUUM ANALYZE" if bulk else "ANALYZE", time.perf_counter() - t1))
        if dialect.pg:
            cursor.execute("RESET synchronous_commit")
            cursor.execute("RESET work_mem")
    steps.append(("total", time.perf_counter() - t0))
    return steps


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def shape(world: World) -> dict[str, int]:
    """Row counts of what was generated, and how the dossiers stand."""
    dossiers = _bench_dossiers()
    by_status = dict(dossiers.values_list("status").annotate(n=models.Count("pk")).order_by())
    open_ = sum(by_status.get(s, 0) for s in [*OPEN_STATUSES, "supplement_requested"])
    now = timezone.now()
    return {
        "dossiers": sum(by_status.values()),
        "returned": by_status.get("returned", 0),
        "result ready, not yet returned": by_status.get("result_ready", 0),
        "refused, withdrawn or stopped": sum(by_status.get(s, 0) for s in CLOSED_WITHOUT_RESULT),
        "open (waiting for a supplement included)": open_,
        "open and past due (clock running)": dossiers.filter(
            status__in=CLOCK_RUNNING_STATUSES, due_at__lt=now
        ).count(),
        "received online": dossiers.filter(channel="2").count(),
        "reusable checklist items": ItemReuse.objects.filter(
            item__dossier__receiving_agency__code__startswith=f"{PREFIX}."
        ).count(),
        "ratings": DossierRating.objects.filter(
            dossier__receiving_agency__code__startswith=f"{PREFIX}."
        ).count(),
        "daily count rows": DailyCount.objects.filter(
            receiving_agency__code__startswith=f"{PREFIX}."
        ).count(),
        "monthly count rows": MonthlyCount.objects.filter(
            receiving_agency__code__startswith=f"{PREFIX}."
        ).count(),
        "agencies": len(world.agency_ids),
        "units": 1 + len(world.communes) + sum(len(f) for _u, _a, f in world.communes),
        "procedures": len(world.procedures),
    }


def _ranking_codes(world: World, period: Period, *, daily_only: bool) -> dict[str, int | None]:
    """The province's ranking (communes and agencies) as {code: total in hundredths};
    ``daily_only``: read from the daily rows alone, the baseline."""
    from motcua.reporting import rankings
    from motcua.reporting.models import DailyCount

    def daily_rows(where: Any, start: date, end: date) -> tuple[None, Any]:
        return None, DailyCount.objects.filter(where, day__gte=start, day__lte=end)

    with mock.patch.object(rankings, "period_rows", daily_rows) if daily_only else _nothing():
        ranked = rankings.ranking(province=world.province, start=period.start, end=period.end)
    return {
        r.target.code: None if r.total is None else round(r.total * 100)
        for r in [*ranked.communes, *ranked.agencies]
    }


def measure(
    world: World, period: Period, repeat: int, log: Log
) -> tuple[
    dict[str, Timing], dict[str, dict[str, dict[str, int | None]]], list[tuple[float, str]], int
]:
    """The report and the naive scan, alternating, ``repeat`` times each after a first run."""
    from motcua.units.selectors import unit_ids_in_province

    units = sorted(unit_ids_in_province(world.province))
    month = period.last_month()
    with connection.cursor() as cursor:
        for table in WORLD_TABLES:
            cursor.execute(f"ANALYZE {table}")
    timings: dict[str, Timing] = {}
    figures: dict[str, dict[str, dict[str, int | None]]] = {}
    for key, (start, end) in (("whole", (period.start, period.end)), ("month", month)):
        report_call = functools.partial(province_report, start, end)
        naive_call = functools.partial(naive_figures, units=units, start=start, end=end)
        first_report, report = _ms(report_call)
        first_naive, naive = _ms(naive_call)
        figures[key] = {"report": report_figures(report), "naive": naive}
        runs: dict[str, list[float]] = {"report": [], "naive": []}
        for _ in range(repeat):
            runs["report"].append(_ms(report_call)[0])
            runs["naive"].append(_ms(naive_call)[0])
        timings[f"report {key}"] = Timing(f"report {key}", first_report, runs["report"])
        timings[f"naive {key}"] = Timing(f"naive {key}", first_naive, runs["naive"])
        log(
            f"{key}: report {statistics.median(runs['report']):.0f} ms, "
            f"naive {statistics.median(runs['naive']):.0f} ms"
        )
    # The ranking of every commune and agency over the whole period, against the same
    # ranking read from the daily rows alone (what it read before the monthly rows).
    ranked_call = functools.partial(_ranking_codes, world, period, daily_only=False)
    daily_call = functools.partial(_ranking_codes, world, period, daily_only=True)
    first_ranked, ranked = _ms(ranked_call)
    first_daily, daily = _ms(daily_call)
    runs = {"ranking": [], "daily": []}
    for _ in range(repeat):
        runs["ranking"].append(_ms(ranked_call)[0])
        runs["daily"].append(_ms(daily_call)[0])
    timings["ranking"] = Timing("ranking", first_ranked, runs["ranking"])
    timings["ranking daily"] = Timing("ranking daily", first_daily, runs["daily"])
    figures["ranking"] = {"report": ranked, "naive": daily}
    log(
        f"ranking: {statistics.median(runs['ranking']):.0f} ms, "
        f"daily rows only {statistics.median(runs['daily']):.0f} ms"
    )
    # One more report, each query timed, to show where its time goes.
    profile: list[tuple[float, str]] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            profile.append(((time.perf_counter() - t0) * 1000, sql))

    with connection.execute_wrapper(timed):
        province_report(period.start, period.end)
    return timings, figures, sorted(profile, reverse=True), len(profile)


def cleanup(log: Log = lambda _line: None) -> None:
    """Delete everything the bench made: dossiers (by id ranges of 200,000, in the order
    of the foreign keys), aggregates, the world and the marker table."""
    agencies = list(
        Agency.objects.filter(code__startswith=f"{PREFIX}.").values_list("pk", flat=True)
    )
    if agencies:
        scope = f"receiving_agency_id IN {_in(agencies)}"
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM reporting_dailycount WHERE {scope}")
            cursor.execute(f"DELETE FROM reporting_monthlycount WHERE {scope}")
            cursor.execute(f"SELECT MIN(id), MAX(id) FROM dossiers_dossier WHERE {scope}")
            lo, hi = cursor.fetchone()
            step = 200_000
            for start in range(lo or 1, (hi or 0) + 1, step):
                ids = f"d.id BETWEEN {start} AND {start + step - 1} AND d.{scope}"
                docs = (
                    "SELECT i.id FROM dossiers_dossierdocument i "
                    f"JOIN dossiers_dossier d ON d.id = i.dossier_id WHERE {ids}"
                )
                cursor.execute(f"DELETE FROM warehouse_itemreuse WHERE item_id IN ({docs})")
                cursor.execute(f"DELETE FROM dossiers_dossierdocument WHERE id IN ({docs})")
                cursor.execute(
                    f"DELETE FROM dossiers_dossierrating WHERE dossier_id IN "
                    f"(SELECT d.id FROM dossiers_dossier d WHERE {ids})"
                )
                cursor.execute(
                    f"DELETE FROM dossiers_dossier WHERE id IN "
                    f"(SELECT d.id FROM dossiers_dossier d WHERE {ids})"
                )
        log(f"deleted the dossiers of {len(agencies)} bench agencies")
    with transaction.atomic():
        StoreEntry.objects.filter(store__owner_id=f"{PREFIX}000000000").delete()
        DataStore.objects.filter(owner_id=f"{PREFIX}000000000").delete()
        Procedure.objects.filter(code__startswith=f"{PREFIX}.").delete()
        Field.objects.filter(code=f"{PREFIX}-field").delete()
        Agency.objects.filter(code__startswith=f"{PREFIX}.").delete()
        units = AdministrativeUnit.objects.filter(code__startswith=PREFIX)
        units.filter(valid_to__isnull=False).delete()
        units.exclude(level="province").delete()
        units.delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {META_TABLE}")


def run(
    *,
    dossiers: int,
    years: int = 2,
    repeat: int = 5,
    keep: bool = False,
    log: Log = lambda _line: None,
) -> Result:
    """Generate (or reuse) the province, measure, and clean up unless ``keep``."""
    if not 1 <= dossiers <= MAX_DOSSIERS:
        raise BenchRefused(f"--dossiers must be between 1 and {MAX_DOSSIERS:,}.")
    if not 1 <= years <= 5:
        raise BenchRefused("--years must be between 1 and 5 (a report covers at most five).")
    if connection.vendor == "sqlite" and dossiers > SQLITE_MAX:
        raise BenchRefused(
            f"{dossiers:,} dossiers need PostgreSQL: on SQLite the bench stops at "
            f"{SQLITE_MAX:,}. Run it with DATABASE_URL=postgres://... on a scratch database."
        )
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise BenchRefused(f"the bench speaks PostgreSQL and SQLite, not {connection.vendor}")
    meta = _meta_read()
    period = period_of(years=years, now=timezone.now())
    reuse = (
        meta is not None
        and meta[0] == dossiers
        and date.fromisoformat(meta[2]) - date.fromisoformat(meta[1]) == period.end - period.start
        and _bench_dossiers().count() == dossiers
    )
    try:
        if reuse:
            assert meta is not None
            period = Period(
                date.fromisoformat(meta[1]),
                date.fromisoformat(meta[2]),
                datetime.fromisoformat(meta[3]),
            )
            log(f"reusing the {dossiers:,} dossiers generated on {period.end}")
            world = world_build()
            steps: list[tuple[str, float]] = []
        else:
            if meta is not None or Agency.objects.filter(code__startswith=f"{PREFIX}.").exists():
                log("deleting an earlier run's data")
                cleanup(log)
                _meta_read()
            world = world_build()
            steps = generate(world, period, dossiers, log)
            _meta_write(dossiers, period)
        _, not_generated = daily_count_sql(
            world, Dialect(pg=connection.vendor == "postgresql", origin=period.origin)
        )
        counts = shape(world)
        timings, figures, profile, queries = measure(world, period, repeat, log)
        return Result(
            database=connection.vendor,
            dossiers=dossiers,
            period=period,
            month=period.last_month(),
            generated=not reuse,
            steps=steps,
            counts=counts,
            not_generated=not_generated,
            timings=timings,
            figures=figures,
            profile=profile,
            queries=queries,
        )
    finally:
        if not keep:
            cleanup(log)

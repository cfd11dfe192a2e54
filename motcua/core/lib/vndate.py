"""Vietnamese date and time wording for official papers, free of Django.

Decree 30/2020 writes the place-and-date line with zero-padded day and month
("Bắc Ninh, ngày 05 tháng 01 năm 2026"); the one-stop forms give times as
"10 giờ 05 phút, ngày 13/02/2026". Aware datetimes are shown in Vietnam time.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# The administrative prefixes dropped from a province's name on the date line.
_PLACE_PREFIXES = ("Thành phố ", "Tỉnh ")


def to_vn(moment: datetime) -> datetime:
    """The same instant in Vietnam time. A naive datetime is taken as Vietnam time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


def place_name(province_name: str) -> str:
    """Drop the rank: "Tỉnh Bắc Ninh" gives "Bắc Ninh", as the date line names the place."""
    for prefix in _PLACE_PREFIXES:
        if province_name.startswith(prefix):
            return province_name[len(prefix) :]
    return province_name


def vn_date_words(day: date) -> str:
    """The date in words: "ngày 05 tháng 01 năm 2026"."""
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def vn_place_date(place: str, moment: date | datetime) -> str:
    """The place-and-date line: "Bắc Ninh, ngày 05 tháng 01 năm 2026" (Decree 30/2020)."""
    day = to_vn(moment).date() if isinstance(moment, datetime) else moment
    return f"{place}, {vn_date_words(day)}"


def vn_day(moment: date | datetime) -> str:
    """The date in digits: "13/02/2026"."""
    day = to_vn(moment).date() if isinstance(moment, datetime) else moment
    return day.strftime("%d/%m/%Y")


def vn_time(moment: datetime) -> str:
    """The time as the forms give it: "10 giờ 05 phút, ngày 13/02/2026", in Vietnam time."""
    local = to_vn(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, ngày {vn_day(local)}"

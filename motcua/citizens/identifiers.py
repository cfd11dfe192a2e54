"""Checks of the personal identification number and of tax codes.

Personal ID number (12 digits): ``PPP G YY RRRRRR`` — PPP the province where
the birth was registered (codes of the 63 pre-2025 provinces), G century and
sex (0/1 male/female born 1900–1999, 2/3 in 2000–2099, 4/5 in 2100–2199, ...),
YY the last two digits of the birth year, then six random digits. There is
no check digit, so the useful check is consistency with what is declared.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

_CODES_FILE = Path(__file__).with_name("province_codes.csv")


class IdentifierError(ValueError):
    """An identifier is malformed or contradicts the declared data; the message says how."""


@lru_cache(maxsize=1)
def province_codes() -> dict[str, str]:
    with _CODES_FILE.open(encoding="utf-8") as handle:
        return {row["code"]: row["province_before_2025"] for row in csv.DictReader(handle)}


@dataclass(frozen=True)
class PersonalId:
    number: str
    province_code: str
    province_name: str
    sex: str  # "male" | "female"
    birth_year: int


def parse_personal_id(raw: str) -> PersonalId:
    number = "".join(raw.split())
    # ASCII only: str.isdigit() also accepts "²" and other scripts' digits, which int() refuses.
    if not re.fullmatch(r"[0-9]{12}", number):
        raise IdentifierError(
            _("The personal ID number must have exactly 12 digits; got “%(raw)s”.") % {"raw": raw}
        )
    province = number[:3]
    names = province_codes()
    if province not in names:
        raise IdentifierError(
            _(
                "The personal ID number %(number)s starts with %(code)s, which is not a "
                "province code."
            )
            % {"number": number, "code": province}
        )
    gender_digit = int(number[3])
    century = 1900 + 100 * (gender_digit // 2)
    return PersonalId(
        number=number,
        province_code=province,
        province_name=names[province],
        sex="male" if gender_digit % 2 == 0 else "female",
        birth_year=century + int(number[4:6]),
    )


def check_personal_id(
    raw: str, *, birth_date: date | None = None, sex: str | None = None
) -> PersonalId:
    """Parse the number and check it against the declared birth date and sex."""
    parsed = parse_personal_id(raw)
    if birth_date is not None and birth_date.year != parsed.birth_year:
        raise IdentifierError(
            _(
                "The personal ID number %(number)s belongs to someone born in %(id_year)s, "
                "but the birth date given is in %(year)s."
            )
            % {"number": parsed.number, "id_year": parsed.birth_year, "year": birth_date.year}
        )
    if sex is not None and sex in {"male", "female"} and sex != parsed.sex:
        message = (
            _(
                "The personal ID number %(number)s belongs to a man, but the applicant is "
                "declared female."
            )
            if parsed.sex == "male"
            else _(
                "The personal ID number %(number)s belongs to a woman, but the applicant "
                "is declared male."
            )
        )
        raise IdentifierError(message % {"number": parsed.number})
    return parsed


def check_tax_code(raw: str) -> str:
    """Return the compact tax code (10 digits, or 13 for a branch) or raise."""
    try:
        return str(mst.validate(raw))
    except StdnumError:
        raise IdentifierError(_("“%(raw)s” is not a valid tax code.") % {"raw": raw}) from None

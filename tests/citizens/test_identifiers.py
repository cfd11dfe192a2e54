"""Personal ID numbers and tax codes as checked at the counter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.utils import translation

from motcua.citizens.identifiers import (
    IdentifierError,
    check_personal_id,
    check_tax_code,
    parse_personal_id,
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("number", "province", "sex", "year"),
    [
        ("001090123456", "Hà Nội", "male", 1990),
        ("024195012345", "Bắc Giang", "female", 1995),
        ("027203001234", "Bắc Ninh", "male", 2003),
        ("079318765432", "TP. Hồ Chí Minh", "female", 2018),
        ("001400000001", "Hà Nội", "male", 2100),
    ],
)
def test_valid_numbers_are_parsed(number: str, province: str, sex: str, year: int) -> None:
    parsed = parse_personal_id(number)
    assert (parsed.province_name, parsed.sex, parsed.birth_year) == (province, sex, year)


def test_spaces_are_ignored() -> None:
    assert parse_personal_id("001 0 90 123456").number == "001090123456"


@pytest.mark.parametrize("number", ["00109012345", "0010901234567", "", "00109012345a"])
def test_wrong_length_or_non_digits_are_refused(number: str) -> None:
    with pytest.raises(IdentifierError, match="exactly 12 digits"):
        parse_personal_id(number)


@pytest.mark.parametrize(
    "number",
    [
        "024²90001234",  # a superscript two
        "٠٢٤٠٩٠٠٠١٢٣٤",  # Arabic-Indic digits
        "０２４０９０００１２３４",  # full-width digits
    ],
)
def test_digits_other_than_ascii_are_refused_as_malformed(number: str) -> None:
    with pytest.raises(IdentifierError, match="exactly 12 digits"):
        parse_personal_id(number)


def test_unknown_province_code_is_refused() -> None:
    with pytest.raises(IdentifierError, match="starts with 003, which is not a province code"):
        parse_personal_id("003090123456")


def test_century_digits_2_and_3_mean_born_in_the_2000s() -> None:
    assert parse_personal_id("001205000001").birth_year == 2005
    assert parse_personal_id("001305000001").birth_year == 2005
    assert parse_personal_id("001305000001").sex == "female"


def test_matching_birth_date_and_sex_pass() -> None:
    parsed = check_personal_id("027203001234", birth_date=date(2003, 5, 1), sex="male")
    assert parsed.province_code == "027"


def test_birth_year_mismatch_is_explained() -> None:
    with pytest.raises(IdentifierError, match="born in 1990, but the birth date given is in 1991"):
        check_personal_id("001090123456", birth_date=date(1991, 1, 1))


def test_a_mans_number_declared_female_is_refused() -> None:
    with pytest.raises(IdentifierError, match="belongs to a man, but the applicant is declared"):
        check_personal_id("001090123456", sex="female")


def test_a_womans_number_declared_male_is_refused() -> None:
    with pytest.raises(IdentifierError, match="belongs to a woman, but the applicant is declared"):
        check_personal_id("024195012345", sex="male")


def test_unknown_sex_value_is_not_checked() -> None:
    assert check_personal_id("024195012345", sex="other").sex == "female"


@pytest.mark.parametrize("code", ["0100233583", "0100233583-001", " 0100233583 "])
def test_valid_tax_codes(code: str) -> None:
    assert check_tax_code(code).startswith("0100233583")


@pytest.mark.parametrize("code", ["0100233584", "010023358", "abcdefghij", ""])
def test_invalid_tax_codes_are_refused(code: str) -> None:
    with pytest.raises(IdentifierError, match="not a valid tax code"):
        check_tax_code(code)

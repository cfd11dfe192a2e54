"""Finding procedures without typing accents."""

from __future__ import annotations

import pytest

from motcua.catalogue.models import Procedure
from motcua.catalogue.selectors import procedure_get, procedure_list
from motcua.core.errors import NotFound

pytestmark = pytest.mark.django_db


def names(query: str) -> list[str]:
    return list(procedure_list(query=query).values_list("name", flat=True))


def test_search_without_accents_finds_marriage_registration(seeded: int) -> None:
    assert "Đăng ký kết hôn" in names("dang ky ket hon")


def test_search_ignores_case_spacing_and_word_order(seeded: int) -> None:
    assert "Đăng ký kết hôn" in names("  KẾT   hôn đăng ")


def test_search_matches_the_code(seeded: int) -> None:
    assert names("1.001193") == ["Đăng ký khai sinh"]


def test_search_maps_d_with_stroke(seeded: int) -> None:
    assert "Đăng ký thường trú" in names("dang ky thuong tru")
    assert names("đăng ký thường trú") == names("dang ky thuong tru")


def test_search_that_matches_nothing_is_empty(seeded: int) -> None:
    assert names("khong co thu tuc nay") == []


def test_project06_services_come_first_by_number(seeded: int) -> None:
    numbers = [p.project06_number for p in procedure_list()]
    assert numbers[:25] == list(range(1, 26))
    assert all(n is None for n in numbers[25:])
    codes = [p.code for p in procedure_list(project06_first=False)]
    assert codes == sorted(codes)


def test_inactive_procedures_are_left_out_unless_asked(seeded: int) -> None:
    Procedure.objects.filter(code="1.000894").update(is_active=False)
    assert "Đăng ký kết hôn" not in names("ket hon")
    found = procedure_list(query="ket hon", include_inactive=True)
    assert found.filter(code="1.000894").exists()


def test_procedure_get_by_code(seeded: int) -> None:
    assert procedure_get(code="1.000894").name == "Đăng ký kết hôn"
    with pytest.raises(NotFound):
        procedure_get(code="9.999999")

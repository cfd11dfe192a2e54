"""Loading the 2025 administrative units and their pre-2025 predecessors."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from motcua.core.errors import NotFound
from motcua.core.models import AuditEntry
from motcua.units.models import AdministrativeUnit
from motcua.units.selectors import unit_current, unit_get, unit_list
from motcua.units.services import units_load_from_package, units_seed_predecessors

pytestmark = pytest.mark.django_db

Level = AdministrativeUnit.Level


def test_loading_province_24_gives_the_merged_bac_ninh_with_99_communes() -> None:
    report = units_load_from_package(province_codes=[24])
    assert (report.provinces, report.communes, report.created) == (1, 99, 100)
    province = AdministrativeUnit.objects.get(code="24")
    assert province.name == "Bắc Ninh"
    assert province.level == Level.PROVINCE
    assert province.valid_from == date(2025, 7, 1)
    assert province.children.count() == 99


def test_commune_codes_are_five_digits_with_their_province_as_parent() -> None:
    units_load_from_package(province_codes=[24])
    commune = AdministrativeUnit.objects.select_related("parent").get(code="07594")
    assert commune.name == "Xã Đèo Gia"
    assert commune.level == Level.COMMUNE
    assert commune.parent is not None and commune.parent.code == "24"


def test_single_digit_province_codes_are_zero_padded() -> None:
    units_load_from_package(province_codes=[1])
    assert AdministrativeUnit.objects.get(code="01").name == "Thành phố Hà Nội"


def test_the_whole_country_has_34_provinces_and_3321_communes() -> None:
    report = units_load_from_package()
    assert (report.provinces, report.communes) == (34, 3321)
    assert AdministrativeUnit.objects.filter(level=Level.PROVINCE).count() == 34
    assert AdministrativeUnit.objects.filter(level=Level.COMMUNE, parent__isnull=False).count() == (
        3321
    )


def test_loading_twice_changes_nothing() -> None:
    units_load_from_package(province_codes=[24])
    again = units_load_from_package(province_codes=[24])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 100)
    assert AdministrativeUnit.objects.count() == 100


def test_loading_repairs_an_edited_name_and_keeps_an_administrators_end_date() -> None:
    units_load_from_package(province_codes=[24])
    AdministrativeUnit.objects.filter(code="07594").update(name="typo", valid_to=date(2030, 1, 1))
    report = units_load_from_package(province_codes=[24])
    assert report.updated == 1
    unit = AdministrativeUnit.objects.get(code="07594")
    assert (unit.name, unit.valid_to) == ("Xã Đèo Gia", date(2030, 1, 1))


def test_a_load_is_audited() -> None:
    units_load_from_package(province_codes=[24])
    entry = AuditEntry.objects.get(action="units.load")
    assert entry.object_id == "24"
    assert entry.data == {"created": 100, "updated": 0}


def test_predecessors_resolve_to_their_successor() -> None:
    units_seed_predecessors()  # loads province 24 itself when missing
    expected = {
        "old-24": "24",
        "old-27": "24",
        "old-07609": "07594",
        "old-07594": "07594",
        "old-07231": "07210",
    }
    for old, new in expected.items():
        assert unit_current(unit_get(code=old)).code == new
        assert AdministrativeUnit.objects.get(code=old).current().code == new


def test_predecessors_end_before_the_reform_and_are_marked_as_samples() -> None:
    units_seed_predecessors()
    old = AdministrativeUnit.objects.filter(code__startswith="old-")
    assert old.count() == 7
    assert set(old.values_list("valid_to", flat=True)) == {date(2025, 6, 30)}
    assert all(old.values_list("is_sample", flat=True))
    deo_gia = AdministrativeUnit.objects.get(code="old-07609")
    assert deo_gia.parent is not None and deo_gia.parent.name == "Huyện Lục Ngạn"
    assert deo_gia.parent.level == Level.DISTRICT


def test_a_current_unit_is_its_own_current() -> None:
    units_load_from_package(province_codes=[24])
    unit = unit_get(code="07210")
    assert unit_current(unit) == unit


def test_seeding_predecessors_twice_changes_nothing() -> None:
    units_seed_predecessors()
    again = units_seed_predecessors()
    assert (again.created, again.updated) == (0, 0)


def test_unit_list_by_validity_day() -> None:
    units_seed_predecessors()
    before = unit_list(level=Level.PROVINCE, valid_on=date(2025, 6, 1))
    after = unit_list(level=Level.PROVINCE, valid_on=date(2025, 7, 1))
    assert set(before.values_list("code", flat=True)) == {"old-24", "old-27"}
    assert set(after.values_list("code", flat=True)) == {"24"}


def test_unknown_unit_code_is_not_found() -> None:
    with pytest.raises(NotFound):
        unit_get(code="99999")


def test_load_units_command() -> None:
    out = StringIO()
    call_command("load_units", "--province", "24", "--predecessors", stdout=out)
    assert "1 provinces, 0 districts, 99 communes: 100 created" in out.getvalue()
    assert AdministrativeUnit.objects.filter(code__startswith="old-").count() == 7

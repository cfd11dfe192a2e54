"""``motcua due``: the due time printed for a receipt time and a limit."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.units.models import AdministrativeUnit, Agency

pytestmark = pytest.mark.django_db

SATURDAY_MORNINGS = {str(day): [["07:30", "11:30"], ["13:00", "17:00"]] for day in range(5)} | {
    "5": [["07:30", "11:30"]]
}


def due(*args: str, **options: Any) -> str:
    out = StringIO()
    call_command("due", *args, stdout=out, **options)
    return out.getvalue().strip()


@pytest.fixture
def saturday_commune() -> Agency:
    unit = AdministrativeUnit.objects.create(code="07594", name="Xã Đèo Gia", level="commune")
    return Agency.objects.create(
        code="000.21.24.H24",
        name="UBND xã Đèo Gia",
        kind="committee",
        unit=unit,
        office_hours=SATURDAY_MORNINGS,
    )


def test_three_working_days_across_tet() -> None:
    assert due("--at", "2026-02-13T10:00", "--days", "3") == "2026-02-25T10:00"


def test_working_hours_limit() -> None:
    assert due("--at", "2026-03-02T16:00", "--hours", "3") == "2026-03-03T09:30"


def test_cutoff_moves_the_start_to_the_next_working_day() -> None:
    assert due("--at", "2026-03-03T15:30", "--days", "1", "--cutoff", "15:00") == (
        "2026-03-05T07:30"
    )


def test_days_received_before_the_cutoff_count_from_that_day() -> None:
    assert due("--at", "2026-03-03T14:30", "--days", "2", "--cutoff", "15:00") == (
        "2026-03-05T14:30"
    )


def test_same_day_is_due_at_the_close_of_that_working_day() -> None:
    assert due("--at", "2026-02-13T10:00", "--same-day") == "2026-02-13T17:00"


def test_same_day_after_the_cutoff_is_due_at_the_close_of_the_next_working_day() -> None:
    assert due("--at", "2026-03-06T15:30", "--same-day", "--cutoff", "15:00") == (
        "2026-03-09T17:00"
    )


def test_same_day_cannot_be_combined_with_days() -> None:
    with pytest.raises(CommandError):
        due("--at", "2026-02-13T10:00", "--same-day", "--days", "1")


def test_aware_receipt_time_is_printed_in_vietnam_time() -> None:
    assert due("--at", "2026-03-02T03:00+00:00", "--days", "1") == "2026-03-03T10:00"


def test_unit_office_hours_apply(saturday_commune: Agency) -> None:
    # This commune opens Saturday mornings, so Friday + 1 working day is Saturday.
    assert due("--at", "2026-03-06T10:00", "--days", "1") == "2026-03-09T10:00"
    assert due("--at", "2026-03-06T10:00", "--days", "1", "--unit", "000.21.24.H24") == (
        "2026-03-07T10:00"
    )


def test_unit_hours_count_working_hours_on_saturday(saturday_commune: Agency) -> None:
    assert due("--at", "2026-03-06T16:30", "--hours", "2", "--unit", "000.21.24.H24") == (
        "2026-03-07T09:00"
    )


def test_invalid_unit_office_hours_are_a_helpful_error(saturday_commune: Agency) -> None:
    Agency.objects.filter(pk=saturday_commune.pk).update(office_hours={"0": [["17:00", "07:30"]]})
    with pytest.raises(CommandError, match=r"office hours of agency 000\.21\.24\.H24 are not"):
        due("--at", "2026-02-13T10:00", "--days", "3", "--unit", "000.21.24.H24")


def test_unknown_unit_is_a_helpful_error() -> None:
    with pytest.raises(CommandError, match=r"No agency has the electronic identifier 000\.99"):
        due("--at", "2026-02-13T10:00", "--days", "3", "--unit", "000.99.99.H99")


def test_days_or_hours_is_required() -> None:
    with pytest.raises(CommandError):
        due("--at", "2026-02-13T10:00")


def test_bad_receipt_time_is_refused() -> None:
    with pytest.raises(CommandError):
        due("--at", "13/02/2026", "--days", "3")

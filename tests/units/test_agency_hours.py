"""An agency's office hours: refused when malformed, survived when stored anyway."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from motcua.core.calendar import calendar_for
from motcua.core.lib.workcalendar import DEFAULT_HOURS
from motcua.units.models import AdministrativeUnit, Agency

pytestmark = pytest.mark.django_db

SATURDAY_MORNINGS = {str(day): [["07:30", "11:30"], ["13:00", "17:00"]] for day in range(5)} | {
    "5": [["07:30", "11:30"]]
}


@pytest.fixture
def agency() -> Agency:
    unit = AdministrativeUnit.objects.create(code="07594", name="Xã Đèo Gia", level="commune")
    return Agency.objects.create(
        code="000.21.24.H24", name="UBND xã Đèo Gia", kind="committee", unit=unit
    )


@pytest.mark.parametrize("spec", [None, {}, SATURDAY_MORNINGS, {"6": [["08:00", "11:00"]]}])
def test_valid_office_hours_pass(agency: Agency, spec: Any) -> None:
    agency.office_hours = spec
    agency.full_clean()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ([["07:30", "11:30"]], "must map weekdays"),
        ("07:30-17:00", "must map weekdays"),
        ({"7": [["07:30", "11:30"]]}, "“7” is not a weekday"),
        ({"-1": [["07:30", "11:30"]]}, "“-1” is not a weekday"),
        ({"monday": [["07:30", "11:30"]]}, "“monday” is not a weekday"),
        ({"0": "07:30-11:30"}, "Monday: give a list of intervals"),
        ({"0": [["7h30", "11:30"]]}, "Monday: .* is not an interval"),
        ({"0": [["07:30", "24:00"]]}, "Monday: .* is not an interval"),
        ({"0": [["07:30"]]}, "Monday: .* is not an interval"),
        ({"0": [["07:30", "11:30", "13:00"]]}, "Monday: .* is not an interval"),
        ({"0": [[730, 1130]]}, "Monday: .* is not an interval"),
        ({"1": [["11:30", "07:30"]]}, "Tuesday: the interval 11:30–07:30 ends before it begins"),
        ({"1": [["13:00", "13:00"]]}, "Tuesday: the interval 13:00–13:00 ends before it begins"),
        ({"2": [["07:30", "12:00"], ["11:00", "17:00"]]}, "Wednesday: office intervals overlap"),
        ({"0": [], "1": []}, "open on at least one weekday"),
    ],
)
def test_malformed_office_hours_are_refused_with_a_message(
    agency: Agency, spec: Any, message: str
) -> None:
    agency.office_hours = spec
    with pytest.raises(ValidationError) as refused:
        agency.full_clean()
    [text] = refused.value.message_dict["office_hours"]
    assert re.search(message, text), text


def test_the_admin_shows_the_error_and_keeps_the_old_hours(agency: Agency, admin_client) -> None:
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = admin_client.post(
        f"/admin/units/agency/{agency.pk}/change/",
        {
            "code": agency.code,
            "name": agency.name,
            "kind": agency.kind,
            "unit": agency.unit_id,
            "office_hours": '{"0": [["11:30", "07:30"]]}',
            "counters-TOTAL_FORMS": "0",
            "counters-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Monday: the interval 11:30–07:30 ends before it begins." in response.text
    agency.refresh_from_db()
    assert agency.office_hours is None


def test_hours_stored_past_validation_fall_back_to_the_default(
    agency: Agency, caplog: pytest.LogCaptureFixture
) -> None:
    Agency.objects.filter(pk=agency.pk).update(office_hours={"9": [["07:30", "11:30"]]})
    agency.refresh_from_db()
    with caplog.at_level(logging.WARNING, logger="motcua.core.calendar"):
        calendar = calendar_for(agency.office_hours, years=[2026])
    assert calendar.hours == DEFAULT_HOURS
    assert "Invalid office hours, using the default hours instead: “9” is not a weekday" in (
        caplog.text
    )

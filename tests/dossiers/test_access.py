"""Who may see which dossier: the whole persona × dossier matrix."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.access import dossiers_visible_to
from motcua.dossiers.models import Dossier
from motcua.units.models import AdministrativeUnit, Agency, Officer, Role

from ..conftest import make_user
from .helpers import act, receive

pytestmark = pytest.mark.django_db

PERSONAS = [
    "counter",
    "specialist",
    "leader",
    "clerk",
    "stranger",
    "province_admin",
    "dept_specialist",
    "citizen",
]


def visible(world, persona: str) -> set[str]:
    return set(dossiers_visible_to(getattr(world, persona)).values_list("code", flat=True))


def test_a_commune_dossier_is_seen_by_its_commune_and_the_province_only(world):
    code = receive(world.counter).code
    seen = {p for p in PERSONAS if code in visible(world, p)}
    assert seen == {"counter", "specialist", "leader", "clerk", "province_admin"}


def test_an_agency_that_received_a_hand_over_sees_the_dossier_from_then_on(world):
    dossier = receive(world.counter)  # a commune procedure: the department has no part in it
    assert dossier.code not in visible(world, "dept_specialist")
    dossier = act(world.counter, dossier, "assign", assignee="specialist")
    dossier = act(world.specialist, dossier, "hand_over", to_agency=world.department.code)
    assert dossier.code in visible(world, "dept_specialist")
    # ... and keeps seeing it after handing it back
    act(world.dept_specialist, dossier, "hand_over", to_agency=world.centre.code)
    assert dossier.code in visible(world, "dept_specialist")
    assert dossier.code not in visible(world, "stranger")


def test_the_province_still_sees_dossiers_of_a_unit_merged_away_in_2025(world):
    old_district = AdministrativeUnit.objects.create(
        code="old-219", name="Huyện Lục Ngạn", level="district", valid_to=date(2025, 6, 30)
    )
    old_commune = AdministrativeUnit.objects.create(
        code="old-07609",
        name="Xã Đèo Gia (cũ)",
        level="commune",
        parent=old_district,
        valid_to=date(2025, 6, 30),
        successor=world.commune,
    )
    old_agency = Agency.objects.create(
        code="000.10.31.H06",
        name="UBND xã Đèo Gia (cũ)",
        kind="committee",
        unit=old_commune,
        is_one_stop=True,
    )
    old_counter = make_user("oldcounter", agency=old_agency, role=Role.COUNTER)
    dossier = receive(old_counter, at=datetime(2025, 5, 20, 9, 0, tzinfo=VN_TZ))
    assert dossier.code in visible(world, "province_admin")
    assert dossier.code not in visible(world, "stranger")
    # the successor chain is what decides: cut it and the dossier leaves the province
    AdministrativeUnit.objects.filter(pk=old_commune.pk).update(successor=None)
    assert dossier.code not in visible(world, "province_admin")


def test_a_user_without_an_officer_profile_sees_nothing(world):
    receive(world.counter)
    assert Dossier.objects.exists()
    assert not visible(world, "citizen")
    assert not Officer.objects.filter(user=world.citizen).exists()

"""The demo's citizens: a newcomer can sign in as a person of the registry who has dossiers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from oauth2_provider.models import Application

from motcua.citizens.models import Citizen, DemoEidIdentity
from motcua.citizens.registry import PersonRecord
from motcua.citizens.services import citizen_sign_in_password, registry_people_upsert
from motcua.demo import DEMO_PASSWORD, demo_citizens_seed
from tests.dossiers.helpers import HUNG, receive


def test_demo_citizens_are_registry_people_with_dossiers_and_can_sign_in(
    world: Any, settings: Any
) -> None:
    record = PersonRecord(
        id_number=HUNG.id_number,
        full_name=HUNG.name,
        birth_date=HUNG.birth_date,
        sex=HUNG.sex,
        permanent_address=HUNG.address,
    )
    registry_people_upsert(people=[record], actor=None)
    receive(world.counter)

    assert demo_citizens_seed() == [(HUNG.id_number, HUNG.name)]
    assert demo_citizens_seed() == [(HUNG.id_number, HUNG.name)]  # a second run changes nothing

    app = Application.objects.get(client_id=settings.MOTCUA_EID_DEMO_CLIENT_ID)
    assert app.skip_authorization and app.algorithm == Application.RS256_ALGORITHM
    assert "/cong-dan/vneid/callback/" in app.redirect_uris
    identity = DemoEidIdentity.objects.get()
    assert identity.id_number == HUNG.id_number and identity.user.check_password(DEMO_PASSWORD)
    citizen = citizen_sign_in_password(id_number=HUNG.id_number, password=DEMO_PASSWORD)
    assert citizen == Citizen.objects.get() and citizen.user != identity.user
    assert get_user_model().objects.filter(username=HUNG.id_number).count() == 1

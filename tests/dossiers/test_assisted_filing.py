"""Assisted filing: the counter files online for an applicant who is present (Project 06
services are filed online only); the dossier says so and counts as online."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.dossiers.inputs import IntakeInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_receive
from motcua.reporting.models import DailyCount
from tests.dossiers.helpers import HUNG

pytestmark = pytest.mark.django_db


def test_an_assisted_filing_is_an_online_dossier_recorded_with_the_officer(world: Any) -> None:
    dossier = dossier_receive(
        actor=world.counter,
        data=IntakeInput(procedure_code="1.000894", applicant=HUNG, assisted=True),
    )
    assert (dossier.channel, dossier.assisted_by) == ("2", world.counter)
    assert dossier.history.get(action="receive").data["assisted"] is True
    assert sum(DailyCount.objects.values_list("received_online", flat=True)) == 1
    plain = dossier_receive(
        actor=world.counter, data=IntakeInput(procedure_code="1.000894", applicant=HUNG)
    )
    assert (plain.channel, plain.assisted_by) == ("1", None)


def test_the_intake_form_ticks_assisted_filing_for_a_project06_service(
    world: Any, settings: Any
) -> None:
    world.procedure.project06_number = 11
    world.procedure.save()
    client = Client()
    client.force_login(world.counter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("dossiers:intake"), {"procedure": "1.000894"}).content.decode()
    checkbox = re.search(r'<input type="checkbox" name="assisted"[^>]*>', page)
    assert checkbox is not None and "checked" in checkbox.group(0)
    dossier_receive(
        actor=world.counter,
        data=IntakeInput(procedure_code="1.000894", applicant=HUNG, assisted=True),
    )
    shown = client.get(reverse("dossiers:detail", args=[Dossier.objects.get().code]))
    assert "with the help of Lê Thị Mai" in shown.content.decode()

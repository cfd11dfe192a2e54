"""Decree 13/2023: every read of a dossier's personal data by an officer leaves a trace."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from motcua.api.services import api_token_issue
from motcua.core.models import AuditEntry
from tests.dossiers.helpers import receive


def test_an_officer_reading_a_dossier_is_logged_with_the_number_masked(
    world: Any, client: Client
) -> None:
    dossier = receive(world.counter)
    client.force_login(world.counter)
    assert client.get(reverse("dossiers:detail", args=[dossier.code])).status_code == 200
    token = api_token_issue(user=world.leader)
    api = Client().get(
        f"/api/v1/dossiers/{dossier.code}", headers={"Authorization": f"Bearer {token}"}
    )
    assert api.status_code == 200
    reads = AuditEntry.objects.filter(action="dossier.read", object_id=dossier.code).order_by("pk")
    assert [(r.actor_id, r.data["via"]) for r in reads] == [
        (world.counter.pk, "page"),
        (world.leader.pk, "api"),
    ]
    assert all(dossier.applicant_id not in str(r.data) for r in reads)
    # A stranger's attempt reads nothing, so it logs no read.
    stranger = Client()
    stranger.force_login(world.stranger)
    assert stranger.get(reverse("dossiers:detail", args=[dossier.code])).status_code == 404
    assert AuditEntry.objects.filter(action="dossier.read").count() == 2

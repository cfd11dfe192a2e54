"""The demo seeding and the generated docs stay truthful."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.core.audit import audit_verify
from motcua.dossiers.access import dossiers_visible_to
from motcua.dossiers.models import Dossier, DossierBundle, DossierRating, ResultFile
from motcua.dossiers.transitions import transitions_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_docs_list_every_transition_as_the_code_does():
    assert transitions_markdown() in (ROOT / "docs" / "transitions.md").read_text()


@pytest.mark.django_db
def test_demo_refuses_to_write_without_the_demo_flag(settings):
    settings.MOTCUA_DEMO = False
    with pytest.raises(CommandError, match="MOTCUA_DEMO"):
        call_command("demo", dossiers=1)


@pytest.mark.django_db
def test_demo_seeds_living_dossiers_once(settings, capsys):
    settings.MOTCUA_DEMO = True
    call_command("demo", dossiers=40, scans=0)
    out = capsys.readouterr().out
    assert "deogia.motcua" in out and "motcua-demo-2026" in out
    statuses = set(Dossier.objects.values_list("status", flat=True))
    # every page has something to show: finished, open and closed-early dossiers
    assert "returned" in statuses
    assert statuses & {"received", "assigned", "appraised", "approved", "signed"}
    assert len(statuses) >= 4
    # 40 dossiers, and three birth bundles of three child dossiers each
    assert Dossier.objects.filter(part_of__isnull=True).count() == 40
    assert DossierBundle.objects.count() == 3
    assert Dossier.objects.count() == 49
    # the Decision 766 figures have something to show: e-results, ratings, synced dossiers
    assert ResultFile.objects.exists() and DossierRating.objects.exists()
    assert Dossier.objects.filter(synced_at__isnull=False).exists()
    # Project 06 services come in online, filed at the counter for the applicant
    online = Dossier.objects.filter(channel="2")
    assert online.exists() and not online.filter(assisted_by__isnull=True).exists()
    at_counter = Dossier.objects.exclude(receiving_agency__unit__code="old-07609").filter(
        channel="1", procedure__project06_number__isnull=False
    )
    assert not at_counter.exists()
    # the demo applicants are in the local population registry: intake verified them
    assert set(Dossier.objects.values_list("applicant_verification", flat=True)) == {"matched"}
    assert audit_verify().broken_seq is None
    # dossiers of the commune merged away in 2025 are still the province's
    old = Dossier.objects.filter(receiving_agency__unit__code="old-07609")
    assert old.exists()
    admin = get_user_model().objects.get(username="tinh.quantri")
    assert set(old.values_list("pk", flat=True)) <= set(
        dossiers_visible_to(admin).values_list("pk", flat=True)
    )
    call_command("demo", dossiers=40, scans=0)
    assert Dossier.objects.count() == 49


@pytest.mark.django_db
def test_demo_digitizes_and_signs_some_papers(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    from motcua.digitization.models import ScannedDocument

    settings.MOTCUA_DEMO = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_SIGNING_DIR = tmp_path / "keys"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", dossiers=30, scans=1)
    scans = list(ScannedDocument.objects.all())
    assert len(scans) == 2
    assert all(scan.status == "done" and scan.unit_signed for scan in scans)
    assert any("KẾT HÔN" in scan.text.upper() for scan in scans)

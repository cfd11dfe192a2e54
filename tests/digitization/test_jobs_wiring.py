"""Uploading queues the digitization job; a job claims its document before working."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from motcua.core.jobs import wait_for_inprocess_jobs
from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.digitization.services import scan_process, scan_resume_pending, scan_upload
from tests.dossiers.helpers import receive

from .samples import text_png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def upload(world: Any, dossier: Any) -> ScannedDocument:
    return scan_upload(
        actor=world.counter,
        dossier_code=dossier.code,
        data=text_png(dpi=200),
        filename="giay-khai-sinh.png",
    )


def test_the_upload_queues_its_job_when_the_transaction_commits(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    dossier = receive(world.counter)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document = upload(world, dossier)
    assert len(callbacks) == 1
    document.refresh_from_db()
    assert document.status == ScanStatus.DONE and document.archival


@pytest.mark.django_db(transaction=True)
def test_in_process_jobs_run_on_a_background_thread(world: Any, settings: Any) -> None:
    settings.MOTCUA_INPROCESS_JOBS = "thread"
    dossier = receive(world.counter)
    document = upload(world, dossier)  # autocommit: the job is submitted at once
    wait_for_inprocess_jobs()
    document.refresh_from_db()
    assert document.status == ScanStatus.DONE


def test_a_document_held_by_a_live_lease_is_left_alone(world: Any) -> None:
    dossier = receive(world.counter)
    document = upload(world, dossier)
    ScannedDocument.objects.filter(pk=document.pk).update(
        status=ScanStatus.PROCESSING, claimed_until=timezone.now() + timedelta(minutes=5)
    )
    scan_process(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == ScanStatus.PROCESSING and not document.archival
    assert scan_resume_pending() == 0
    # the lease runs out (its worker died): the next attempt takes over and finishes
    ScannedDocument.objects.filter(pk=document.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert scan_resume_pending() == 1
    scan_process(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == ScanStatus.DONE and document.claimed_until is None


def test_a_failure_while_recording_the_result_marks_the_row_and_keeps_no_copy(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.files.storage import default_storage
    from django.db import OperationalError

    from motcua.digitization import services

    dossier = receive(world.counter)
    document = upload(world, dossier)

    def broken_index(document: ScannedDocument) -> None:
        raise OperationalError("no such table: digitization_scan_fts")

    monkeypatch.setattr("motcua.digitization.search.search_index", broken_index)
    with pytest.raises(OperationalError):
        scan_process(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == ScanStatus.FAILED and document.claimed_until is None
    assert not default_storage.exists(services.archival_key(document))
    monkeypatch.undo()
    assert scan_process(document_id=document.pk).status == ScanStatus.DONE

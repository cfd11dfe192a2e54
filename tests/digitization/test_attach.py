"""Files scanned without a cover sheet, attached by hand from the dossier page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from motcua.core.models import AuditEntry
from motcua.digitization.hotfolder import hotfolder_attach, hotfolder_waiting
from motcua.digitization.models import ScannedDocument, ScanStatus
from motcua.digitization.services import scan_process
from tests.digitization import samples
from tests.dossiers.helpers import receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(settings: Any, tmp_path: Path) -> Path:
    settings.MOTCUA_HOTFOLDER_ROOT = tmp_path / "hot"
    return settings.MOTCUA_HOTFOLDER_ROOT


def waiting_folder(root: Path, counter: Any) -> Path:
    folder = root / str(counter.pk) / "unassigned"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def ours(world: Any, root: Path) -> Path:
    """Our counter's unassigned folder, with one scanned PDF waiting."""
    folder = waiting_folder(root, world.centre.counters.get())
    (folder / "scan-0001.pdf").write_bytes(samples.born_digital_pdf())
    return folder


@pytest.fixture
def theirs(world: Any, root: Path) -> Path:
    """The other commune's counter's unassigned folder, with a file of its own."""
    folder = waiting_folder(root, world.other_centre.counters.get())
    (folder / "their-scan.pdf").write_bytes(samples.born_digital_pdf())
    return folder


@pytest.fixture
def dossier(world: Any) -> Any:
    return receive(world.counter)


def logged_in(user: Any) -> Client:
    # Pages speak Vietnamese unless the language cookie says otherwise (the
    # browser's Accept-Language is ignored on purpose).
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def attach(client: Client, dossier: Any, name: str, item: Any = None) -> Any:
    data = {"name": name, "checklist_item": str(item.pk) if item else ""}
    return client.post(f"/dossiers/{dossier.code}/scans/waiting/attach/", data)


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def test_the_counter_sees_the_waiting_file_and_attaches_it_to_an_item(
    world: Any, ours: Path, dossier: Any
) -> None:
    client = logged_in(world.counter)
    page = client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert "scan-0001.pdf" in page and "/scans/waiting/attach/" in page
    item = dossier.documents.first()
    response = attach(client, dossier, "scan-0001.pdf", item)
    assert response.status_code == 302
    scan = ScannedDocument.objects.get()
    assert (scan.dossier, scan.dossier_document, scan.original_name) == (
        dossier,
        item,
        "scan-0001.pdf",
    )
    assert scan.created_by == world.counter and scan.status == ScanStatus.QUEUED
    # Moved once the upload committed: no longer waiting, kept in done/.
    assert names(ours) == [] and names(ours.parent / "done") == ["scan-0001.pdf"]
    assert 'id="scans-waiting"' not in client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert scan_process(document_id=scan.pk).status == ScanStatus.DONE
    entry = AuditEntry.objects.get(action="hotfolder_attach")
    assert entry.data["dossier"] == dossier.code and entry.data["file"] == "scan-0001.pdf"


def test_the_counter_can_open_a_waiting_file_before_attaching_it(
    world: Any, ours: Path, dossier: Any
) -> None:
    client = logged_in(world.counter)
    url = f"/dossiers/{dossier.code}/scans/waiting/file/"
    response = client.get(url, {"name": "scan-0001.pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # The file as it waits, byte for byte (a fresh sample would carry another timestamp).
    assert b"".join(response.streaming_content) == (ours / "scan-0001.pdf").read_bytes()
    assert client.get(url, {"name": "../../etc/passwd"}).status_code == 404


BAD_NAMES = [
    "../scan-0001.pdf",
    "unassigned/scan-0001.pdf",
    "./scan-0001.pdf",
    "..",
    ".",
    "",
    "/etc/passwd",
    "..\\scan-0001.pdf",
    "scan-0001.pdf\x00",
    "missing.pdf",
]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_name_that_is_not_a_waiting_file_is_refused(
    world: Any, ours: Path, dossier: Any, name: str
) -> None:
    response = attach(logged_in(world.counter), dossier, name)
    assert response.status_code == 404
    assert "No such file waits in the scanner folder." in response.content.decode()
    assert not ScannedDocument.objects.exists()
    assert names(ours) == ["scan-0001.pdf"]


def test_a_file_of_another_counter_is_refused(
    world: Any, ours: Path, theirs: Path, dossier: Any
) -> None:
    client = logged_in(world.counter)
    their_counter = world.other_centre.counters.get().pk
    for name in ["their-scan.pdf", f"../../{their_counter}/unassigned/their-scan.pdf"]:
        assert attach(client, dossier, name).status_code == 404
        url = f"/dossiers/{dossier.code}/scans/waiting/file/"
        assert client.get(url, {"name": name}).status_code == 404
    assert not ScannedDocument.objects.exists()
    assert names(theirs) == ["their-scan.pdf"]


def test_a_link_in_the_folder_is_not_followed(world: Any, ours: Path, dossier: Any) -> None:
    (ours / "link.pdf").symlink_to(ours / "scan-0001.pdf")
    assert "link.pdf" not in [f.name for f in hotfolder_waiting(actor=world.counter)]
    assert attach(logged_in(world.counter), dossier, "link.pdf").status_code == 404
    assert not ScannedDocument.objects.exists()


def test_an_officer_of_another_commune_sees_and_attaches_nothing(
    world: Any, ours: Path, theirs: Path, dossier: Any
) -> None:
    client = logged_in(world.stranger)
    assert client.get(f"/dossiers/{dossier.code}/").status_code == 404
    assert attach(client, dossier, "scan-0001.pdf").status_code == 404
    url = f"/dossiers/{dossier.code}/scans/waiting/file/"
    assert client.get(url, {"name": "scan-0001.pdf"}).status_code == 404
    # On a dossier of their own, our file is not theirs to attach either.
    own = receive(world.stranger)
    assert "scan-0001.pdf" not in client.get(f"/dossiers/{own.code}/").content.decode()
    assert attach(client, own, "scan-0001.pdf").status_code == 404
    assert not ScannedDocument.objects.exists()
    assert names(ours) == ["scan-0001.pdf"]


def test_an_officer_of_no_counter_sees_no_waiting_file_and_cannot_attach(
    world: Any, ours: Path, dossier: Any
) -> None:
    client = logged_in(world.specialist)
    assert "scan-0001.pdf" not in client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert attach(client, dossier, "scan-0001.pdf").status_code == 403
    assert names(ours) == ["scan-0001.pdf"]


def test_attaching_the_same_content_again_is_refused_and_says_where_it_is(
    world: Any, ours: Path, dossier: Any
) -> None:
    data = (ours / "scan-0001.pdf").read_bytes()
    hotfolder_attach(actor=world.counter, dossier_code=dossier.code, name="scan-0001.pdf")
    # The same name again: it no longer waits.
    assert attach(logged_in(world.counter), dossier, "scan-0001.pdf").status_code == 404
    # A copy of the same file (or a move cut short): refused, and filed in done/.
    (ours / "scan-0001-copy.pdf").write_bytes(data)
    other = receive(world.counter)
    response = attach(logged_in(world.counter), other, "scan-0001-copy.pdf")
    assert response.status_code == 400
    assert f"attached already, to dossier {dossier.code}" in response.content.decode()
    assert ScannedDocument.objects.count() == 1
    assert names(ours) == []
    assert names(ours.parent / "done") == ["scan-0001-copy.pdf", "scan-0001.pdf"]


def test_a_failed_upload_leaves_the_file_waiting(world: Any, ours: Path, dossier: Any) -> None:
    (ours / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(64) + b"\n%%EOF\n")
    response = attach(logged_in(world.counter), dossier, "broken.pdf")
    assert response.status_code == 422 and "Back to the dossier" in response.content.decode()
    assert names(ours) == ["broken.pdf", "scan-0001.pdf"]
    assert not ScannedDocument.objects.exists()
    assert not AuditEntry.objects.filter(action="hotfolder_attach").exists()


def test_an_item_of_another_dossier_is_refused(world: Any, ours: Path, dossier: Any) -> None:
    other = receive(world.counter)
    response = attach(logged_in(world.counter), dossier, "scan-0001.pdf", other.documents.first())
    assert response.status_code == 404
    assert names(ours) == ["scan-0001.pdf"] and not ScannedDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    settings: Any, world: Any, ours: Path, dossier: Any
) -> None:
    settings.MOTCUA_SCAN_MAX_BYTES = 100
    response = attach(logged_in(world.counter), dossier, "scan-0001.pdf")
    assert response.status_code == 400 and "0 MB" in response.content.decode()
    assert names(ours) == ["scan-0001.pdf"]


def test_a_name_with_spaces_and_accents_is_listed_opened_and_attached(
    world: Any, ours: Path, dossier: Any
) -> None:
    (ours / "scan-0001.pdf").rename(ours / "Hồ sơ số 1 (mặt sau).pdf")
    client = logged_in(world.counter)
    page = client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert "?name=H%E1%BB%93%20s%C6%A1%20s%E1%BB%91%201%20%28m%E1%BA%B7t%20sau%29.pdf" in page
    url = f"/dossiers/{dossier.code}/scans/waiting/file/"
    assert client.get(url, {"name": "Hồ sơ số 1 (mặt sau).pdf"}).status_code == 200
    assert attach(client, dossier, "Hồ sơ số 1 (mặt sau).pdf").status_code == 302
    assert ScannedDocument.objects.get().original_name == "Hồ sơ số 1 (mặt sau).pdf"

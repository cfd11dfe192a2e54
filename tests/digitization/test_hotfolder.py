"""The scanner hot folder: stacks filed on their dossiers, nothing ever lost."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from motcua.digitization import hotfolder
from motcua.digitization.coversheet import coversheet_pdf
from motcua.digitization.hotfolder import hotfolder_scan_once, hotfolder_unassigned
from motcua.digitization.models import ScannedDocument, ScanStatus
from tests.digitization import samples
from tests.digitization.test_coversheet import concat, concat_pages
from tests.dossiers.helpers import receive


@pytest.fixture(autouse=True)
def _settled(settings: Any) -> None:
    settings.MOTCUA_HOTFOLDER_SETTLE_SECONDS = 0


@pytest.fixture
def counter(world: Any) -> Any:
    return world.centre.counters.get()


@pytest.fixture
def inbox(tmp_path: Path, counter: Any) -> Path:
    folder = tmp_path / "hot" / str(counter.pk)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def two(world: Any) -> tuple[Any, Any]:
    return receive(world.counter), receive(world.counter)


def stack_for(first: Any, item: Any, second: Any) -> bytes:
    covers = coversheet_pdf(dossiers_items=[(first, item), (second, None)])
    page = samples.born_digital_pdf()
    cover_a, cover_b = concat_pages(covers, [0]), concat_pages(covers, [1])
    return concat(cover_a, page, cover_b, page, page)


def files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def test_a_stack_is_filed_part_by_part_on_the_right_dossiers(
    world: Any, two: tuple[Any, Any], inbox: Path
) -> None:
    first, second = two
    item = first.documents.first()
    (inbox / "stack.pdf").write_bytes(stack_for(first, item, second))
    report = hotfolder_scan_once(root=inbox.parent)
    scans = ScannedDocument.objects.order_by("pk")
    assert [(s.dossier_id, s.dossier_document_id, s.page_count) for s in scans] == [
        (first.pk, item.pk, 1),
        (second.pk, None, 2),
    ]
    assert {s.status for s in scans} == {ScanStatus.QUEUED}
    assert {s.created_by for s in scans} == {world.counter}
    assert files(inbox / "done") == ["stack.pdf"]
    assert files(inbox) == ["done"]
    assert len(report.uploaded) == 2
    assert any(first.code in message for message in report.messages)


def test_a_re_run_skips_the_parts_already_filed(two: tuple[Any, Any], inbox: Path) -> None:
    data = stack_for(two[0], None, two[1])
    (inbox / "stack.pdf").write_bytes(data)
    hotfolder_scan_once(root=inbox.parent)
    (inbox / "stack.pdf").write_bytes(data)  # the same stack scanned again
    report = hotfolder_scan_once(root=inbox.parent)
    assert ScannedDocument.objects.count() == 2
    assert report.uploaded == []
    assert files(inbox / "done") == ["stack-2.pdf", "stack.pdf"]


def test_a_crash_leaves_the_file_in_place_and_a_re_run_finishes_it(
    two: tuple[Any, Any], inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (inbox / "stack.pdf").write_bytes(stack_for(two[0], None, two[1]))
    real, calls = hotfolder.scan_upload, []

    def crash_on_second(**kwargs: Any) -> Any:
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        return real(**kwargs)

    monkeypatch.setattr(hotfolder, "scan_upload", crash_on_second)
    report = hotfolder_scan_once(root=inbox.parent)
    assert report.left == [inbox / "stack.pdf"]
    assert (inbox / "stack.pdf").exists()
    assert ScannedDocument.objects.count() == 1
    monkeypatch.setattr(hotfolder, "scan_upload", real)
    hotfolder_scan_once(root=inbox.parent)
    assert sorted(ScannedDocument.objects.values_list("dossier", flat=True)) == sorted(
        d.pk for d in two
    )
    assert files(inbox / "done") == ["stack.pdf"]


def test_a_garbage_file_is_refused_with_its_reason_beside_it(world: Any, inbox: Path) -> None:
    (inbox / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(64) + b"\n%%EOF\n")
    hotfolder_scan_once(root=inbox.parent)
    assert files(inbox / "refused") == ["garbage.pdf", "garbage.pdf.txt"]
    assert "damaged" in (inbox / "refused" / "garbage.pdf.txt").read_text(encoding="utf-8")
    assert not ScannedDocument.objects.exists()


def test_a_file_without_cover_is_set_aside_as_unassigned(
    world: Any, inbox: Path, counter: Any
) -> None:
    (inbox / "loose.pdf").write_bytes(samples.born_digital_pdf())
    (inbox / "photo.png").write_bytes(samples.text_png())
    hotfolder_scan_once(root=inbox.parent)
    assert files(inbox / "unassigned") == ["loose.pdf", "photo.png"]
    waiting = hotfolder_unassigned(counter, root=inbox.parent)
    assert {path.name for path in waiting} == {"loose.pdf", "photo.png"}
    assert not ScannedDocument.objects.exists()


def test_pages_before_the_first_cover_are_set_aside_and_the_rest_filed(
    two: tuple[Any, Any], inbox: Path
) -> None:
    cover = coversheet_pdf(dossiers_items=[(two[0], None)])
    page = samples.born_digital_pdf()
    (inbox / "stack.pdf").write_bytes(concat(page, cover, page))
    hotfolder_scan_once(root=inbox.parent)
    assert files(inbox / "unassigned") == ["stack-before-first-cover.pdf"]
    assert files(inbox / "done") == ["stack.pdf"]
    assert ScannedDocument.objects.get().dossier == two[0]


def test_a_cover_of_another_communes_dossier_is_refused(
    world: Any, two: tuple[Any, Any], inbox: Path
) -> None:
    foreign = receive(world.stranger)
    (inbox / "stack.pdf").write_bytes(stack_for(two[0], None, foreign))
    hotfolder_scan_once(root=inbox.parent)
    assert files(inbox / "refused") == ["stack.pdf", "stack.pdf.txt"]
    reason = (inbox / "refused" / "stack.pdf.txt").read_text(encoding="utf-8")
    assert "No dossier with this code" in reason
    # Checked before any part is filed: the file goes back whole, nothing half-filed.
    assert not ScannedDocument.objects.exists()


def test_a_cover_naming_another_dossiers_item_is_refused(two: tuple[Any, Any], inbox: Path) -> None:
    first, second = two
    (inbox / "stack.pdf").write_bytes(stack_for(first, second.documents.first(), second))
    hotfolder_scan_once(root=inbox.parent)
    assert files(inbox / "refused") == ["stack.pdf", "stack.pdf.txt"]
    assert "checklist item" in (inbox / "refused" / "stack.pdf.txt").read_text(encoding="utf-8")


def test_a_file_still_being_written_is_left_alone(settings: Any, world: Any, inbox: Path) -> None:
    settings.MOTCUA_HOTFOLDER_SETTLE_SECONDS = 60
    (inbox / "fresh.pdf").write_bytes(samples.born_digital_pdf())
    old = inbox / "old.pdf"
    old.write_bytes(samples.born_digital_pdf())
    past = time.time() - 120
    os.utime(old, (past, past))
    hotfolder_scan_once(root=inbox.parent)
    assert files(inbox) == ["fresh.pdf", "unassigned"]


def test_an_unknown_counter_folder_is_ignored_with_a_message(world: Any, tmp_path: Path) -> None:
    for name in ("999", "scanner-a"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.pdf").write_bytes(samples.born_digital_pdf())
    report = hotfolder_scan_once(root=tmp_path)
    assert sum("ignored" in message for message in report.messages) == 2
    assert (tmp_path / "999" / "x.pdf").exists()


def test_the_command_creates_the_counter_folders_and_files_the_stacks(
    settings: Any, world: Any, two: tuple[Any, Any], tmp_path: Path, counter: Any
) -> None:
    root = tmp_path / "hot"
    settings.MOTCUA_HOTFOLDER_ROOT = root
    out = io.StringIO()
    call_command("hotfolder", "--once", stdout=out)
    assert sorted(p.name for p in root.iterdir()) == sorted(
        str(pk) for pk in type(counter).objects.values_list("pk", flat=True)
    )
    assert files(root / str(counter.pk)) == ["done", "refused", "unassigned"]
    (root / str(counter.pk) / "stack.pdf").write_bytes(stack_for(two[0], None, two[1]))
    out = io.StringIO()
    call_command("hotfolder", "--once", stdout=out)
    assert out.getvalue().count("filed on dossier") == 2
    assert ScannedDocument.objects.count() == 2

"""The scanner hot folder (thư mục quét): files a counter's scanner writes are filed.

Layout under the root (MOTCUA_HOTFOLDER_ROOT)::

    <root>/<counter id>/            the scanner writes here
    <root>/<counter id>/done/       filed: every part was uploaded
    <root>/<counter id>/refused/    refused, with ``<name>.txt`` giving the reason
    <root>/<counter id>/unassigned/ no cover sheet: the officer attaches it by hand

A file is taken once it has not changed for MOTCUA_HOTFOLDER_SETTLE_SECONDS
(the scanner may still be writing it). A stack with cover sheets is split
(``coversheet.split_stack``) and each part uploaded with ``scan_upload`` as
the counter's first counter officer. No file is ever deleted: it ends in one
of the three folders, or stays where it is when processing crashed, so the
next run does the same work again; a part already uploaded (same SHA-256 on
the same dossier) is not uploaded twice.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.audit import audit_record
from motcua.core.errors import DomainError, NotFound
from motcua.core.models import AuditEntry
from motcua.digitization.checks import inspect_upload, sniff_type
from motcua.digitization.coversheet import StackPart, split_stack
from motcua.digitization.models import ScannedDocument
from motcua.digitization.services import scan_upload
from motcua.dossiers.access import get_dossier_for_officer, officer_of
from motcua.dossiers.models import DossierDocument
from motcua.dossiers.services import ActionForbidden
from motcua.units.models import Officer, OneStopCounter, Role

logger = logging.getLogger(__name__)

DONE, REFUSED, UNASSIGNED = "done", "refused", "unassigned"
SUBFOLDERS = (DONE, REFUSED, UNASSIGNED)
# The dossier page lists this many waiting files, newest first (the one just scanned).
WAITING_LISTED = 20
MAX_NAME_CHARS = 255
ATTACH_ACTION, ATTACH_OBJECT = "hotfolder_attach", "hotfolder_file"


@dataclass
class HotfolderReport:
    """What one pass did; ``messages`` are plain sentences for the operator."""

    uploaded: list[ScannedDocument] = field(default_factory=list)
    done: list[Path] = field(default_factory=list)
    refused: list[Path] = field(default_factory=list)
    unassigned: list[Path] = field(default_factory=list)
    left: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def say(self, message: str) -> None:
        self.messages.append(message)


def hotfolder_root() -> Path:
    return Path(getattr(settings, "MOTCUA_HOTFOLDER_ROOT", Path(settings.VAR_DIR) / "hotfolder"))


def settle_seconds() -> float:
    return float(getattr(settings, "MOTCUA_HOTFOLDER_SETTLE_SECONDS", 5))


def hotfolder_prepare(*, root: Path) -> list[Path]:
    """Create the folder of every counter (and its subfolders); the ones that were missing."""
    created = []
    for pk in OneStopCounter.objects.order_by("pk").values_list("pk", flat=True):
        folder = root / str(pk)
        if not folder.is_dir():
            created.append(folder)
        for sub in SUBFOLDERS:
            (folder / sub).mkdir(parents=True, exist_ok=True)
    return created


def hotfolder_unassigned(counter: OneStopCounter, *, root: Path | None = None) -> list[Path]:
    """Files of the counter that wait to be attached by hand, oldest first."""
    folder = (root or hotfolder_root()) / str(counter.pk) / UNASSIGNED
    if not folder.is_dir():
        return []
    files = [path for path in folder.iterdir() if path.is_file() and not _hidden(path)]
    return sorted(files, key=lambda path: (path.stat().st_mtime, path.name))


def hotfolder_scan_once(*, root: Path, settle: float | None = None) -> HotfolderReport:
    """File every settled file of every counter folder under ``root``; one pass."""
    report = HotfolderReport()
    settle = settle_seconds() if settle is None else settle
    if not root.is_dir():
        report.say(_("The hot folder %(root)s does not exist.") % {"root": root})
        return report
    for folder in sorted(path for path in root.iterdir() if path.is_dir()):
        _scan_counter_folder(folder, settle, report)
    return report


def _scan_counter_folder(folder: Path, settle: float, report: HotfolderReport) -> None:
    counter = _counter(folder.name)
    if counter is None:
        report.say(_("Folder %(folder)s is not a counter's: ignored.") % {"folder": folder})
        return
    actor = _counter_actor(counter)
    if actor is None:
        report.say(
            _("Counter %(counter)s has no counter officer: its files wait.") % {"counter": counter}
        )
        return
    for path in _settled_files(folder, settle):
        _process_file(path, actor, report)


def _counter(name: str) -> OneStopCounter | None:
    if not (name.isascii() and name.isdigit()):
        return None
    return OneStopCounter.objects.filter(pk=int(name)).first()


def _counter_actor(counter: OneStopCounter) -> Any:
    """The counter's first counter officer (lowest id): the one the scans are filed as."""
    officer = (
        Officer.objects.filter(counter=counter, role=Role.COUNTER, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return officer.user if officer else None


def _hidden(path: Path) -> bool:
    # Scanners and copy tools write under a dot name or with a temporary suffix first.
    return path.name.startswith(".") or path.suffix.lower() in {".tmp", ".part", ".txt"}


def _settled_files(folder: Path, settle: float) -> list[Path]:
    now = time.time()
    files = [path for path in folder.iterdir() if path.is_file() and not _hidden(path)]
    return sorted(path for path in files if now - path.stat().st_mtime >= settle)


# --- one file ---------------------------------------------------------------------


def _process_file(path: Path, actor: Any, report: HotfolderReport) -> None:
    try:
        _file(path, actor, report)
    except DomainError as error:
        moved = _move(path, REFUSED)
        _write_reason(moved, error.message)
        report.refused.append(moved)
        report.say(_("%(name)s refused: %(reason)s") % {"name": path.name, "reason": error.message})
    except Exception:
        # Left where it is: the next pass tries again, and skips parts already filed.
        logger.exception("hot folder: %s crashed", path)
        report.left.append(path)
        report.say(
            _("%(name)s could not be processed; it will be tried again.") % {"name": path.name}
        )


def _file(path: Path, actor: Any, report: HotfolderReport) -> None:
    data = path.read_bytes()
    inspect_upload(data, filename=path.name)  # a damaged or hostile file is refused here
    parts = split_stack(data) if sniff_type(data) == "pdf" else []
    assigned = [part for part in parts if part.assigned]
    if not assigned:
        moved = _move(path, UNASSIGNED)
        report.unassigned.append(moved)
        report.say(
            _("%(name)s has no cover sheet: set aside to attach by hand.") % {"name": path.name}
        )
        return
    _check_parts(assigned, actor)
    _set_aside_leading_pages(path, parts, report)
    for part in assigned:
        _upload_part(path, part, actor, report)
    report.done.append(_move(path, DONE))


def _check_parts(parts: list[StackPart], actor: Any) -> None:
    """Refuse the whole file before uploading any part, if one part cannot be filed."""
    for part in parts:
        code = part.dossier_code or ""
        dossier = get_dossier_for_officer(user=actor, code=code)
        if part.item_id is not None and not _has_item(dossier.pk, part.item_id):
            raise NotFound(
                _("Dossier %(code)s has no checklist item %(item)s.")
                % {"code": code, "item": part.item_id},
                field="checklist_item",
            )


def _has_item(dossier_id: int, item_id: int) -> bool:
    return DossierDocument.objects.filter(dossier_id=dossier_id, pk=item_id).exists()


def _set_aside_leading_pages(path: Path, parts: list[StackPart], report: HotfolderReport) -> None:
    """Pages before the first cover go to unassigned/ as their own PDF."""
    leading = parts[0]
    if leading.assigned or not leading.pdf:
        return
    target = _subfolder(path, UNASSIGNED) / f"{path.stem}-before-first-cover.pdf"
    # Same name and bytes on a re-run: written over, not doubled.
    tmp = target.with_name(f".{target.name}.part")
    tmp.write_bytes(leading.pdf)
    os.replace(tmp, target)
    report.unassigned.append(target)
    report.say(
        _("%(name)s: %(count)s page(s) before the first cover sheet set aside to attach by hand.")
        % {"name": path.name, "count": leading.page_count}
    )


def _upload_part(path: Path, part: StackPart, actor: Any, report: HotfolderReport) -> None:
    code = part.dossier_code or ""
    if not part.pdf:
        report.say(
            _("%(name)s: the cover sheet of %(code)s has no pages after it.")
            % {"name": path.name, "code": code}
        )
        return
    filename = f"{path.stem}-p{part.pages[0]}-{part.pages[-1]}.pdf"
    if _already_uploaded(code, part):
        report.say(_("%(file)s is already on dossier %(code)s.") % {"file": filename, "code": code})
        return
    document = scan_upload(
        actor=actor,
        dossier_code=code,
        data=part.pdf,
        filename=filename,
        checklist_item_id=part.item_id,
    )
    report.uploaded.append(document)
    report.say(
        _("%(file)s (%(count)s page(s)) filed on dossier %(code)s.")
        % {"file": filename, "count": part.page_count, "code": code}
    )


def _already_uploaded(code: str, part: StackPart) -> bool:
    sha256 = hashlib.sha256(part.pdf).hexdigest()
    return ScannedDocument.objects.filter(dossier__code=code, original_sha256=sha256).exists()


# --- moving -----------------------------------------------------------------------


def _subfolder(path: Path, name: str, *, base: Path | None = None) -> Path:
    folder = (base or path.parent) / name
    folder.mkdir(exist_ok=True)
    return folder


def _move(path: Path, name: str, *, base: Path | None = None) -> Path:
    """Move into a subfolder (of ``base``, by default the file's folder) without overwriting.

    A second file of the same name gets -2, -3…
    """
    folder = _subfolder(path, name, base=base)
    target, number = folder / path.name, 1
    while target.exists():
        number += 1
        target = folder / f"{path.stem}-{number}{path.suffix}"
    # Same file system (a subfolder): the rename is atomic, the file is never half-moved.
    os.replace(path, target)
    return target


def _write_reason(path: Path, reason: str) -> None:
    path.with_name(f"{path.name}.txt").write_text(reason + "\n", encoding="utf-8")


# --- attaching by hand -------------------------------------------------------------


@dataclass(frozen=True)
class WaitingFile:
    """A file of the counter's ``unassigned/`` folder, as the dossier page lists it."""

    name: str
    size: int
    modified: datetime


def hotfolder_waiting(*, actor: Any, root: Path | None = None) -> list[WaitingFile]:
    """The files waiting in the actor's counter's ``unassigned/``, newest first (at most 20).

    Empty for an officer of no counter: only a counter's own officers see its files.
    """
    counter = _actor_counter(actor)
    if counter is None:
        return []
    newest = list(reversed(hotfolder_unassigned(counter, root=root)))[:WAITING_LISTED]
    return [_waiting(path) for path in newest if not path.is_symlink()]


def _waiting(path: Path) -> WaitingFile:
    stat = path.stat()
    return WaitingFile(
        name=path.name, size=stat.st_size, modified=datetime.fromtimestamp(stat.st_mtime, tz=UTC)
    )


def hotfolder_waiting_file(*, actor: Any, name: str, root: Path | None = None) -> Path:
    """The path of the waiting file ``name`` of the actor's counter; NotFound otherwise.

    ``name`` must be the bare name of a regular file (not a link) that
    ``hotfolder_unassigned`` lists for the actor's own counter: no path, no
    "..", no hidden or temporary file, nothing of another counter.
    """
    counter = _actor_counter(actor)
    missing = NotFound(_("No such file waits in the scanner folder."), field="name")
    if counter is None or not _bare_name(name):
        raise missing
    waiting = {path.name: path for path in hotfolder_unassigned(counter, root=root)}
    path = waiting.get(name)
    if path is None or path.is_symlink():
        raise missing
    return path


def hotfolder_attach(
    *,
    actor: Any,
    dossier_code: str,
    name: str,
    checklist_item_id: int | None = None,
    root: Path | None = None,
) -> ScannedDocument:
    """Attach the waiting file ``name`` to the dossier (or a checklist item) with ``scan_upload``.

    The file is read from the actor's own counter's ``unassigned/`` only
    (``hotfolder_waiting_file``), and moved to ``done/`` after the upload has
    committed: if anything fails before, it stays waiting.

    Attaching is done once per file content. Its SHA-256 is recorded with the
    audit row of the attach; a file whose content was attached before (a
    second click, two officers at once, a copy of the same file, a move cut
    short by a crash) is refused, saying on which dossier it is, and moved to
    ``done/`` where it belongs. Once moved, the name no longer waits: NotFound.
    """
    counter = _actor_counter(actor)
    if counter is None:
        raise ActionForbidden(_("Only officers of a one-stop counter attach its scanned files."))
    dossier = get_dossier_for_officer(user=actor, code=dossier_code)
    document: ScannedDocument | None = None
    with transaction.atomic():
        # Attaches of one counter's files are serialised (its row is locked), so
        # the check for an earlier attach below sees any attach that committed.
        OneStopCounter.objects.select_for_update().filter(pk=counter.pk).first()
        path = hotfolder_waiting_file(actor=actor, name=name, root=root)
        data = _read_bounded(path)
        sha256 = hashlib.sha256(data).hexdigest()
        earlier = _earlier_attach(counter.pk, sha256)
        if earlier is None:
            document = scan_upload(
                actor=actor,
                dossier_code=dossier.code,
                data=data,
                filename=name,
                checklist_item_id=checklist_item_id,
            )
            _audit_attach(actor, counter.pk, sha256, name, document)
    _move_attached(path)
    if document is None:
        raise DomainError(
            _("This file was attached already, to dossier %(code)s.") % {"code": earlier},
            field="name",
        )
    return document


def _move_attached(path: Path) -> None:
    """From ``<counter>/unassigned/`` to ``<counter>/done/``."""
    try:
        _move(path, DONE, base=path.parent.parent)
    except FileNotFoundError:
        # A concurrent attach of the same file (refused as "attached already") moved it first.
        logger.info("hot folder: %s was moved by another attach", path)


def _actor_counter(actor: Any) -> OneStopCounter | None:
    officer = officer_of(actor)
    return officer.counter if officer is not None else None


def _bare_name(name: str) -> bool:
    """A file name alone: no folder part, no "." or "..", no control character."""
    return (
        0 < len(name) <= MAX_NAME_CHARS
        and name.isprintable()
        and "/" not in name
        and "\\" not in name
        and name not in {".", ".."}
        and Path(name).name == name
    )


def hotfolder_waiting_open(path: Path) -> BinaryIO:
    """Open a waiting file for reading, refusing a link put there since it was checked."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:  # gone (attached meanwhile) or swapped for a link
        raise NotFound(_("No such file waits in the scanner folder."), field="name") from None
    return os.fdopen(fd, "rb")


def _read_bounded(path: Path) -> bytes:
    # Checked before reading: the folder is a share anyone at the counter can write to.
    limit = settings.MOTCUA_SCAN_MAX_BYTES
    with hotfolder_waiting_open(path) as handle:
        if os.fstat(handle.fileno()).st_size > limit:
            raise DomainError(
                _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
                field="name",
            )
        return handle.read()


def _earlier_attach(counter_id: int, sha256: str) -> str | None:
    """The dossier code an attach of this content from this counter went to, if any."""
    # The audit row is the attach's record; (object_type, object_id) is indexed.
    data = (
        AuditEntry.objects.filter(
            object_type=ATTACH_OBJECT,
            object_id=sha256,
            action=ATTACH_ACTION,
            data__counter=counter_id,
        )
        .values_list("data", flat=True)
        .first()
    )
    return str(data["dossier"]) if data else None


def _audit_attach(
    actor: Any, counter_id: int, sha256: str, name: str, document: ScannedDocument
) -> None:
    audit_record(
        actor=actor,
        action=ATTACH_ACTION,
        object_type=ATTACH_OBJECT,
        object_id=sha256,
        data={
            "counter": counter_id,
            "file": name,
            "dossier": document.dossier.code,
            "document": document.pk,
        },
    )

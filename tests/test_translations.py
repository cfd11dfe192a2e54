"""The Vietnamese catalogue: complete, in step with the code, and used by default."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

REPO = Path(__file__).resolve().parent.parent
PO_FILE = REPO / "motcua" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
MAKEMESSAGES_IGNORES = [".venv/*", "tests/*", "bench/*", "var/*"]


# --- a tiny PO reader ---------------------------------------------------------


@dataclass
class Entry:
    msgctxt: str = ""
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        key = f"{self.msgctxt} \u2192 {self.msgid}" if self.msgctxt else self.msgid
        return f"{key} | {self.msgid_plural}" if self.msgid_plural else key


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def read_po(path: Path) -> list[Entry]:
    """The live entries of a PO file (obsolete ``#~`` entries are left out), header included."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # ("msgid" | "msgid_plural" | "msgstr", index)
    pending_flags: set[str] = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            pending_flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        starts_entry = keyword == "msgctxt" or (keyword == "msgid" and target != ("msgctxt", 0))
        if starts_entry:
            current = Entry(flags=pending_flags)
            entries.append(current)
            pending_flags = set()
        assert current is not None, f"{path}:{number}: text before the first msgid"
        if keyword == "msgctxt":
            current.msgctxt, target = _unquote(rest), ("msgctxt", 0)
        elif keyword == "msgid":
            current.msgid, target = _unquote(rest), ("msgid", 0)
        elif keyword == "msgid_plural":
            current.msgid_plural, target = _unquote(rest), ("msgid_plural", 0)
        elif keyword == "msgstr":
            current.msgstr[0], target = _unquote(rest), ("msgstr", 0)
        elif (match := re.fullmatch(r"msgstr\[(\d+)\]", keyword)) is not None:
            index = int(match.group(1))
            current.msgstr[index], target = _unquote(rest), ("msgstr", index)
        elif line.startswith('"') and target is not None:
            kind, index = target
            if kind == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, kind, getattr(current, kind) + _unquote(line))
        else:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    return entries


def _messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.msgid]


def _header(entries: list[Entry]) -> Entry:
    return next(e for e in entries if not e.msgid)


# --- the committed catalogue ----------------------------------------------------


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    entries = read_po(PO_FILE)
    messages = _messages(entries)
    assert len(messages) > 300, "the catalogue looks truncated"
    empty = [e.key for e in messages if not e.msgstr or not all(e.msgstr.values())]
    fuzzy = [e.key for e in entries if "fuzzy" in e.flags]
    assert not empty, "untranslated messages in django.po:\n" + "\n".join(empty)
    assert not fuzzy, "fuzzy entries in django.po:\n" + "\n".join(fuzzy)
    header = _header(entries).msgstr[0]
    assert "Language: vi\n" in header
    assert "Plural-Forms: nplurals=1; plural=0;" in header


def test_translations_keep_the_placeholders() -> None:
    pattern = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")
    wrong = []
    for entry in _messages(read_po(PO_FILE)):
        wanted = sorted(pattern.findall(entry.msgid_plural or entry.msgid))
        for text in entry.msgstr.values():
            if sorted(pattern.findall(text)) != wanted:
                wrong.append(f"{entry.key!r} -> {text!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_the_compiled_catalogue_is_not_older_than_the_po_file() -> None:
    assert MO_FILE.exists(), "run `make messages` (compilemessages) and commit django.mo"
    entries = _messages(read_po(PO_FILE))
    from gettext import GNUTranslations

    with MO_FILE.open("rb") as handle:
        catalog = GNUTranslations(handle)
    stale = [
        e.key
        for e in entries
        if not e.msgid_plural and not e.msgctxt and catalog.gettext(e.msgid) != e.msgstr[0]
    ]
    assert not stale, "django.mo is out of date; run `make messages`:\n" + "\n".join(stale)


@pytest.mark.db_independent
@pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgmerge") is None,
    reason="GNU gettext (xgettext, msgmerge) is not installed; `apt-get install gettext`",
)
def test_every_string_in_the_code_has_a_translation(tmp_path: Path) -> None:
    """makemessages on a copy of the package finds no msgid that django.po leaves out."""
    shutil.copytree(
        REPO / "motcua",
        tmp_path / "motcua",
        ignore=shutil.ignore_patterns("__pycache__", "locale"),
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "PYTHONPATH": str(tmp_path),
    }
    ignores = [f"--ignore={pattern}" for pattern in MAKEMESSAGES_IGNORES]
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-obsolete", *ignores],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    fresh = tmp_path / "motcua" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    assert fresh.exists(), f"makemessages wrote nothing: {result.stdout} {result.stderr}"
    found = {e.key for e in _messages(read_po(fresh))}
    assert len(found) > 300, "makemessages found too few strings; is it reading the copy?"
    translated = {e.key for e in _messages(read_po(PO_FILE)) if e.msgstr and all(e.msgstr.values())}
    missing = sorted(found - translated)
    assert not missing, (
        "strings in the code with no Vietnamese translation; run `make messages`, "
        "translate them in motcua/locale/vi/LC_MESSAGES/django.po and run "
        "`make messages` again:\n" + "\n".join(missing)
    )


# --- the catalogue at work --------------------------------------------------------


def test_project_words_win_over_djangos_own_catalogue() -> None:
    expected = {
        "History": "Quá trình xử lý",
        "Log out": "Đăng xuất",
        "Filter": "Lọc",
        "Search": "Tìm kiếm",
        "Status": "Trạng thái",
        "Note": "Ghi chú",
        "Reason": "Lý do",
        "Address": "Địa chỉ",
        "Phone": "Điện thoại",
        "Actions": "Thao tác",
        "Documents": "Thành phần hồ sơ",
    }
    with translation.override("vi"):
        got = {msgid: translation.gettext(msgid) for msgid in expected}
    assert got == expected


@pytest.mark.django_db
def test_login_page_is_vietnamese_by_default_and_english_on_request(client: Client) -> None:
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page
    assert "Mật khẩu" in page
    assert "Log in" not in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page
    assert "Password" in page
    assert "Đăng nhập" not in page


def test_identifier_errors_are_in_vietnamese() -> None:
    from motcua.citizens.identifiers import IdentifierError, check_personal_id

    with translation.override("vi"), pytest.raises(IdentifierError) as caught:
        check_personal_id("123")
    message = str(caught.value)
    assert message == "Số định danh cá nhân phải có đúng 12 chữ số; giá trị đã nhập: “123”."

    with translation.override("en"), pytest.raises(IdentifierError) as caught:
        check_personal_id("123")
    assert "must have exactly 12 digits" in str(caught.value)


@pytest.mark.django_db
def test_domain_errors_of_a_service_are_in_vietnamese(world: Any) -> None:
    from motcua.core.errors import DomainError
    from motcua.dossiers.services import dossier_transition

    with translation.override("vi"), pytest.raises(DomainError) as caught:
        dossier_transition(actor=world.counter, code="000.00.00.H00-000000-0000", action="fly")
    assert caught.value.message == "Thao tác “fly” không hợp lệ."


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_the_officer_switches(client, settings):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "Log in" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()

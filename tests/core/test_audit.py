"""The hash-chained audit log and ``motcua audit-verify``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from motcua.cli import command_args
from motcua.core.audit import audit_record, audit_verify
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain() -> list[AuditEntry]:
    return [
        audit_record(
            actor=None,
            action="dossier.receive",
            object_type="dossier",
            object_id=n,
            data={"n": n, "name": "Nguyễn Văn Hùng"},
        )
        for n in range(1, 6)
    ]


def run_verify() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("audit_verify", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_chain_of_rows_verifies(chain: list[AuditEntry]) -> None:
    verdict = audit_verify()
    assert verdict.broken_seq is None
    assert verdict.checked == 5


def test_an_empty_log_verifies() -> None:
    assert audit_verify().broken_seq is None


def test_tampered_data_is_reported_at_that_row(chain: list[AuditEntry]) -> None:
    AuditEntry.objects.filter(seq=3).update(data={"n": 3, "name": "someone else"})
    verdict = audit_verify()
    assert verdict.broken_seq == 3
    assert verdict.checked == 2


def test_a_row_relinked_after_tampering_is_still_caught(chain: list[AuditEntry]) -> None:
    AuditEntry.objects.filter(seq=2).update(hash="f" * 64)
    assert audit_verify().broken_seq == 2


def test_deleting_the_last_row_is_detected(chain: list[AuditEntry]) -> None:
    AuditEntry.objects.filter(seq=5).delete()
    verdict = audit_verify()
    assert verdict.broken_seq == 5
    assert "removed" in verdict.reason


def test_deleting_a_middle_row_is_detected(chain: list[AuditEntry]) -> None:
    AuditEntry.objects.filter(seq=3).delete()
    assert audit_verify().broken_seq == 4


def test_command_reports_an_intact_log(chain: list[AuditEntry]) -> None:
    out, _err = run_verify()
    assert out.strip() == "audit log intact: 5 rows"


def test_command_exits_1_on_a_broken_chain(chain: list[AuditEntry]) -> None:
    AuditEntry.objects.filter(seq=4).update(action="dossier.refuse")
    with pytest.raises(SystemExit) as exit_info:
        run_verify()
    assert exit_info.value.code == 1


def test_command_names_the_broken_row(chain: list[AuditEntry]) -> None:
    AuditEntry.objects.filter(seq=4).update(action="dossier.refuse")
    err = StringIO()
    with pytest.raises(SystemExit), translation.override("en"):
        call_command("audit_verify", stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith("audit log broken at row #4: ")


def test_cli_accepts_hyphenated_command_names() -> None:
    assert command_args(["audit-verify"]) == ["audit_verify"]
    assert command_args(["load-units", "--province", "24"]) == ["load_units", "--province", "24"]
    assert command_args(["--version"]) == ["--version"]

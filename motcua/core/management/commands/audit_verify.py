"""``motcua audit-verify``: recompute the audit log's hash chain."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.core.audit import audit_verify


class Command(BaseCommand):
    help = gettext_noop(
        "Check that no audit row was changed or removed; exit status 1 if the chain is broken."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = audit_verify()
        if verdict.broken_seq is None:
            self.stdout.write(_("audit log intact: %(count)s rows") % {"count": verdict.checked})
            return
        self.stderr.write(
            _("audit log broken at row #%(seq)s: %(reason)s")
            % {"seq": verdict.broken_seq, "reason": verdict.reason}
        )
        # Not CommandError: the verdict is the output, without a "CommandError:" prefix.
        raise SystemExit(1)

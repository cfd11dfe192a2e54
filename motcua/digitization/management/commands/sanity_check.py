"""``motcua sanity-check``: compare the stored scans with the database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.digitization.selectors import scan_sanity_report


class Command(BaseCommand):
    help = gettext_noop(
        "Check that every scan's original and archival copy exist and match their SHA-256, "
        "and list stored files no scan refers to; exit status 1 on any problem."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = scan_sanity_report()
        for problem in report.problems:
            self.stderr.write(problem)
        for name in report.orphans:
            self.stderr.write(_("Orphan file (no scan refers to it): %(name)s") % {"name": name})
        if report.ok:
            self.stdout.write(
                _("storage matches the database: %(count)s scans") % {"count": report.checked}
            )
            return
        # Not CommandError: the report is the output, without a "CommandError:" prefix.
        raise SystemExit(1)

"""``motcua mark_synced CODE ...`` or ``motcua mark_synced --received-before YYYY-MM-DD``:
flag dossiers as synced to the national portal (Decision 766 publicity).

For an operator who has synced dossiers by other means, until motcua syncs
them itself; every flag goes through ``dossiers_mark_synced``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.lib.workcalendar import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import SYNC_BATCH, dossiers_mark_synced


class Command(BaseCommand):
    help = "Flag dossiers as synced to the national portal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", help="dossier codes")
        parser.add_argument(
            "--received-before",
            help="flag every dossier received before this day (YYYY-MM-DD, Vietnam date)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        codes: list[str] = options["codes"]
        before = options["received_before"]
        if bool(codes) == bool(before):
            raise CommandError(_("Give dossier codes or --received-before, not both."))
        try:
            if codes:
                flagged = sum(
                    dossiers_mark_synced(codes=codes[i : i + SYNC_BATCH])
                    for i in range(0, len(codes), SYNC_BATCH)
                )
            else:
                flagged = self._before(before)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(_("%(n)s dossiers flagged as synced.") % {"n": flagged})

    def _before(self, value: str) -> int:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise CommandError(
                _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}
            ) from None
        until = datetime.combine(day, time.min, tzinfo=VN_TZ)
        pending = Dossier.objects.filter(received_at__lt=until, synced_at__isnull=True)
        flagged = 0
        while batch := list(pending.order_by("pk").values_list("code", flat=True)[:SYNC_BATCH]):
            flagged += dossiers_mark_synced(codes=batch)
        return flagged

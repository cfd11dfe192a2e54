"""``motcua catalogue-import PATH``: import an xlsx workbook, all of it or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.catalogue.services import CatalogueImportError, catalogue_import_xlsx
from motcua.catalogue.xlsx import MAX_BYTES
from motcua.core.errors import DomainError


class Command(BaseCommand):
    help = "Import the procedure catalogue from an xlsx workbook (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--username", default="", help="user recorded in the audit log (default: system)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        actor = self._actor(options["username"])
        try:
            # One byte more than the limit is enough for the service to refuse it.
            with path.open("rb") as f:
                data = f.read(MAX_BYTES + 1)
            report = catalogue_import_xlsx(data=data, actor=actor)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
            ) from exc
        except CatalogueImportError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(exc.message) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        summary = ", ".join(f"{key} {value}" for key, value in report.as_dict().items())
        self.stdout.write(_("Catalogue imported: %(summary)s.") % {"summary": summary})

    def _actor(self, username: str) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user has the username %(name)s.") % {"name": username})
        return user

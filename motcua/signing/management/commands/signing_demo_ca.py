"""``motcua signing-demo-ca``: a demo CA and a signing key for every one-stop unit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.signing.keys import DEMO_CA_NAME, signing_demo_ca, signing_dir
from motcua.units.models import Agency


class Command(BaseCommand):
    help = gettext_noop(
        "Create a demo root CA and a PKCS#12 signing key for each one-stop agency "
        "(for demos and tests only; existing files are kept)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir", type=Path, default=None, help="Folder (default: MOTCUA_SIGNING_DIR)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["dir"] or signing_dir()
        units = list(Agency.objects.filter(is_one_stop=True).values_list("code", "name"))
        written = signing_demo_ca(directory=directory, units=units)
        for path in written:
            self.stdout.write(_("created %(path)s") % {"path": path})
        self.stdout.write(
            _("%(count)s files created in %(dir)s for %(units)s one-stop units (%(ca)s).")
            % {"count": len(written), "dir": directory, "units": len(units), "ca": DEMO_CA_NAME}
        )

"""The ``motcua`` command: every Django management command, plus the project's own.

``motcua demo``, ``motcua serve``, ``motcua due``, ``motcua token`` and
``motcua audit-verify`` are management commands of the apps, so that
``python -m django`` and ``motcua`` reach the same code.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["motcua", *command_args(sys.argv[1:] if argv is None else argv)])


def command_args(argv: list[str]) -> list[str]:
    """Accept ``audit-verify`` for ``audit_verify``: command names come from module names."""
    if argv and not argv[0].startswith("-"):
        return [argv[0].replace("-", "_"), *argv[1:]]
    return list(argv)


if __name__ == "__main__":
    main()

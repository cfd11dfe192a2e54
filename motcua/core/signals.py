"""Cache side effects of model changes, connected in ``CoreConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from motcua.core.calendar import forget_exceptions


def calendar_exception_changed(sender: type, **kwargs: Any) -> None:
    """A calendar exception was saved or deleted: forget the cached rows once it is committed.

    Not before: another process would read the old rows again and cache them.
    """
    transaction.on_commit(forget_exceptions)

"""Reads from the procedure catalogue."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from motcua.catalogue.models import Procedure
from motcua.core.errors import NotFound
from motcua.core.lib.text import fold


def procedure_list(
    *, query: str = "", project06_first: bool = True, include_inactive: bool = False
) -> QuerySet[Procedure]:
    """Procedures whose code or name contains every word of ``query``, accents ignored.

    "dang ky ket hon" finds "Đăng ký kết hôn". With ``project06_first`` the
    25 Project 06 services come first, by their number; then the rest by code.
    """
    procedures = Procedure.objects.select_related("field")
    if not include_inactive:
        procedures = procedures.filter(is_active=True)
    # Each word is matched on its own, so word order in the query does not
    # matter; both sides are folded to lower case, so plain contains suffices.
    for word in fold(query).split():
        procedures = procedures.filter(name_search__contains=word)
    if project06_first:
        return procedures.order_by(F("project06_number").asc(nulls_last=True), "code")
    return procedures.order_by("code")


def procedure_get(*, code: str) -> Procedure:
    """The procedure with this national code, or ``NotFound``."""
    procedure = (
        Procedure.objects.select_related("field", "competent_agency").filter(code=code).first()
    )
    if procedure is None:
        raise NotFound(_("No procedure has the code %(code)s.") % {"code": code})
    return procedure

"""Presentation helpers for the officer pages: Vietnam-time dates, labels, history details."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils.translation import gettext as _

from motcua.core.lib.vndate import to_vn
from motcua.dossiers.access import officer_of
from motcua.dossiers.transitions import BY_ACTION
from motcua.units.models import Officer
from motcua.units.selectors import person_name

register = template.Library()


@register.filter
def vn_datetime(moment: datetime | None) -> str:
    """ "13/02/2026 10:05" in Vietnam time; empty for None."""
    if moment is None:
        return ""
    return to_vn(moment).strftime("%d/%m/%Y %H:%M")


@register.filter
def vn_date(day: date | datetime | None) -> str:
    """ "13/02/2026"; a datetime is taken in Vietnam time."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = to_vn(day).date()
    return day.strftime("%d/%m/%Y")


register.filter("person_name", person_name)


@register.filter
def action_label(action: str) -> str:
    """The label of a history row's action ("receive" is not a transition)."""
    if action == "receive":
        return _("Received")
    transition = BY_ACTION.get(action)
    return str(transition.label) if transition else action


def _detail_labels() -> dict[str, str]:
    return {
        "missing": _("Missing items"),
        "reason": _("Reason"),
        # Older rows may lack the names; the codes stand in for them.
        "assignee_name": _("Assigned to"),
        "to_agency_name": _("To agency"),
        "result_number": _("Result number"),
        "new_due_at": _("New date"),
    }


def _detail_value(key: str, value: Any) -> str:
    if key == "new_due_at" and isinstance(value, str):
        try:
            return vn_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return str(value)


@register.filter
def history_details(data: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The parts of a history row's data worth showing, as (label, value) pairs."""
    if not data:
        return []
    shown = {**data}
    shown.setdefault("assignee_name", data.get("assignee"))
    shown.setdefault("to_agency_name", data.get("to_agency"))
    return [
        (label, _detail_value(key, shown[key]))
        for key, label in _detail_labels().items()
        if shown.get(key)
    ]


@register.simple_tag(takes_context=True)
def current_officer(context: template.Context) -> Officer | None:
    """The officer profile of the signed-in user, or None (login page, portal)."""
    request = context.get("request")
    return officer_of(getattr(request, "user", None))

"""Reading dossiers: worklists, filters and flags. Every read starts from the access helpers.

"Late" and "due soon" compare with the legal due time (``Dossier.due_at``,
supplement time already added back), not with an apology's new date: the
apology tells the citizen when to come, but Decision 766 still counts the
dossier late, and the worklist must show the officer the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.catalogue.models import Procedure
from motcua.core.lib.text import fold
from motcua.dossiers.access import dossiers_visible_to, officer_of
from motcua.dossiers.deadlines import calendar_for_agency
from motcua.dossiers.models import CLOCK_RUNNING_STATUSES, TERMINAL_STATUSES, Dossier, Status
from motcua.units.models import AdministrativeUnit, Agency, Role

# What sits on an agency's desk: open dossiers plus results waiting to be returned.
DESK_STATUSES = [s for s in Status if s not in TERMINAL_STATUSES]
# What can be late or due soon (the clock stops while a supplement is awaited).
RUNNING = list(CLOCK_RUNNING_STATUSES)


@dataclass(frozen=True)
class DossierFilter:
    status: str = ""
    query: str = ""
    late: bool = False
    due_soon: bool = False
    mine: bool = False  # on the officer's agency's desk (the default worklist)
    procedure: str = ""
    from_applicant: bool = False  # the applicant's online step waits for an officer


def waiting_on_officer(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Dossiers whose latest step is the applicant's online filing or supplement: no
    officer has acted on it since (``Dossier.applicant_step``)."""
    return queryset.exclude(applicant_step="")


def applicant_news(dossier: Dossier) -> str:
    """ "filed" or "supplemented" when the dossier's latest step is the applicant's,
    online; "" otherwise."""
    return {"receive": "filed", "supplement": "supplemented"}.get(dossier.applicant_step, "")


def due_soon_threshold(*, user: Any, now: datetime | None = None) -> datetime:
    """The time before which an open dossier counts as "due soon" (in office hours)."""
    now = now or timezone.now()
    officer = officer_of(user)
    calendar = calendar_for_agency(officer.agency if officer else None)
    return calendar.add_working_minutes(now, 60 * settings.MOTCUA_DUE_SOON_HOURS)


def dossier_list(
    *, user: Any, filters: DossierFilter, now: datetime | None = None
) -> QuerySet[Dossier]:
    """The dossiers the user may see, filtered, most urgent first."""
    now = now or timezone.now()
    queryset = dossiers_visible_to(user).select_related(
        "procedure", "current_agency", "receiving_agency", "handler"
    )
    officer = officer_of(user)
    if filters.mine and officer is not None:
        # The desk: the agency's for an officer, the whole province's for its administrator.
        queryset = queryset.filter(status__in=DESK_STATUSES)
        if officer.role != Role.PROVINCE_ADMIN:
            queryset = queryset.filter(current_agency_id=officer.agency_id)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.procedure:
        queryset = queryset.filter(procedure__code=filters.procedure)
    if filters.from_applicant:
        queryset = waiting_on_officer(queryset.filter(status__in=DESK_STATUSES))
    # NUL cannot reach PostgreSQL; a search longer than a name is cut, not refused.
    text = filters.query.replace("\x00", "").strip()[:100]
    if text:
        queryset = queryset.filter(
            Q(applicant_search__contains=fold(text))
            | Q(code__icontains=text)
            | Q(applicant_id__startswith=text)
        )
    if filters.late:
        queryset = queryset.filter(status__in=RUNNING, due_at__lt=now)
    if filters.due_soon:
        queryset = queryset.filter(
            status__in=RUNNING,
            due_at__gte=now,
            due_at__lte=due_soon_threshold(user=user, now=now),
        )
    if filters.late or filters.due_soon or filters.mine:
        return queryset.order_by("due_at", "id")
    return queryset.order_by("-received_at", "-id")


def dossier_flag(dossier: Dossier, *, now: datetime, soon: datetime) -> str:
    """ "late", "due_soon" or "" for a worklist row."""
    if dossier.status not in RUNNING:
        return ""
    if dossier.due_at < now:
        return "late"
    if dossier.due_at <= soon:
        return "due_soon"
    return ""


def dossier_counts(*, user: Any, now: datetime | None = None) -> dict[str, Any]:
    """Counts for the worklist header: on the desk, late and due soon."""
    now = now or timezone.now()
    officer = officer_of(user)
    base = dossiers_visible_to(user).filter(status__in=DESK_STATUSES)
    # A province administrator watches the whole province; others their agency's desk.
    if officer is not None and officer.role != Role.PROVINCE_ADMIN:
        base = base.filter(current_agency_id=officer.agency_id)
    soon = due_soon_threshold(user=user, now=now)
    return {
        "scope": "province" if officer and officer.role == Role.PROVINCE_ADMIN else "agency",
        "open": base.count(),
        "late": base.filter(status__in=RUNNING, due_at__lt=now).count(),
        "due_soon": base.filter(status__in=RUNNING, due_at__gte=now, due_at__lte=soon).count(),
        "from_applicants": waiting_on_officer(base).count(),
    }


# --- online filing --------------------------------------------------------------------


def online_offered(procedures: list[Procedure]) -> bool:
    """Whether these procedures (one, or a bundle's) can be filed online."""
    return all(p.online_level != Procedure.OnlineLevel.NONE for p in procedures)


def receiving_agencies(*procedures: Procedure) -> QuerySet[Agency]:
    """The one-stop units that receive ``procedures`` (one, or a bundle's) filed online:
    the communes' when one of them is a commune-level procedure, the province's
    otherwise; units that still exist."""
    agencies = Agency.objects.filter(is_one_stop=True, unit__valid_to__isnull=True)
    level = (
        AdministrativeUnit.Level.COMMUNE
        if any(p.level == Procedure.Level.COMMUNE for p in procedures)
        else AdministrativeUnit.Level.PROVINCE
    )
    return agencies.filter(unit__level=level).order_by("name")

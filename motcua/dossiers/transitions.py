"""The dossier state machine as data: which action leads from which status to which.

Every row is enforced by ``dossiers.services.dossier_transition`` and listed
in docs/transitions.md (``motcua transitions --markdown`` regenerates it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Status
from motcua.units.models import Role


class Where(StrEnum):
    """Which agency the actor must belong to."""

    RECEIVING = "receiving"  # the one-stop unit that received the dossier
    CURRENT = "current"  # the agency that holds the dossier now


@dataclass(frozen=True)
class Transition:
    action: str
    label: Promise
    sources: frozenset[Status]
    # None: the target is the status the dossier had before the supplement request.
    target: Status | None
    roles: frozenset[Role]
    where: Where
    rule: str = ""


S = Status
_OPEN_BEFORE_RESULT = frozenset(
    {S.RECEIVED, S.ASSIGNED, S.SUPPLEMENT_REQUESTED, S.APPRAISED, S.APPROVED, S.SIGNED}
)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "assign",
        _("Assign"),
        frozenset({S.RECEIVED, S.ASSIGNED}),
        S.ASSIGNED,
        frozenset({Role.COUNTER, Role.LEADER}),
        Where.CURRENT,
        "to a specialist or leader of the current or the competent agency; "
        "writes a control-sheet row",
    ),
    Transition(
        "hand_over",
        _("Hand over to another agency"),
        frozenset({S.ASSIGNED}),
        S.ASSIGNED,
        frozenset({Role.SPECIALIST, Role.LEADER}),
        Where.CURRENT,
        "inter-agency handling (liên thông); writes a control-sheet row",
    ),
    Transition(
        "request_supplement",
        _("Request a supplement"),
        frozenset({S.RECEIVED, S.ASSIGNED}),
        S.SUPPLEMENT_REQUESTED,
        frozenset({Role.COUNTER, Role.SPECIALIST, Role.LEADER}),
        Where.CURRENT,
        "once per dossier; lists every missing item in one go; the clock stops; "
        "the agency that holds the dossier decides, the one-stop unit relays it",
    ),
    Transition(
        "supplement",
        _("Record the supplement"),
        frozenset({S.SUPPLEMENT_REQUESTED}),
        None,
        frozenset({Role.COUNTER}),
        Where.RECEIVING,
        "back to the status before the request; the waiting time is added to the due time",
    ),
    Transition(
        "appraise",
        _("Record the appraisal"),
        frozenset({S.ASSIGNED}),
        S.APPRAISED,
        frozenset({Role.SPECIALIST}),
        Where.CURRENT,
    ),
    Transition(
        "approve",
        _("Approve"),
        frozenset({S.APPRAISED}),
        S.APPROVED,
        frozenset({Role.LEADER}),
        Where.CURRENT,
    ),
    Transition(
        "sign",
        _("Sign the result"),
        frozenset({S.APPROVED}),
        S.SIGNED,
        frozenset({Role.LEADER}),
        Where.CURRENT,
    ),
    Transition(
        "issue",
        _("Number and issue the result"),
        frozenset({S.SIGNED}),
        S.RESULT_READY,
        frozenset({Role.CLERK}),
        Where.CURRENT,
        "needs the result number; the dossier goes back to the receiving unit",
    ),
    Transition(
        "return",
        _("Return the result"),
        frozenset({S.RESULT_READY}),
        S.RETURNED,
        frozenset({Role.COUNTER}),
        Where.RECEIVING,
    ),
    Transition(
        "refuse",
        _("Refuse"),
        frozenset({S.RECEIVED, S.ASSIGNED, S.APPRAISED}),
        S.REFUSED,
        frozenset({Role.COUNTER, Role.SPECIALIST, Role.LEADER}),
        Where.CURRENT,
        "reasons required (form 03); at intake the counter, later the agency that holds it",
    ),
    Transition(
        "stop",
        _("Stop handling"),
        frozenset({S.ASSIGNED, S.SUPPLEMENT_REQUESTED, S.APPRAISED}),
        S.STOPPED,
        frozenset({Role.LEADER}),
        Where.CURRENT,
        "reason required (form 05)",
    ),
    Transition(
        "apologize",
        _("Apologise and extend"),
        _OPEN_BEFORE_RESULT,
        None,
        frozenset({Role.LEADER}),
        Where.CURRENT,
        "only before the promised time passes; the new time must be later (form 04)",
    ),
    Transition(
        "withdraw",
        _("Withdraw at the applicant's request"),
        _OPEN_BEFORE_RESULT,
        S.WITHDRAWN,
        frozenset({Role.COUNTER}),
        Where.RECEIVING,
    ),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}
# Actions whose target is computed at run time (see Transition.target).
SAME_STATUS_ACTIONS = frozenset({"apologize"})


def transitions_markdown() -> str:
    """The table of transitions for docs/transitions.md."""
    lines = [
        "| action | from | to | who | at which agency | rule |",
        "|---|---|---|---|---|---|",
    ]
    for t in TRANSITIONS:
        sources = ", ".join(sorted(s.value for s in t.sources))
        if t.target is not None:
            target = t.target.value
        elif t.action in SAME_STATUS_ACTIONS:
            target = "(unchanged)"
        else:
            target = "(status before the request)"
        roles = ", ".join(sorted(r.value for r in t.roles))
        lines.append(
            f"| `{t.action}` | {sources} | {target} | {roles} | {t.where.value} | {t.rule} |"
        )
    return "\n".join(lines) + "\n"

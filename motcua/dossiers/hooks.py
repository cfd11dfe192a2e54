"""Intake steps contributed by apps above ``dossiers`` (the data store, first of all).

``dossiers`` must not import the apps built on it (ARCHITECTURE.md), yet intake
must offer what the citizen's data store already holds and link what is taken
from it. Such an app registers here in its ``AppConfig.ready()``, as panels do
in ``panels.py``:

- an *offer provider* answers, before the dossier exists, which checklist
  items of a procedure the applicant's store can provide (shown on the form);
- an *intake hook* runs inside ``dossier_receive``'s transaction, after the
  checklist is written; a ``DomainError`` it raises refuses the whole intake;
- a *transition hook* runs inside ``dossier_transition``'s transaction, after
  the history row is written and the dossier saved (the indicator aggregates
  of ``reporting``); an error it raises rolls the transition back;
- an *event hook* hears of the other facts about a dossier that reports count
  (``"synced"`` to the national portal, ``"rated"`` by the citizen, ``"reuse"``
  of a checklist item from the store), inside the transaction that records them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from motcua.catalogue.models import Procedure
from motcua.dossiers.inputs import DocumentInput
from motcua.dossiers.models import Dossier, DossierDocument, StatusChange


@dataclass(frozen=True)
class IntakeOffer:
    """A checklist item the applicant's data store can provide, described for the officer."""

    required_document_id: int
    description: str


OfferProvider = Callable[..., list[IntakeOffer]]
IntakeHook = Callable[..., None]
TransitionHook = Callable[..., None]
EventHook = Callable[..., None]
_OFFER_PROVIDERS: list[OfferProvider] = []
_INTAKE_HOOKS: list[IntakeHook] = []
_TRANSITION_HOOKS: list[TransitionHook] = []
_EVENT_HOOKS: list[EventHook] = []


def intake_offers_register(provider: OfferProvider) -> None:
    if provider not in _OFFER_PROVIDERS:
        _OFFER_PROVIDERS.append(provider)


def intake_hook_register(hook: IntakeHook) -> None:
    if hook not in _INTAKE_HOOKS:
        _INTAKE_HOOKS.append(hook)


def transition_hook_register(hook: TransitionHook) -> None:
    if hook not in _TRANSITION_HOOKS:
        _TRANSITION_HOOKS.append(hook)


def event_hook_register(hook: EventHook) -> None:
    if hook not in _EVENT_HOOKS:
        _EVENT_HOOKS.append(hook)


def intake_offers(
    *, actor: Any, procedure: Procedure, applicant_kind: str, applicant_id: str
) -> dict[int, list[IntakeOffer]]:
    """Offers per required-document id, from every registered provider."""
    offers: dict[int, list[IntakeOffer]] = {}
    for provider in _OFFER_PROVIDERS:
        for offer in provider(
            actor=actor,
            procedure=procedure,
            applicant_kind=applicant_kind,
            applicant_id=applicant_id,
        ):
            offers.setdefault(offer.required_document_id, []).append(offer)
    return offers


def intake_hooks_run(
    *, actor: Any, dossier: Dossier, items: Sequence[tuple[DossierDocument, DocumentInput]]
) -> None:
    for hook in _INTAKE_HOOKS:
        hook(actor=actor, dossier=dossier, items=items)


def transition_hooks_run(*, actor: Any, dossier: Dossier, change: StatusChange) -> None:
    """Run every transition hook with the dossier as saved and the history row just written."""
    for hook in _TRANSITION_HOOKS:
        hook(actor=actor, dossier=dossier, change=change)


def event_hooks_run(*, dossier: Dossier, event: str, data: dict[str, Any] | None = None) -> None:
    """Tell every event hook that ``event`` happened to ``dossier`` (see the module docstring)."""
    for hook in _EVENT_HOOKS:
        hook(dossier=dossier, event=event, data=data or {})

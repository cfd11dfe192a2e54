"""What the public may change: the applicant's rating of a returned dossier."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.citizens.models import Citizen
from motcua.core.errors import DomainError, NotFound, TransitionNotAllowed
from motcua.dossiers.hooks import event_hooks_run
from motcua.dossiers.models import Dossier, DossierRating, Rating, Status
from motcua.portal.account_selectors import citizen_dossier_get
from motcua.portal.selectors import clean_code, knows_id

MAX_COMMENT = 500


def _checked_comment(value: str, comment: str) -> str:
    if value not in Rating.values:
        raise DomainError(_("Choose one of the ratings."), field="value")
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise DomainError(
            _("The comment may be at most %(n)s characters long.") % {"n": MAX_COMMENT},
            field="comment",
        )
    if not all(c.isprintable() or c in "\r\n" for c in comment):
        raise DomainError(_("The comment contains characters that cannot be stored."))
    return comment


def _rate(dossier: Dossier, value: str, comment: str, at: datetime | None) -> DossierRating:
    if dossier.status != Status.RETURNED:
        raise TransitionNotAllowed(_("A dossier can be rated once its result has been returned."))
    if DossierRating.objects.filter(dossier=dossier).exists():
        raise TransitionNotAllowed(_("This dossier has already been rated. Thank you."))
    rating = DossierRating.objects.create(
        dossier=dossier, value=value, comment=comment, at=at or timezone.now()
    )
    event_hooks_run(dossier=dossier, event="rated", data={"value": value})
    return rating


@transaction.atomic
def dossier_rate(
    *, code: str, id_last4: str, value: str, comment: str = "", at: datetime | None = None
) -> DossierRating:
    """Record the applicant's one rating of a returned dossier, from the public lookup.

    Only someone who knows the last four digits of the applicant's ID number
    may rate (the same check, and the same hourly limit, as the lookup), only
    once the result has been returned, and only once.
    """
    comment = _checked_comment(value, comment)
    cleaned = clean_code(code)
    dossier = Dossier.objects.select_for_update().filter(code=cleaned).first() if cleaned else None
    # A wrong code and wrong digits answer alike: no way to tell which was wrong.
    if dossier is None or not knows_id(dossier, id_last4):
        raise NotFound(_("No dossier matches this code and these digits."))
    return _rate(dossier, value, comment, at)


@transaction.atomic
def dossier_rate_as_owner(
    *, citizen: Citizen | None, code: str, value: str, comment: str = "", at: datetime | None = None
) -> DossierRating:
    """The same rating, by the signed-in citizen whose dossier it is."""
    comment = _checked_comment(value, comment)
    owned = citizen_dossier_get(citizen=citizen, code=code)
    dossier = Dossier.objects.select_for_update().get(pk=owned.pk)
    return _rate(dossier, value, comment, at)

"""What the public may change: the applicant's rating of a returned dossier."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, NotFound, TransitionNotAllowed
from motcua.dossiers.hooks import event_hooks_run
from motcua.dossiers.models import Dossier, DossierRating, Rating, Status
from motcua.portal.selectors import clean_code, knows_id

MAX_COMMENT = 500


@transaction.atomic
def dossier_rate(
    *, code: str, id_last4: str, value: str, comment: str = "", at: datetime | None = None
) -> DossierRating:
    """Record the applicant's one rating of a returned dossier.

    Only someone who knows the last four digits of the applicant's ID number
    may rate (the same check, and the same hourly limit, as the lookup), only
    once the result has been returned, and only once.
    """
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
    cleaned = clean_code(code)
    dossier = Dossier.objects.select_for_update().filter(code=cleaned).first() if cleaned else None
    # A wrong code and wrong digits answer alike: no way to tell which was wrong.
    if dossier is None or not knows_id(dossier, id_last4):
        raise NotFound(_("No dossier matches this code and these digits."))
    if dossier.status != Status.RETURNED:
        raise TransitionNotAllowed(_("A dossier can be rated once its result has been returned."))
    if DossierRating.objects.filter(dossier=dossier).exists():
        raise TransitionNotAllowed(_("This dossier has already been rated. Thank you."))
    rating = DossierRating.objects.create(
        dossier=dossier, value=value, comment=comment, at=at or timezone.now()
    )
    event_hooks_run(dossier=dossier, event="rated", data={"value": value})
    return rating

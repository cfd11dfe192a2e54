"""Issuing and revoking API tokens. Each change leaves an audit row."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.api.models import ApiToken
from motcua.core.audit import audit_record
from motcua.core.errors import DomainError
from motcua.dossiers.access import officer_of

MAX_TOKEN_LENGTH = 128


def api_token_hash(token: str) -> str:
    """The stored form of a token: the SHA-256 hex digest of its UTF-8 bytes."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_issue(*, user: Any, name: str = "cli", actor: Any = None) -> str:
    """Create a token for an active officer; return the plain token (it is not stored)."""
    if not user.is_active or officer_of(user) is None:
        raise DomainError(_("Only an active officer can have an API token."), field="user")
    name = name.strip()[:100] or "cli"
    plain = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=api_token_hash(plain), prefix=plain[:8]
    )
    audit_record(
        actor=actor or user,
        action="api_token.issue",
        object_type="api_token",
        object_id=token.pk,
        data={"user": user.get_username(), "name": name, "prefix": token.prefix},
    )
    return plain


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any = None) -> ApiToken:
    """Revoke the token now; revoking a revoked token changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor or token.user,
        action="api_token.revoke",
        object_type="api_token",
        object_id=token.pk,
        data={"prefix": token.prefix},
    )
    return token

"""Who may call the API: officers, by bearer token or by their page session."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from motcua.api.models import ApiToken
from motcua.api.services import MAX_TOKEN_LENGTH, api_token_hash
from motcua.dossiers.access import officer_of

# Recording every use would write a row per request; a minute is precise enough
# to tell a token in use from a forgotten one.
LAST_USED_PRECISION = timedelta(minutes=1)


def _officer_user(user: Any) -> Any | None:
    """The user if it is an active officer, None otherwise."""
    if user is None or not user.is_active or officer_of(user) is None:
        return None
    return user


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; revoked tokens and non-officers are refused."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        token = token.strip()
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        row = (
            ApiToken.objects.select_related("user__officer__agency")
            .filter(key_hash=api_token_hash(token), revoked_at__isnull=True)
            .first()
        )
        if row is None:
            return None
        user = _officer_user(row.user)
        if user is not None:
            _touch(row)
        return user


class OfficerSessionAuth(SessionAuth):
    """The session of the officer pages (with Django's CSRF check on writes)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a session cookie there is nothing to check: answer 401, not a CSRF 403.
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        if key is None:
            return None
        return _officer_user(super().authenticate(request, key))


token_auth = TokenAuth()
session_auth = OfficerSessionAuth()
OFFICER_AUTH = [token_auth, session_auth]


def request_actor(request: HttpRequest) -> Any:
    """The officer user that the authentication classes put on the request."""
    return request.auth  # type: ignore[attr-defined]

"""Citizen sign-in through OpenID Connect (VNeID, the national portal's SSO): the relying party.

mozilla-django-oidc runs the authorization code flow (state, nonce, PKCE),
fetches the tokens and the provider's JWKS and checks the ID token's
signature. This module adds what a citizen sign-in needs on top: the token
must be meant for motcua (``aud``) and come from the configured issuer
(``iss``), the user-info must be about the same subject, and the account is
found or opened by the personal ID number claim (``citizens.services``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from motcua.citizens.models import SignInMethod
from motcua.citizens.services import citizen_identity_from_claims, citizen_sign_in


def oidc_configured() -> bool:
    """True when a provider is configured: the sign-in button shows and its routes answer."""
    return bool(
        settings.OIDC_RP_CLIENT_ID
        and settings.OIDC_OP_AUTHORIZATION_ENDPOINT
        and settings.OIDC_OP_TOKEN_ENDPOINT
        and settings.OIDC_OP_USER_ENDPOINT
        and (settings.OIDC_OP_JWKS_ENDPOINT or getattr(settings, "OIDC_RP_IDP_SIGN_KEY", None))
    )


class CitizenOIDCBackend(OIDCAuthenticationBackend):
    """Signs a citizen in with the verified personal-ID claim; never an officer.

    Only the sign-in callback calls it (it passes ``nonce``); a user name and
    password sent to the officers' login never reach the provider.
    """

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if "nonce" not in kwargs or not oidc_configured():
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        # The library checks the signature, expiry and nonce but not the
        # audience: a token the provider issued to another service must not
        # sign anyone in here (OIDC Core 3.1.3.7).
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another client.")
        issuer = settings.MOTCUA_OIDC_ISSUER
        if issuer and payload.get("iss", "").rstrip("/") != issuer.rstrip("/"):
            raise SuspiciousOperation("The ID token comes from another issuer.")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if str(userinfo.get("sub")) != str(payload.get("sub")):
            raise SuspiciousOperation("The user-info is about another subject than the ID token.")
        # What the signed ID token says wins over the user-info answer.
        return {**userinfo, **payload}

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        identity = citizen_identity_from_claims(
            claims, id_number_claim=settings.MOTCUA_OIDC_ID_NUMBER_CLAIM
        )
        return citizen_sign_in(identity=identity, method=SignInMethod.VNEID).user

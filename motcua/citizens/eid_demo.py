"""A stand-in for VNeID: a real OpenID Connect provider (django-oauth-toolkit) for demo and tests.

Mounted at ``/eid-demo/`` and answering only when ``MOTCUA_EID_DEMO_PROVIDER``
is on. Its identities are ``DemoEidIdentity`` rows; signing in at its own
login page and coming back through the authorization endpoint gives the
relying party an RS256 ID token (key: ``OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"]``)
that carries the personal ID number in ``MOTCUA_OIDC_ID_NUMBER_CLAIM``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import URLPattern, path, re_path, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oauth2_provider import views as oauth_views
from oauth2_provider.oauth2_validators import OAuth2Validator

from motcua.citizens.models import DemoEidIdentity

LOGIN_URL = reverse_lazy("eid_demo_login")


def demo_identity_of(user: Any) -> DemoEidIdentity | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return DemoEidIdentity.objects.filter(user=user).first()


class EidDemoValidator(OAuth2Validator):
    """Puts the identity's ID number, name, e-mail and phone into the ID token and user-info."""

    @property
    def oidc_claim_scope(self) -> dict[str, str]:
        # A claim the map does not name is dropped; the ID number goes with "profile".
        return {**OAuth2Validator.oidc_claim_scope, settings.MOTCUA_OIDC_ID_NUMBER_CLAIM: "profile"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        identity = demo_identity_of(request.user)
        if identity is None:
            return {}
        claims: dict[str, Any] = {"name": identity.full_name}
        if identity.id_number:
            claims[settings.MOTCUA_OIDC_ID_NUMBER_CLAIM] = identity.id_number
        if identity.email:
            claims.update(email=identity.email, email_verified=True)
        if identity.phone:
            claims["phone_number"] = identity.phone
        return claims


class EidDemoLoginForm(AuthenticationForm):
    """The provider's own login: only its e-ID identities may sign in here."""

    username = forms.CharField(label=gettext_lazy("Personal ID number"), max_length=150)

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if demo_identity_of(user) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class EidDemoLoginView(auth_views.LoginView):
    template_name = "citizens/eid_demo/login.html"
    form_class = EidDemoLoginForm


class EidDemoAuthorizationView(oauth_views.AuthorizationView):
    """The authorization endpoint; asks for a login at the provider's page, not the officers'."""

    login_url = LOGIN_URL

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and demo_identity_of(request.user) is None:
            # Signed in to motcua as someone else (an officer, a citizen): that
            # session is no e-ID identity; sign in at the provider first.
            return redirect_to_login(request.get_full_path(), str(LOGIN_URL))
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response


def _demo_only(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.MOTCUA_EID_DEMO_PROVIDER:
            raise Http404(_("The demo e-ID provider is not enabled."))
        return view(request, *args, **kwargs)

    return wrapper


# Named as django-oauth-toolkit reverses them (namespace "oauth2_provider").
provider_patterns: list[URLPattern] = [
    path("authorize/", _demo_only(EidDemoAuthorizationView.as_view()), name="authorize"),
    path("token/", _demo_only(oauth_views.TokenView.as_view()), name="token"),
    path("userinfo/", _demo_only(oauth_views.UserInfoView.as_view()), name="user-info"),
    path(".well-known/jwks.json", _demo_only(oauth_views.JwksInfoView.as_view()), name="jwks-info"),
    re_path(
        r"^\.well-known/openid-configuration/?$",
        _demo_only(oauth_views.ConnectDiscoveryInfoView.as_view()),
        name="oidc-connect-discovery-info",
    ),
]
provider_urls = (provider_patterns, "oauth2_provider")
login_view = _demo_only(EidDemoLoginView.as_view())

"""The signed-in citizen's page (/cong-dan/): who is signed in, how to sign in, their dossiers."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import auth, messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.citizens.oidc import oidc_configured
from motcua.citizens.services import SignInRefused, citizen_sign_in_password
from motcua.core.ratelimit import client_ip, ip_bucket, rate_limited
from motcua.dossiers.access import officer_of
from motcua.portal.account_selectors import citizen_dossier_list, citizen_drafts, citizen_of

TEMPLATE = "portal/account/home.html"
PASSWORD_TRIES_PER_MINUTE = 10


class PasswordSignInForm(forms.Form):
    id_number = forms.CharField(label=gettext_lazy("Personal ID number"), max_length=20)
    password = forms.CharField(
        label=gettext_lazy("Password"), max_length=128, widget=forms.PasswordInput
    )


def home(request: HttpRequest) -> HttpResponse:
    citizen = citizen_of(request.user)
    context = {
        "citizen": citizen,
        "dossiers": citizen_dossier_list(citizen) if citizen is not None else [],
        "drafts": citizen_drafts(citizen) if citizen is not None else [],
        "is_officer": officer_of(request.user) is not None,
        "oidc_enabled": oidc_configured(),
        "password_enabled": settings.MOTCUA_CITIZEN_DEMO_PASSWORD,
        "form": PasswordSignInForm(),
    }
    return render(request, TEMPLATE, context)


@require_POST
def sign_in_password(request: HttpRequest) -> HttpResponse:
    """The demo's local sign-in (``MOTCUA_CITIZEN_DEMO_PASSWORD``); 404 when it is off."""
    if not settings.MOTCUA_CITIZEN_DEMO_PASSWORD:
        raise Http404(_("Signing in with a password is not available here."))
    form = PasswordSignInForm(request.POST)
    if rate_limited(
        key=f"citizen-password:{ip_bucket(client_ip(request))}",
        limit=PASSWORD_TRIES_PER_MINUTE,
        window_seconds=60,
    ):
        messages.error(request, _("Too many attempts; please try again in a minute."))
    elif form.is_valid():
        try:
            citizen = citizen_sign_in_password(
                id_number=form.cleaned_data["id_number"], password=form.cleaned_data["password"]
            )
        except SignInRefused as exc:
            messages.error(request, exc.message)
        else:
            auth.login(request, citizen.user, backend="django.contrib.auth.backends.ModelBackend")
    else:
        messages.error(request, _("Enter your personal ID number and your password."))
    return HttpResponseRedirect(reverse("citizen:home"))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return HttpResponseRedirect(reverse("citizen:home"))

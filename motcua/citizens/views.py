"""Citizen sign-in pages of the OpenID Connect flow: thin layers over mozilla-django-oidc."""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from motcua.citizens.oidc import oidc_configured
from motcua.citizens.services import SignInRefused

logger = logging.getLogger(__name__)

HOME = "citizen:home"


class CitizenSignInStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the e-ID provider; 404 when none is configured."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not oidc_configured():
            raise Http404(_("Sign-in with VNeID is not set up here."))
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response


class CitizenSignInCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; signs the citizen in or says why not."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not oidc_configured():
            raise Http404(_("Sign-in with VNeID is not set up here."))
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    @property
    def success_url(self) -> str:
        return str(self.request.session.get("oidc_login_next") or reverse(HOME))

    @property
    def failure_url(self) -> str:
        return reverse(HOME)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            response: HttpResponse = super().get(request)
            return response
        except SignInRefused as exc:
            messages.error(request, exc.message)
        except SuspiciousOperation as exc:
            # A replayed or forged answer (unknown state, bad signature, token
            # for another client): nobody is signed in.
            logger.warning("citizen sign-in refused: %s", exc)
            messages.error(request, _("The sign-in with VNeID could not be completed."))
        except requests.RequestException as exc:
            logger.warning("e-ID provider unreachable or refusing: %s", exc)
            messages.error(
                request, _("VNeID could not be reached to finish the sign-in; try again later.")
            )
        return HttpResponseRedirect(self.failure_url)

    def login_failure(self) -> HttpResponse:
        if self.request.GET.get("error"):
            messages.info(self.request, _("The sign-in with VNeID was cancelled."))
        else:
            messages.error(self.request, _("The sign-in with VNeID could not be completed."))
        return HttpResponseRedirect(self.failure_url)

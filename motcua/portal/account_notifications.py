"""The citizen's choice of notification channels (/cong-dan/thong-bao/, POST only).

The form sits on the citizen page (``portal/account/home.html``); this view
only records the choice and goes back there.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.citizens.services import citizen_notifications_set
from motcua.portal.account_selectors import citizen_of


class NotificationChannelsForm(forms.Form):
    # An unticked box is absent from the POST: a missing field means "off".
    by_email = forms.BooleanField(label=gettext_lazy("By e-mail"), required=False)
    by_sms = forms.BooleanField(label=gettext_lazy("By SMS"), required=False)


@require_POST
def notifications_set(request: HttpRequest) -> HttpResponse:
    """Save the signed-in citizen's channels; anyone else is sent to the sign-in page."""
    citizen = citizen_of(request.user)
    form = NotificationChannelsForm(request.POST)
    if citizen is not None and form.is_valid():
        citizen_notifications_set(
            citizen=citizen,
            by_email=form.cleaned_data["by_email"],
            by_sms=form.cleaned_data["by_sms"],
        )
        messages.success(request, _("Your notification choices have been saved."))
    return HttpResponseRedirect(reverse("citizen:home"))

"""Language choice: Vietnamese unless the person picked another language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LanguageMiddleware:
    """Activate the language of the language cookie, else ``LANGUAGE_CODE`` (Vietnamese).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and
    many counter computers run an English Windows: the officers would get an
    English UI they never asked for. Only an explicit choice (the VI/EN switch,
    which sets the cookie) changes the language of the pages. API clients are
    programs whose Accept-Language header is a deliberate choice, so under
    ``/api/`` Django's usual negotiation applies.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

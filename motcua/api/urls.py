from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _

from motcua.api.api import api


def unknown_path(request: HttpRequest) -> JsonResponse:
    """Unknown addresses under /api/v1/ answer JSON too, like every other API error."""
    return JsonResponse({"detail": _("No such API endpoint."), "field": None}, status=404)


urlpatterns = [
    path("", api.urls),
    re_path(r"^.*$", unknown_path),
]

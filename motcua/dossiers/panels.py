"""Extra cards on the dossier page, contributed by apps above ``dossiers``.

``dossiers`` must not import the apps built on it (ARCHITECTURE.md), yet the
dossier page is where an officer sees their work too: such an app registers
a panel in its ``AppConfig.ready()``, and the page renders every panel.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from motcua.dossiers.models import Dossier

Panel = Callable[[HttpRequest, Dossier], SafeString]
_PANELS: list[Panel] = []


def panel_register(panel: Panel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def panels_render(request: HttpRequest, dossier: Dossier) -> list[SafeString]:
    return [panel(request, dossier) for panel in _PANELS]

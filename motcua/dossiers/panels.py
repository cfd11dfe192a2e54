"""Extra cards on the dossier page, contributed by apps above ``dossiers``.

``dossiers`` must not import the apps built on it (ARCHITECTURE.md), yet the
dossier page is where an officer sees their work too: such an app registers
a panel in its ``AppConfig.ready()``, and the page renders every panel.

A panel is registered by its dotted path and imported at the first page: the
views behind panels import the PDF, OCR and signing libraries, which a worker
or a command that never renders a page must not wait for at start-up.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString

from motcua.dossiers.models import Dossier

Panel = Callable[[HttpRequest, Dossier], SafeString]
_PANELS: list[str] = []


def panel_register(path: str) -> None:
    """Register the panel function at ``path`` ("package.module.function")."""
    if path not in _PANELS:
        _PANELS.append(path)


def panels_render(request: HttpRequest, dossier: Dossier) -> list[SafeString]:
    panels: list[Panel] = [import_string(path) for path in _PANELS]
    return [panel(request, dossier) for panel in panels]

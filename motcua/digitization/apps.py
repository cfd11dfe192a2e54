from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitizationConfig(AppConfig):
    name = "motcua.digitization"
    label = "digitization"
    verbose_name = _("Digitization")

    def ready(self) -> None:
        from motcua.dossiers.panels import panel_register

        panel_register("motcua.digitization.views.scans_panel")
        panel_register("motcua.digitization.views.results_panel")

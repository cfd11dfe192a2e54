from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarehouseConfig(AppConfig):
    name = "motcua.warehouse"
    label = "warehouse"
    verbose_name = _("Data stores")

    def ready(self) -> None:
        from motcua.dossiers.hooks import intake_hook_register, intake_offers_register
        from motcua.dossiers.panels import panel_register
        from motcua.warehouse import signals
        from motcua.warehouse.selectors import intake_store_offers
        from motcua.warehouse.services import intake_reuse

        signals.connect()
        panel_register("motcua.warehouse.views.store_panel")
        intake_offers_register(intake_store_offers)
        intake_hook_register(intake_reuse)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "motcua.reporting"
    label = "reporting"
    verbose_name = _("Indicators and reports")

    def ready(self) -> None:
        from motcua.dossiers.hooks import (
            event_hook_register,
            intake_hook_register,
            transition_hook_register,
        )
        from motcua.reporting.services import (
            daily_count_on_event,
            daily_count_on_intake,
            daily_count_on_transition,
        )

        intake_hook_register(daily_count_on_intake)
        transition_hook_register(daily_count_on_transition)
        event_hook_register(daily_count_on_event)

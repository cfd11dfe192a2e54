from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "motcua.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from motcua.dossiers.hooks import (
            event_hook_register,
            intake_hook_register,
            transition_hook_register,
        )
        from motcua.portal.notifications import (
            notify_on_event,
            notify_on_intake,
            notify_on_transition,
        )

        # Notifications to applicants: rows written in the change's transaction, sent after it.
        intake_hook_register(notify_on_intake)
        transition_hook_register(notify_on_transition)
        event_hook_register(notify_on_event)

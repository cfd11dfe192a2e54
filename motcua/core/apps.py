from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.urls import register_converter

        from motcua.core.converters import CodeConverter
        from motcua.core.models import CalendarException

        register_converter(CodeConverter, "code")
        from motcua.core.signals import calendar_exception_changed

        for signal in (post_save, post_delete):
            signal.connect(
                calendar_exception_changed,
                sender=CalendarException,
                dispatch_uid="core.calendar_exception_changed",
            )

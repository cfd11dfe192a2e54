"""motcua: the one-stop shop (một cửa) platform."""

# Loaded with the project so that ``shared_task`` binds to this app, in web
# processes as in workers (Celery's recommended Django layout).
from .celery import app as celery_app

__all__ = ("celery_app",)

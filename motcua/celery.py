"""The Celery app of motcua.

Configuration comes from Django settings (the ``CELERY_*`` names), so the
choice between in-process jobs and workers on a broker is made there only:
with ``CELERY_BROKER_URL`` empty, ``task_always_eager`` runs every job in the
process that enqueued it. Tasks are found in each installed app's ``tasks.py``.
"""

from __future__ import annotations

import os

from celery import Celery

# A worker started with ``celery -A motcua`` has no other way to find settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

app = Celery("motcua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

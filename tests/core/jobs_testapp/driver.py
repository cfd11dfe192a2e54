"""Producer side of the kill test, run as its own process on the test's database.

``python -m tests.core.jobs_testapp.driver MARKER_DIR PAUSE TRANSPORT_OPTIONS_JSON``
creates the tables and one record, enqueues ``record_build_task`` in the same
transaction (so it is published on commit) and prints the record id.
"""

from __future__ import annotations

import json
import sys

import django
from django.db import transaction


def main(marker_dir: str, pause: int, transport_options: str) -> int:
    django.setup()
    from motcua import celery_app
    from motcua.core.jobs import enqueue
    from tests.core.jobs_testapp.tasks import record_build_task, record_create, tables_create

    # The same key prefix as the workers, so concurrent test runs do not meet.
    celery_app.conf.broker_transport_options = json.loads(transport_options)
    tables_create()
    with transaction.atomic():
        record_id = record_create()
        enqueue(record_build_task, record_id=record_id, marker_dir=marker_dir, pause=pause)
    return record_id


if __name__ == "__main__":
    print(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))

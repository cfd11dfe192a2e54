"""Test-only jobs, loaded by a worker with ``--include tests.core.jobs_testapp.tasks``."""

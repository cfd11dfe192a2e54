"""Fixtures of the browser tests: Debian's Chromium, and the stand-in e-ID provider."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from tests.citizens.test_oidc_signin import provider, provider_key  # noqa: F401 - fixtures

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = f"Debian's chromium is not installed at {CHROMIUM}; `make setup` installs chromium"
# Locally a missing browser skips the tests; in CI they fail (see the browser
# fixture), or CI would pass without ever having driven a browser.
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(NO_CHROMIUM, pytrace=False)
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the test makes between page actions are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="motcua-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=FLAGS,
            headless=True,
            viewport={"width": 1366, "height": 768},
            locale="vi-VN",
        )
        try:
            yield context
        finally:
            # The ORM calls made while Playwright's loop runs open a connection
            # of their own context; close it here, or it outlives the test and
            # keeps PostgreSQL from dropping the test database.
            connections.close_all()
            context.close()
            shutil.rmtree(profile, ignore_errors=True)

"""Shared builders of the page tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dossiers.helpers import receive


@pytest.fixture
def dossier(world: Any) -> Any:
    """A dossier received at Đèo Gia's counter for Nguyễn Văn Hùng."""
    return receive(world.counter)


@pytest.fixture(autouse=True)
def _english(client: Any, settings: Any) -> None:
    """Page tests read English labels; the Vietnamese default is tested in test_translations."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

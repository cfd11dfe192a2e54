from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.dossiers.helpers import receive


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Each test stores its files in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def dossier(world: Any) -> Any:
    return receive(world.counter)


def stored_files(media: Path) -> list[Path]:
    return sorted(path for path in media.rglob("*") if path.is_file()) if media.exists() else []

"""Typed readers for 12-factor settings. Each fails loudly on a malformed value."""

from __future__ import annotations

import os
from pathlib import Path


class ConfigError(RuntimeError):
    """A setting is present but cannot be understood."""


def env_str(name: str, default: str = "") -> str:
    """The variable's value; unset and empty both mean the default."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker/K8s secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE={file_name!r} cannot be read: {exc}") from None
    return os.environ.get(name, default)


def check_code_format(template: str) -> str:
    """Refuse a dossier-code template that cannot work, when settings load.

    It may use {agency}, {yymmdd}, {yyyymmdd} and must use {seq} (the daily
    sequence): without it two dossiers of one day would get the same code.
    """
    if "{seq" not in template:
        raise ConfigError(f"MOTCUA_DOSSIER_CODE_FORMAT={template!r} must contain {{seq}}")
    try:
        template.format(agency="000.00.00.H00", yymmdd="260101", yyyymmdd="20260101", seq=1)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(
            f"MOTCUA_DOSSIER_CODE_FORMAT={template!r} is not a valid template: {exc!r}; "
            "use {agency}, {yymmdd}, {yyyymmdd} and {seq}"
        ) from None
    return template

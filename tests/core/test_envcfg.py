"""Settings helpers fail loudly and early."""

from __future__ import annotations

import pytest

from motcua.core.lib.envcfg import ConfigError, check_code_format, env_str


@pytest.mark.parametrize("template", ["{agency}-{yymmdd}", "{agency}-{day}-{seq}", "{seq"])
def test_a_broken_dossier_code_format_is_refused_when_settings_load(template):
    with pytest.raises(ConfigError, match="MOTCUA_DOSSIER_CODE_FORMAT"):
        check_code_format(template)


def test_the_default_and_a_dated_format_are_accepted():
    assert check_code_format("{agency}-{yymmdd}-{seq:04d}")
    assert check_code_format("{agency}.{yyyymmdd}.{seq:05d}")


def test_an_empty_variable_means_the_default(monkeypatch):
    monkeypatch.setenv("MOTCUA_SOMETHING", "")
    assert env_str("MOTCUA_SOMETHING", "fallback") == "fallback"

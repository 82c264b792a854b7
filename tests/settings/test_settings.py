"""Settings: flags > environment > config file > defaults; bad values are errors, never ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.settings import Settings, SettingsError, describe, find_config, read_config, resolve


def _toml(tmp_path: Path, text: str, name: str = "refcheck.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_defaults_without_file_or_env():
    s = Settings.from_env({}, config=False)
    assert s == Settings()


def test_layers_flag_over_env_over_file_over_default(tmp_path):
    cfg = _toml(tmp_path, 'email = "file@example.org"\ntimeout = 3\ndeadline = 20\nfail_on = "warning"\n')
    env = {"REFCHECK_TIMEOUT": "4", "REFCHECK_EMAIL": "env@example.org"}
    s, origin = resolve(env, cfg, {"email": "flag@example.org"})
    assert s.email == "flag@example.org" and origin["email"] == "flag"
    assert s.timeout == 4.0 and origin["timeout"] == "env REFCHECK_TIMEOUT"
    assert s.deadline == 20.0 and origin["deadline"] == f"file {cfg}"
    assert s.fail_on == "warning"
    assert s.max_attempts == Settings.max_attempts and origin["max_attempts"] == "default"


@pytest.mark.parametrize(
    "name,value,words",
    [
        ("REFCHECK_TIMEOUT", "abc", "not a number"),
        ("REFCHECK_TIMEOUT", "-1", "positive"),
        ("REFCHECK_DEADLINE", "inf", "positive"),
        ("REFCHECK_MAX_ATTEMPTS", "2.5", "whole number"),
        ("REFCHECK_EUTILS_URL", "ftp://x", "http"),
        ("REFCHECK_FAIL_ON", "sometimes", "one of"),
        ("REFCHECK_OFFLINE", "maybe", "true or false"),
    ],
)
def test_bad_environment_values_are_errors(name, value, words):
    with pytest.raises(SettingsError) as e:
        Settings.from_env({name: value}, config=False)
    msg = str(e.value)
    assert name in msg and words in msg and "\n" not in msg


def test_empty_environment_value_means_unset():
    assert Settings.from_env({"REFCHECK_TIMEOUT": ""}, config=False).timeout == Settings.timeout


def test_config_file_errors_name_the_file_and_key(tmp_path):
    bad = _toml(tmp_path, "timeout = 'soon'\n")
    with pytest.raises(SettingsError, match=r"refcheck\.toml: timeout='soon' is not a number"):
        read_config(bad)
    unknown = _toml(tmp_path, "emial = 'x@example.org'\n", "u.toml")
    with pytest.raises(SettingsError, match="unknown setting 'emial'"):
        read_config(unknown)
    broken = _toml(tmp_path, "email = \n", "b.toml")
    with pytest.raises(SettingsError, match="not valid TOML"):
        read_config(broken)


def test_api_key_is_never_read_from_a_file(tmp_path):
    cfg = _toml(tmp_path, "api_key = 'abcdef0123456789abcdef0123456789'\n")
    with pytest.raises(SettingsError) as e:
        read_config(cfg)
    assert "NCBI_API_KEY" in str(e.value) and "abcdef0123" not in str(e.value)


def test_find_config_order(tmp_path):
    home = tmp_path / "home"
    (home / ".config" / "refcheck").mkdir(parents=True)
    user = _toml(home / ".config" / "refcheck", "email = 'u@example.org'\n")
    work = tmp_path / "work"
    work.mkdir()
    assert find_config({"HOME": str(home)}, cwd=work) == user
    local = _toml(work, "email = 'l@example.org'\n")
    assert find_config({"HOME": str(home)}, cwd=work) == local
    named = _toml(tmp_path, "email = 'n@example.org'\n", "other.toml")
    assert find_config({"HOME": str(home), "REFCHECK_CONFIG": str(named)}, cwd=work) == named
    with pytest.raises(SettingsError, match="no such file"):
        find_config({"REFCHECK_CONFIG": str(tmp_path / "missing.toml")}, cwd=work)


def test_describe_never_shows_the_key():
    s, origin = resolve({"NCBI_API_KEY": "secret-key-value-123"}, False, {})
    rows = describe(s, origin)
    assert ("api_key", "set", "env NCBI_API_KEY") in rows
    assert "secret-key-value-123" not in repr(rows)

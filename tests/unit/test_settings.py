"""Settings come from ATTUNE_* variables, with defaults for one machine and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.settings import Settings, SettingsError, packaged_pwa_dir, settings_from_env


def test_settings_defaults_suit_one_machine() -> None:
    settings = settings_from_env({})
    assert settings == Settings()
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.public_url == ""
    assert settings.secure_cookies is False
    assert settings.spaces_per_hour_per_address == 20
    assert settings.pairing_attempts_per_10min == 10
    assert settings.log_level == "INFO"
    assert settings.data_path == Path("data").resolve()
    assert settings.database_path == Path("data").resolve() / "attune.sqlite3"
    assert settings.shell_dir == packaged_pwa_dir()


@pytest.mark.parametrize(
    ("name", "value", "field", "expected"),
    [
        ("ATTUNE_HOST", "0.0.0.0", "host", "0.0.0.0"),
        ("ATTUNE_PORT", "8443", "port", 8443),
        ("ATTUNE_PORT", " 9000 ", "port", 9000),
        ("ATTUNE_PUBLIC_URL", "https://attune.example", "public_url", "https://attune.example"),
        ("ATTUNE_PUBLIC_URL", "http://localhost:8000", "public_url", "http://localhost:8000"),
        ("ATTUNE_PWA_DIR", "/srv/attune/pwa", "pwa_dir", "/srv/attune/pwa"),
        ("ATTUNE_DATA_DIR", "/var/lib/attune", "data_dir", "/var/lib/attune"),
        ("ATTUNE_SPACES_PER_HOUR", "5", "spaces_per_hour_per_address", 5),
        ("ATTUNE_PAIRING_ATTEMPTS", "3", "pairing_attempts_per_10min", 3),
        ("ATTUNE_LOG_LEVEL", "DEBUG", "log_level", "DEBUG"),
        ("ATTUNE_LOG_LEVEL", "warning", "log_level", "warning"),
    ],
)
def test_settings_read_each_attune_variable(
    name: str, value: str, field: str, expected: object
) -> None:
    settings = settings_from_env({name: value})
    assert getattr(settings, field) == expected
    untouched = {f: getattr(Settings(), f) for f in Settings.__struct_fields__ if f != field}
    assert {f: getattr(settings, f) for f in untouched} == untouched


def test_settings_ignore_blank_and_foreign_variables() -> None:
    env = {"ATTUNE_PORT": "  ", "ATTUNE_HOST": "", "PORT": "1", "ATTUNE_UNKNOWN": "x"}
    assert settings_from_env(env) == Settings()


def test_settings_explicit_overrides_beat_the_environment(tmp_path: Path) -> None:
    env = {"ATTUNE_PORT": "9000", "ATTUNE_DATA_DIR": "/nowhere"}
    settings = settings_from_env(env, port=9100, data_dir=str(tmp_path), host=None)
    assert settings.port == 9100
    assert settings.data_path == tmp_path
    assert settings.host == "127.0.0.1"


@pytest.mark.parametrize(
    ("public_url", "secure"),
    [("", False), ("http://localhost:8000", False), ("https://attune.example", True)],
)
def test_settings_secure_cookies_only_over_https(public_url: str, secure: bool) -> None:
    assert settings_from_env({"ATTUNE_PUBLIC_URL": public_url}).secure_cookies is secure


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ATTUNE_PORT", "eighty"),
        ("ATTUNE_PORT", "0"),
        ("ATTUNE_PORT", "65536"),
        ("ATTUNE_PORT", "80.5"),
        ("ATTUNE_SPACES_PER_HOUR", "0"),
        ("ATTUNE_SPACES_PER_HOUR", "many"),
        ("ATTUNE_PAIRING_ATTEMPTS", "-1"),
        ("ATTUNE_PUBLIC_URL", "attune.example"),
        ("ATTUNE_PUBLIC_URL", "ftp://attune.example"),
        ("ATTUNE_LOG_LEVEL", "LOUD"),
    ],
)
def test_settings_bad_value_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as refused:
        settings_from_env({name: value})
    message = str(refused.value)
    assert name in message
    assert "$." not in message

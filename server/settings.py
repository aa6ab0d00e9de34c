"""Settings built once from the environment and passed to the app."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import msgspec


class SettingsError(ValueError):
    """An ATTUNE_* variable holds a value Attune cannot use."""


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Everything an operator can configure, with defaults for one machine."""

    data_dir: str = "./data"
    host: str = "127.0.0.1"
    port: Annotated[int, msgspec.Meta(ge=1, le=65535)] = 8000
    public_url: str = ""
    pwa_dir: str = ""
    spaces_per_hour_per_address: Annotated[int, msgspec.Meta(ge=1)] = 20
    pairing_attempts_per_10min: Annotated[int, msgspec.Meta(ge=1)] = 10
    log_level: str = "INFO"
    # Lets calendar feeds live on loopback or private addresses, for tests with a local feed
    # server. Deliberately not read from any ATTUNE_* variable: an operator can never switch SSRF
    # protection off by accident.
    allow_local_feeds: bool = False

    def __post_init__(self) -> None:
        if self.public_url and not self.public_url.startswith(("http://", "https://")):
            raise ValueError(
                "must start with https:// (or http:// for local use) - at `$.public_url`"
            )
        if self.log_level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR - at `$.log_level`")

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).expanduser().resolve()

    @property
    def database_path(self) -> Path:
        return self.data_path / "attune.sqlite3"

    @property
    def secure_cookies(self) -> bool:
        return self.public_url.startswith("https://")

    @property
    def shell_dir(self) -> Path:
        return Path(self.pwa_dir).resolve() if self.pwa_dir else packaged_pwa_dir()


def packaged_pwa_dir() -> Path:
    """Return the PWA folder: inside an installed wheel, or beside the source tree."""
    installed = Path(__file__).resolve().parent / "_pwa"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "pwa"


_ENV_FIELDS = {
    "ATTUNE_DATA_DIR": "data_dir",
    "ATTUNE_HOST": "host",
    "ATTUNE_PORT": "port",
    "ATTUNE_PUBLIC_URL": "public_url",
    "ATTUNE_PWA_DIR": "pwa_dir",
    "ATTUNE_SPACES_PER_HOUR": "spaces_per_hour_per_address",
    "ATTUNE_PAIRING_ATTEMPTS": "pairing_attempts_per_10min",
    "ATTUNE_LOG_LEVEL": "log_level",
}


def settings_from_env(env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Build settings from ATTUNE_* variables, then apply explicit overrides."""
    source = os.environ if env is None else env
    raw: dict[str, object] = {}
    for name, field in _ENV_FIELDS.items():
        value = source.get(name, "").strip()
        if not value:
            continue
        raw[field] = value
    raw.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return msgspec.convert(raw, Settings, strict=False)
    except msgspec.ValidationError as exc:
        raise SettingsError(_explain(str(exc))) from None


def _explain(message: str) -> str:
    reverse = {field: name for name, field in _ENV_FIELDS.items()}
    for field, name in reverse.items():
        message = message.replace(f"`$.{field}`", name)
    return message

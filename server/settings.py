"""Settings built once from the environment and passed to the app."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import msgspec

from server.addresses import valid_host

# The hosts browsers' push services hand out endpoints on: Chrome (FCM), Firefox (autopush),
# Edge (WNS, e.g. wns2-par02p.notify.windows.com) and Safari (APNs).
REAL_PUSH_HOSTS = (
    "fcm.googleapis.com",
    "updates.push.services.mozilla.com",
    "*.notify.windows.com",
    "web.push.apple.com",
    "*.push.apple.com",
)


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
    # The VAPID `sub` claim push services may contact; empty picks one (see `vapid_contact`).
    vapid_subject: str = ""
    # Hosts push endpoints may live on: exact names, or `*.` for any name under a domain.
    push_hosts: tuple[str, ...] = REAL_PUSH_HOSTS
    # Lets push endpoints be http on any port and on loopback, for tests with a local push
    # service. Not read from any ATTUNE_* variable, like allow_local_feeds.
    allow_local_push: bool = False

    def __post_init__(self) -> None:
        if self.public_url and not self.public_url.startswith(("http://", "https://")):
            raise ValueError(
                "must start with https:// (or http:// for local use) - at `$.public_url`"
            )
        if self.log_level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR - at `$.log_level`")
        if self.vapid_subject and not _is_contact(self.vapid_subject):
            raise ValueError("must be a mailto: address or an https:// URL - at `$.vapid_subject`")
        for host in self.push_hosts:
            if not valid_host(host.removeprefix("*.")) or host != host.lower():
                raise ValueError(
                    f"{host!r} is not a lower-case host name (or *.domain) - at `$.push_hosts`"
                )

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
    def vapid_contact(self) -> str:
        """Return the VAPID `sub` claim: vapid_subject, else the https public URL or a mailto."""
        if self.vapid_subject:
            return self.vapid_subject
        if self.secure_cookies:
            return self.public_url.rstrip("/")
        return f"mailto:attune@{socket.gethostname()}"

    @property
    def shell_dir(self) -> Path:
        return Path(self.pwa_dir).resolve() if self.pwa_dir else packaged_pwa_dir()


def _is_contact(subject: str) -> bool:
    """Say whether subject is a mailto: address or an https:// URL with a host."""
    if subject.startswith("mailto:"):
        user, _, domain = subject.removeprefix("mailto:").partition("@")
        return bool(user) and valid_host(domain)
    if subject.startswith("https://"):
        host = subject.removeprefix("https://").split("/", 1)[0].split(":", 1)[0]
        return valid_host(host)
    return False


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
    "ATTUNE_VAPID_SUBJECT": "vapid_subject",
    "ATTUNE_PUSH_HOSTS": "push_hosts",
}
# Variables that hold a comma-separated list.
_LIST_FIELDS = {"push_hosts"}


def settings_from_env(env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Build settings from ATTUNE_* variables, then apply explicit overrides."""
    source = os.environ if env is None else env
    raw: dict[str, object] = {}
    for name, field in _ENV_FIELDS.items():
        value = source.get(name, "").strip()
        if not value:
            continue
        if field in _LIST_FIELDS:
            raw[field] = [item.strip().lower() for item in value.split(",") if item.strip()]
        else:
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

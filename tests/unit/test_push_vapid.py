"""The VAPID key is made once (mode 0600) and kept; each push service's header is signed hourly."""

from __future__ import annotations

import base64
import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from support.clock import FakeClock

from server.push import vapid
from server.push.vapid import VAPID_FILE, VapidSigner, load_or_create_vapid_key, public_key_b64


def _claims(header: str) -> dict[str, object]:
    token = header.removeprefix("vapid t=").split(",")[0]
    body = token.split(".")[1]
    claims: dict[str, object] = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    return claims


def test_vapid_key_is_made_once_owner_only_and_kept(tmp_path: Path) -> None:
    first = load_or_create_vapid_key(tmp_path / "data")
    path = tmp_path / "data" / VAPID_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_or_create_vapid_key(tmp_path / "data")
    assert public_key_b64(again) == public_key_b64(first)
    raw = base64.urlsafe_b64decode(public_key_b64(first) + "=")
    assert len(raw) == 65
    assert raw[0] == 0x04


def test_vapid_key_file_that_holds_something_else_stops_the_start(tmp_path: Path) -> None:
    (tmp_path / VAPID_FILE).write_text("not a key")
    with pytest.raises(RuntimeError, match="does not hold a P-256 private key"):
        load_or_create_vapid_key(tmp_path)


def test_vapid_header_is_signed_once_per_origin_per_hour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed: list[dict[str, object]] = []
    real_sign = vapid.sign_token

    def counting_sign(key: object, claims: dict[str, object]) -> str:
        signed.append(claims)
        return real_sign(key, claims)  # type: ignore[arg-type]

    monkeypatch.setattr(vapid, "sign_token", counting_sign)
    clock = FakeClock()
    signer = VapidSigner(load_or_create_vapid_key(tmp_path), "mailto:ops@example.org", clock)
    fcm, mozilla = "https://fcm.googleapis.com", "https://updates.push.services.mozilla.com"

    first = signer.authorization(fcm)
    assert signer.authorization(fcm) == first
    signer.authorization(mozilla)
    clock.advance(minutes=59, seconds=59)
    assert signer.authorization(fcm) == first
    assert len(signed) == 2

    clock.advance(seconds=1)
    renewed = signer.authorization(fcm)
    assert renewed != first
    assert len(signed) == 3
    assert _claims(renewed) == {
        "aud": fcm,
        "exp": int((clock.now() + timedelta(hours=12)).timestamp()),
        "sub": "mailto:ops@example.org",
    }
    assert renewed.endswith(f", k={signer.public_key}")

"""A push subscription's endpoint and keys are checked before Attune keeps them: a table each."""

from __future__ import annotations

import base64

import pytest
from support.push_service import make_subscription

from server.errors import BadRequest
from server.push.endpoints import check_auth, check_endpoint, check_p256dh, host_allowed
from server.settings import REAL_PUSH_HOSTS

SUBSCRIPTION = make_subscription("https://fcm.googleapis.com/fcm/send/abc")
P256DH = SUBSCRIPTION.p256dh
AUTH = SUBSCRIPTION.json["keys"]["auth"]


def _b64(data: bytes, *, padded: bool = False) -> str:
    text = base64.urlsafe_b64encode(data).decode()
    return text if padded else text.rstrip("=")


@pytest.mark.parametrize(
    ("endpoint", "host", "port"),
    [
        ("https://fcm.googleapis.com/fcm/send/dZ3k:APA91b", "fcm.googleapis.com", 443),
        (
            "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABf",
            "updates.push.services.mozilla.com",
            443,
        ),
        (
            "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAB",
            "wns2-par02p.notify.windows.com",
            443,
        ),
        ("https://web.push.apple.com/QGuQyavXutnMH", "web.push.apple.com", 443),
        ("https://api.push.apple.com/3/device/abc", "api.push.apple.com", 443),
        ("https://fcm.googleapis.com:443/fcm/send/x", "fcm.googleapis.com", 443),
        ("https://FCM.googleapis.com/fcm/send/x", "fcm.googleapis.com", 443),
    ],
)
def test_push_endpoint_of_a_real_push_service_passes(endpoint: str, host: str, port: int) -> None:
    checked = check_endpoint(endpoint, hosts=REAL_PUSH_HOSTS, allow_local=False)
    assert (checked.url, checked.host, checked.port) == (endpoint, host, port)


@pytest.mark.parametrize(
    ("endpoint", "says"),
    [
        ("http://fcm.googleapis.com/fcm/send/x", "https://"),
        ("ftp://fcm.googleapis.com/x", "https://"),
        ("fcm.googleapis.com/fcm/send/x", "https://"),
        ("https://fcm.googleapis.com:8443/x", "port 443"),
        ("https://fcm.googleapis.com.evil.example/x", "not a push service"),
        ("https://evil.example/fcm.googleapis.com/x", "not a push service"),
        ("https://notify.windows.com/w/x", "not a push service"),
        ("https://evilnotify.windows.com/w/x", "not a push service"),
        ("https://push.apple.com/x", "not a push service"),
        ("https://127.0.0.1/push/x", "not a push service"),
        ("https://[::1]/push/x", "not a push service"),
        ("https://169.254.169.254/latest/meta-data", "not a push service"),
        ("https://user:secret@fcm.googleapis.com/x", "user name"),
        ("https://fcm.googleapis.com/x#part", "#part"),
        ("https:///x", "no valid host"),
        ("https://fcm.googleapis.com:99999/x", "not a valid web address"),
        ("https://[::1/x", "not a valid web address"),
        ("https://evil.example\\@fcm.googleapis.com/x", "not a valid web address"),
        ("https://fcm..googleapis.com/x", "no valid host"),
        ("https://fcm.googleapis.com/a b", "not a web address"),
        ("https://fcm.googleapis.cöm/x", "not a web address"),
        ("https://fcm.googleapis.com/" + "a" * 2100, "not a web address"),
        ("", "not a web address"),
    ],
)
def test_push_endpoint_elsewhere_is_refused(endpoint: str, says: str) -> None:
    with pytest.raises(BadRequest) as refused:
        check_endpoint(endpoint, hosts=REAL_PUSH_HOSTS, allow_local=False)
    assert says in refused.value.message
    assert (refused.value.field, refused.value.code) == ("endpoint", "invalid_subscription")
    # The path of an endpoint is a capability: it never appears in a message.
    assert "/x" not in refused.value.message


def test_push_endpoint_on_loopback_passes_only_when_local_push_is_allowed() -> None:
    endpoint = "http://127.0.0.1:8123/push/phone"
    checked = check_endpoint(endpoint, hosts=("127.0.0.1",), allow_local=True)
    assert (checked.host, checked.port) == ("127.0.0.1", 8123)
    with pytest.raises(BadRequest):
        check_endpoint(endpoint, hosts=("127.0.0.1",), allow_local=False)
    with pytest.raises(BadRequest):
        check_endpoint("http://localhost:8123/push/x", hosts=("127.0.0.1",), allow_local=True)


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("fcm.googleapis.com", True),
        ("fcm.googleapis.com.", True),
        ("a.b.notify.windows.com", True),
        ("notify.windows.com", False),
        ("xnotify.windows.com", False),
        ("googleapis.com", False),
        ("web.push.apple.com", True),
    ],
)
def test_push_host_matches_exactly_or_under_a_wildcard_domain(host: str, allowed: bool) -> None:
    assert host_allowed(host, REAL_PUSH_HOSTS) is allowed


@pytest.mark.parametrize(
    "text", [P256DH, P256DH + "=", _b64(base64.urlsafe_b64decode(P256DH + "="), padded=True)]
)
def test_push_key_p256dh_passes_with_or_without_padding(text: str) -> None:
    assert len(check_p256dh(text)) == 65


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(_b64(b"\x04" + b"\x00" * 63 + b"\x01"), id="not-on-curve"),
        pytest.param(_b64(b"\x04" + (1).to_bytes(32, "big") * 2), id="x1-y1"),
        pytest.param(_b64(b"\x02" + b"\x11" * 32), id="compressed"),
        pytest.param(_b64(b"\x04" + b"\x11" * 63), id="64-bytes"),
        pytest.param(_b64(b"\x05" + b"\x11" * 64), id="wrong-prefix"),
        pytest.param(P256DH.replace("-", "+").replace("_", "/") + "+/", id="standard-base64"),
        pytest.param(P256DH[:-1] + "!", id="bad-character"),
        pytest.param(P256DH + "===", id="too-much-padding"),
        pytest.param("A", id="one-character"),
        pytest.param("", id="empty"),
    ],
)
def test_push_key_p256dh_that_is_not_a_p256_point_is_refused(text: str) -> None:
    with pytest.raises(BadRequest) as refused:
        check_p256dh(text)
    assert refused.value.field == "keys.p256dh"


def test_push_key_auth_must_be_16_bytes() -> None:
    assert check_auth(AUTH) == base64.urlsafe_b64decode(AUTH + "==")
    assert len(check_auth(_b64(b"\x01" * 16, padded=True))) == 16
    for wrong in (_b64(b"\x01" * 15), _b64(b"\x01" * 17), "not base64!", ""):
        with pytest.raises(BadRequest) as refused:
            check_auth(wrong)
        assert refused.value.field == "keys.auth"

"""Feed fetching: SSRF refusals, conditional GETs, caps and failures, none leaking the URL."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from support.calendars import BAD_HOSTS
from support.feed_server import SAMPLE_ICS, SECRET_PATH, FeedServer, serve_feed
from support.tls import self_signed_context

from server.addresses import refusal_reason
from server.calendars.feeds import FeedError, Resolver, check_feed_url, fetch_feed

SECRET_PARTS = ("feed-7f3a9c2e", "s3cr3t-t0ken", "token=", "/private/")


@pytest.fixture
async def feed() -> AsyncIterator[FeedServer]:
    async with serve_feed() as server:
        yield server


def resolves_to(*addresses: str, calls: list[str] | None = None) -> Resolver:
    """Stand in for DNS: every name resolves to addresses, and each lookup is recorded."""

    async def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        return list(addresses)

    return resolve


def assert_safe(error: FeedError) -> None:
    """A FeedError names the host at most: never the path or query that make up the secret."""
    for part in SECRET_PARTS:
        assert part not in str(error)
    assert error.__cause__ is None
    assert error.__suppress_context__ or error.__context__ is None


def secret_url(host: str, scheme: str = "https") -> str:
    return f"{scheme}://{host}{SECRET_PATH}"


NAME = "calendar.example.com"


@pytest.mark.parametrize(
    ("url", "addresses", "reason"),
    [
        pytest.param(secret_url(NAME, "http"), (), "plain http", id="http"),
        pytest.param(secret_url(NAME + ":8443"), (), "port 443, not 8443", id="port"),
        pytest.param(secret_url("127.0.0.1"), (), "loopback", id="loopback-v4"),
        pytest.param(secret_url("127.9.9.9"), (), "loopback", id="loopback-range"),
        pytest.param(secret_url("[::1]"), (), "loopback", id="loopback-v6"),
        pytest.param(secret_url("10.0.0.1"), (), "private network", id="private-10"),
        pytest.param(secret_url("172.16.5.4"), (), "private network", id="private-172"),
        pytest.param(secret_url("192.168.1.1"), (), "private network", id="private-192"),
        pytest.param("https://169.254.169.254/latest/meta-data", (), "link-local", id="metadata"),
        pytest.param(secret_url("100.64.0.1"), (), "carrier-grade NAT", id="cgnat"),
        pytest.param(secret_url("0.0.0.0"), (), "unspecified", id="unspecified"),
        pytest.param(secret_url("224.0.0.1"), (), "multicast", id="multicast"),
        pytest.param(secret_url("240.0.0.1"), (), "reserved", id="reserved"),
        pytest.param(secret_url("198.18.0.1"), (), "benchmarking", id="benchmarking"),
        pytest.param(secret_url("[fd12:3456::1]"), (), "private network", id="unique-local"),
        pytest.param(secret_url("[fe80::1]"), (), "link-local", id="link-local-v6"),
        pytest.param(
            secret_url("[::ffff:192.168.0.1]"),
            (),
            "private network address (192.168.0.1 written as IPv6)",
            id="v4-mapped",
        ),
        pytest.param(
            secret_url("[::ffff:169.254.169.254]"), (), "link-local", id="v4-mapped-metadata"
        ),
        pytest.param(secret_url("[2002:a00:1::1]"), (), "tunnel to 10.0.0.1", id="6to4"),
        pytest.param(
            secret_url("[64:ff9b::a9fe:a9fe]"), (), "tunnel to 169.254.169.254", id="nat64"
        ),
        pytest.param(secret_url(NAME), ("10.1.2.3",), "private network", id="dns-private"),
        pytest.param(
            secret_url(NAME), ("93.184.215.14", "10.1.2.3"), "(10.1.2.3)", id="dns-any-private"
        ),
        pytest.param(secret_url(NAME), ("::ffff:7f00:1",), "loopback", id="dns-mapped-loopback"),
        pytest.param(secret_url(NAME), ("fe80::1%eth0",), "link-local", id="dns-scoped-v6"),
        pytest.param(secret_url(NAME), (), "could not be found", id="dns-nothing"),
    ],
)
async def test_fetch_feed_refuses_what_ssrf_policy_forbids(
    url: str, addresses: tuple[str, ...], reason: str
) -> None:
    with pytest.raises(FeedError) as refused:
        await fetch_feed(url, resolve=resolves_to(*addresses), timeout=2)
    assert reason in str(refused.value)
    assert_safe(refused.value)


async def test_fetch_feed_refuses_localhost_by_real_lookup() -> None:
    with pytest.raises(FeedError, match=r"localhost .* loopback address") as refused:
        await fetch_feed(secret_url("localhost"), timeout=5)
    assert_safe(refused.value)


@pytest.mark.parametrize(
    ("url", "addresses"),
    [
        pytest.param("http://10.0.0.1:8080/feed.ics", (), id="private"),
        pytest.param("http://169.254.169.254/latest/meta-data", (), id="metadata"),
        pytest.param("http://calendar.test:8080/feed.ics", ("10.1.2.3",), id="dns-private"),
        pytest.param(
            "http://calendar.test:8080/feed.ics", ("127.0.0.1", "192.168.0.9"), id="dns-mixed"
        ),
    ],
)
async def test_fetch_feed_allow_local_still_refuses_private_and_metadata(
    url: str, addresses: tuple[str, ...]
) -> None:
    with pytest.raises(FeedError, match="refused"):
        await fetch_feed(url, allow_local=True, resolve=resolves_to(*addresses), timeout=2)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_fetch_feed_does_not_follow_redirects(feed: FeedServer, status: int) -> None:
    feed.redirect_to("http://169.254.169.254/latest/meta-data", status)
    with pytest.raises(FeedError, match="does not follow redirects") as refused:
        await fetch_feed(feed.url, allow_local=True)
    assert len(feed.requests) == 1
    assert_safe(refused.value)


async def test_fetch_feed_sends_conditional_headers_and_reads_304(feed: FeedServer) -> None:
    first = await fetch_feed(feed.url, allow_local=True)
    assert first.not_modified is False
    assert first.body == SAMPLE_ICS
    assert first.etag == feed.etag
    assert first.last_modified == "Mon, 03 Mar 2025 08:00:00 GMT"
    assert "If-None-Match" not in feed.requests[0].headers

    second = await fetch_feed(feed.url, etag=first.etag, allow_local=True)
    assert (second.not_modified, second.body, second.etag) == (True, b"", first.etag)
    assert feed.requests[1].headers["If-None-Match"] == first.etag
    assert feed.requests[1].path == SECRET_PATH

    by_date = await fetch_feed(feed.url, last_modified=first.last_modified, allow_local=True)
    assert by_date.not_modified is True
    assert feed.requests[2].headers["If-Modified-Since"] == first.last_modified


async def test_fetch_feed_gets_new_body_when_etag_is_stale(feed: FeedServer) -> None:
    old = await fetch_feed(feed.url, allow_local=True)
    feed.set_body(SAMPLE_ICS.replace(b"COUNT=4", b"COUNT=5"))
    new = await fetch_feed(feed.url, etag=old.etag, allow_local=True)
    assert new.not_modified is False
    assert b"COUNT=5" in new.body
    assert new.etag != old.etag


async def test_fetch_feed_connects_only_to_the_vetted_address(feed: FeedServer) -> None:
    # "calendar.test" exists in no DNS: the fetch can only work through the pinned address.
    port = feed.url.split(":")[2].split("/")[0]
    calls: list[str] = []
    response = await fetch_feed(
        f"http://calendar.test:{port}{SECRET_PATH}",
        allow_local=True,
        resolve=resolves_to("127.0.0.1", calls=calls),
    )
    assert response.body == SAMPLE_ICS
    assert calls == ["calendar.test"]
    assert feed.requests[0].headers["Host"] == f"calendar.test:{port}"


@pytest.mark.parametrize("body_size", [1000, 999])
async def test_fetch_feed_accepts_a_body_up_to_the_cap(feed: FeedServer, body_size: int) -> None:
    feed.set_body(b"X" * body_size)
    assert len((await fetch_feed(feed.url, allow_local=True, max_bytes=1000)).body) == body_size


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_fetch_feed_refuses_a_body_over_the_cap(feed: FeedServer, chunked: bool) -> None:
    feed.send_huge(3 * 1024 * 1024, chunked=chunked)
    with pytest.raises(FeedError, match="larger than 2 MB") as refused:
        await fetch_feed(feed.url, allow_local=True)
    assert_safe(refused.value)


async def test_fetch_feed_gives_up_after_the_timeout(feed: FeedServer) -> None:
    feed.hang()
    with pytest.raises(FeedError, match=r"127\.0\.0\.1 did not answer within 0\.5 seconds") as late:
        await fetch_feed(feed.url, allow_local=True, timeout=0.5)
    assert_safe(late.value)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (500, "answered 500 Internal Server Error."),
        (404, "answered 404 Not Found. The feed address may have been reset or removed."),
        (403, "answered 403 Forbidden. The feed may be private"),
        (299, "answered 299"),
    ],
)
async def test_fetch_feed_reports_error_status(feed: FeedServer, status: int, message: str) -> None:
    feed.respond_with(status, body=b"error page quoting " + SECRET_PATH.encode())
    if status == 299:
        assert (await fetch_feed(feed.url, allow_local=True)).body.startswith(b"error page")
        return
    with pytest.raises(FeedError, match=message) as failed:
        await fetch_feed(feed.url, allow_local=True)
    assert_safe(failed.value)


async def test_fetch_feed_reports_a_closed_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FeedError, match=r"127\.0\.0\.1 could not be reached") as failed:
        await fetch_feed(f"http://127.0.0.1:{port}{SECRET_PATH}", allow_local=True)
    assert_safe(failed.value)


async def test_fetch_feed_verifies_tls_certificates(tmp_path: Path) -> None:
    async with serve_feed(ssl_context=self_signed_context(tmp_path)) as server:
        assert server.url.startswith("https://")
        with pytest.raises(FeedError, match="certificate was not accepted") as refused:
            await fetch_feed(server.url, allow_local=True)
    assert_safe(refused.value)


@pytest.mark.parametrize(
    ("url", "allow_local", "problem"),
    [
        ("https://calendar.example.com/feed.ics", False, None),
        ("https://calendar.example.com:443/feed.ics", False, None),
        ("webcal://p01-calendars.icloud.com/published/2/abc", False, None),
        ("WEBCAL://calendar.example.com/feed.ics", False, None),
        ("  https://calendar.example.com/feed.ics\n", False, None),
        ("http://127.0.0.1:8080/feed.ics", True, None),
        ("http://calendar.example.com/feed.ics", False, "plain http is not allowed"),
        ("https://calendar.example.com:8443/feed.ics", False, "port 443, not 8443"),
        ("webcal://calendar.example.com:8080/feed.ics", False, "port 443, not 8080"),
        ("https://user:pass@calendar.example.com/feed.ics", False, "user name or password"),
        ("https://user@calendar.example.com/feed.ics", False, "user name or password"),
        ("https://user:pass@127.0.0.1:8080/feed.ics", True, "user name or password"),
        ("https:///feed.ics", False, "no host name"),
        ("calendar.example.com/feed.ics", False, "must start with https://"),
        ("ftp://calendar.example.com/feed.ics", False, "must start with https://"),
        ("file:///etc/passwd", True, "must start with https://"),
        ("https://calendar.example.com:99999/feed.ics", False, "not a valid web address"),
        ("https://faß.de/feed.ics", False, None),
        ("https://xn--fa-hia.de/feed.ics", False, None),
        ("https://ドメイン.テスト/feed.ics", False, None),
        ("https://calendar.example.com./feed.ics", False, None),
        *((f"https://{host}/feed.ics", False, "host name that is not valid") for host in BAD_HOSTS),
    ],
)
def test_check_feed_url(url: str, allow_local: bool, problem: str | None) -> None:
    if problem is None:
        check_feed_url(url, allow_local=allow_local)
        return
    with pytest.raises(FeedError, match=problem) as refused:
        check_feed_url(url, allow_local=allow_local)
    assert "feed.ics" not in str(refused.value)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("2002:5db8:d70e::1", True),  # 6to4 around a public IPv4
        ("::ffff:93.184.215.14", True),
        ("127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("198.18.0.1", False),  # benchmarking range
        ("192.0.2.1", False),  # documentation range
        ("2001:db8::1", False),  # documentation range
        ("ff02::1", False),
    ],
)
def test_refusal_reason_knows_public_from_the_rest(address: str, public: bool) -> None:
    assert (refusal_reason(ipaddress.ip_address(address)) is None) is public

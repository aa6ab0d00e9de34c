"""Helpers for the browser tests: the server subprocess, page checks, axe."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, expect

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "tests" / "support" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("ATTUNE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
STARTUP_SECONDS = 20.0
# Chromium logs every 4xx as a console error; a wrong pairing code is one a test may expect.
WRONG_CODE = ("status of 404", "/claim")

expect.set_options(timeout=10_000)


@dataclass
class RunningServer:
    """An Attune server subprocess on a free loopback port."""

    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text("utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/api/health")
        return connection.getresponse().status == 200
    except (ConnectionError, TimeoutError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def start_server(
    data_dir: Path, pwa_dir: Path | None = None, launcher: Path | None = None
) -> RunningServer:
    """Start `python -m server serve` (or launcher) and return once /api/health answers 200."""
    port = free_port()
    env = {
        **os.environ,
        "ATTUNE_DATA_DIR": str(data_dir),
        "ATTUNE_HOST": "127.0.0.1",
        "ATTUNE_PORT": str(port),
        # Many browser contexts come from one address; the real limits are tested in tests/api.
        "ATTUNE_SPACES_PER_HOUR": "10000",
        "ATTUNE_PAIRING_ATTEMPTS": "10000",
        "ATTUNE_PWA_DIR": str(pwa_dir) if pwa_dir else "",
        "ATTUNE_LOG_LEVEL": "WARNING",
    }
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        command = [str(launcher)] if launcher else ["-m", "server", "serve", "--port", str(port)]
        process = subprocess.Popen(
            [sys.executable, *command],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = RunningServer(f"http://127.0.0.1:{port}", process, log_path)
    waited = 0.0
    while not _healthy(port):
        try:
            # Doubles as the pause between polls and as the check that the server is alive.
            process.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            waited += 0.05
            if waited < STARTUP_SECONDS:
                continue
            server.stop()
            pytest.fail(f"Attune did not become healthy in {STARTUP_SECONDS}s:\n{server.log()}")
        pytest.fail(f"Attune exited with {process.returncode}:\n{server.log()}")
    return server


# A write made just as the phone goes offline or comes back may reach the network before the page
# (or its worker) knows the new state; Chromium logs that failed try, and the outbox tries again.
OFFLINE_RACE = ("ERR_INTERNET_DISCONNECTED", "/api/")


@dataclass
class ProblemLog:
    """Console errors and uncaught exceptions seen on a page."""

    allowed: tuple[tuple[str, str], ...] = ()
    problems: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if any(text in message.text and where in url for text, where in self.allowed):
            return
        self.problems.append(f"console error: {message.text} ({message.location.get('url')})")

    def on_page_error(self, error: Error) -> None:
        self.problems.append(f"page error: {error.message}")

    def assert_none(self) -> None:
        assert not self.problems, "The page reported problems:\n" + "\n".join(self.problems)


def watch_problems(page: Page) -> ProblemLog:
    """Collect console errors and page errors from now on."""
    log = ProblemLog()
    page.on("console", log.on_console)
    page.on("pageerror", log.on_page_error)
    return log


def open_app(context: BrowserContext, path: str = "/") -> tuple[Page, ProblemLog]:
    """Open Attune in a new page and wait until the home screen (or path's view) shows."""
    page = context.new_page()
    problems = watch_problems(page)
    page.goto(path)
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
    return page, problems


def go(page: Page, route: str, heading: str) -> None:
    """Follow a hash route and wait for its view's heading."""
    page.evaluate("route => { location.hash = route; }", route)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")


def session_info(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        "() => fetch('/api/session').then(async r => ({status: r.status, body: await r.json()}))"
    )
    return result


def wait_for_offline_ready(page: Page) -> None:
    """Wait until the first visit's "Ready to work offline" toast is up (no sleeping).

    It appears when the service worker activates, which under load can be just as a test taps a
    button low on the screen: the tap then lands on the toast.
    """
    page.wait_for_function("() => localStorage.getItem('attune:offline-ready-shown') !== null")


def wait_for_controller(page: Page) -> None:
    """Wait until a service worker controls the page (no sleeping)."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def wait_until(page: Page, condition: str, what: str, frames: int = 600) -> None:
    """Wait, frame by frame, until an async JS condition holds."""
    # Not wait_for_function: it takes a returned promise for truthy without awaiting it.
    met = page.evaluate(
        f"""async () => {{
            const condition = {condition};
            for (let frame = 0; frame < {frames}; frame++) {{
                if (await condition()) return true;
                await new Promise((next) => requestAnimationFrame(next));
            }}
            return false;
        }}"""
    )
    assert met, f"gave up waiting for {what}"


def controller_version(page: Page) -> dict[str, str]:
    """Ask the controlling service worker which shell version and cache it serves."""
    result: dict[str, str] = page.evaluate(
        """() => new Promise(resolve => {
            const channel = new MessageChannel();
            channel.port1.onmessage = event => resolve(event.data);
            navigator.serviceWorker.controller.postMessage({type: "GET_VERSION"}, [channel.port2]);
        })"""
    )
    return result


def run_axe(page: Page, label: str) -> None:
    """Run axe-core in the page and fail with a readable list of any violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # evaluate() runs outside the page's CSP, which would refuse an inline <script>.
        page.evaluate(AXE_SOURCE.read_text("utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(node['target'])}: {node['failureSummary']}")
    assert not violations, f"axe found violations on {label}:\n" + "\n".join(lines)


def shell_version_served(page: Page, base_url: str) -> str:
    """Return the shell version the server currently writes into /sw.js."""
    source = page.request.get(f"{base_url}/sw.js").text()
    start = source.index("const SHELL = ") + len("const SHELL = ")
    shell, _ = json.JSONDecoder().raw_decode(source[start:])
    return str(shell["version"])

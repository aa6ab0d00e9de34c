"""Browser tests: a real server subprocess and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

from .browser import CHROMIUM, CHROMIUM_ARGS, PHONE, ROOT, RunningServer, start_server


@pytest.fixture(scope="package")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    running = start_server(tmp_path_factory.mktemp("attune-data"))
    yield running
    running.stop()


@pytest.fixture
def copied_shell_server(tmp_path: Path) -> Iterator[tuple[RunningServer, Path]]:
    """A server whose app shell is a private copy of pwa/, free to change in a test."""
    shell = tmp_path / "pwa"
    shutil.copytree(ROOT / "pwa", shell)
    data = tmp_path / "data"
    data.mkdir()
    running = start_server(data, pwa_dir=shell)
    yield running, shell
    running.stop()


# Package scope, not session: while the sync API runs, its event loop counts as running in
# this thread, and the async tests in other folders need it gone when they start.
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def chromium() -> str:
    """Debian's Chromium; Playwright cannot download its own browser here."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}. Install Debian's chromium "
            "(sudo apt-get install chromium) or set ATTUNE_CHROMIUM to its path."
        )
    return CHROMIUM


@pytest.fixture(scope="package")
def browser(playwright: Playwright, chromium: str) -> Iterator[Browser]:
    launched = playwright.chromium.launch(
        executable_path=chromium, headless=True, args=CHROMIUM_ARGS
    )
    yield launched
    launched.close()


PhoneFactory = Callable[..., BrowserContext]


@pytest.fixture
def new_phone(browser: Browser, live_server: RunningServer) -> Iterator[PhoneFactory]:
    """Make phone-sized browser contexts (each its own device); all closed at the end."""
    contexts: list[BrowserContext] = []

    def make(
        color_scheme: str = "light", base_url: str | None = None, **options: Any
    ) -> BrowserContext:
        context = browser.new_context(
            **{**PHONE, **options},
            base_url=base_url or live_server.base_url,
            color_scheme=color_scheme,  # type: ignore[arg-type]
            reduced_motion="reduce",
        )
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()

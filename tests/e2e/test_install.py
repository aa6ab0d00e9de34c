"""The manifest is complete and Chromium finds the app installable."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from playwright.sync_api import APIRequestContext, Playwright

from .browser import CHROMIUM_ARGS, PHONE, RunningServer, open_app, wait_for_controller
from .conftest import PhoneFactory

pytestmark = pytest.mark.e2e

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(request: APIRequestContext, url: str) -> tuple[int, int]:
    response = request.get(url)
    assert response.ok, f"{url} answered {response.status}"
    assert response.headers["content-type"] == "image/png"
    body = response.body()
    assert body.startswith(PNG_SIGNATURE), f"{url} is not a PNG"
    width, height = struct.unpack(">II", body[16:24])
    return width, height


def test_manifest_names_the_app_and_its_icons(
    new_phone: PhoneFactory, live_server: RunningServer
) -> None:
    page, _ = open_app(new_phone())
    link = page.locator("link[rel=manifest]").get_attribute("href")
    assert link == "/manifest.webmanifest"
    manifest = page.request.get(f"{live_server.base_url}{link}").json()

    assert manifest["name"] == "Attune"
    assert manifest["short_name"] == "Attune"
    assert manifest["description"]
    assert manifest["id"] == manifest["start_url"] == manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#")
    assert manifest["background_color"].startswith("#")
    pngs = {
        (icon["sizes"], icon["purpose"]): icon["src"]
        for icon in manifest["icons"]
        if icon["type"] == "image/png"
    }
    assert set(pngs) == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for (sizes, _purpose), src in pngs.items():
        width, height = png_size(page.request, f"{live_server.base_url}{src}")
        assert f"{width}x{height}" == sizes, src
    assert png_size(page.request, f"{live_server.base_url}/icons/apple-touch-icon.png") == (
        180,
        180,
    )


def test_chromium_finds_the_app_installable(
    playwright: Playwright, chromium: str, live_server: RunningServer, tmp_path: Path
) -> None:
    # An ordinary browser context counts as incognito, where nothing is installable.
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile",
        executable_path=chromium,
        headless=True,
        args=CHROMIUM_ARGS,
        base_url=live_server.base_url,
        **PHONE,
    )
    try:
        page, problems = open_app(context)
        wait_for_controller(page)
        cdp = context.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], f"not installable: {errors}"
        manifest = cdp.send("Page.getAppManifest")
        assert manifest.get("errors", []) == [], manifest["errors"]
        problems.assert_none()
    finally:
        context.close()

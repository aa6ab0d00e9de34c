"""Render the PWA's PNG icons from its SVG sources with Debian's Chromium."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "pwa" / "icons"
CHROMIUM = os.environ.get("ATTUNE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# (source SVG, output PNG, size in pixels, transparent corners?)
RENDERS = [
    ("attune.svg", "icon-192.png", 192, True),
    ("attune.svg", "icon-512.png", 512, True),
    ("attune-maskable.svg", "icon-maskable-512.png", 512, False),
    # iOS masks the corners itself and shows black behind transparency: use the full-bleed art.
    ("attune-maskable.svg", "apple-touch-icon.png", 180, False),
]


def page_for(svg: str, size: int) -> str:
    return (
        "<!doctype html><html><head><style>html,body{margin:0;background:transparent}"
        f"svg{{display:block;width:{size}px;height:{size}px}}</style></head>"
        f"<body>{svg}</body></html>"
    )


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for source, target, size, transparent in RENDERS:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(page_for((ICONS / source).read_text("utf-8"), size))
            page.locator("svg").screenshot(path=str(ICONS / target), omit_background=transparent)
            page.close()
            print(f"{target}: {size}x{size}")
        browser.close()


if __name__ == "__main__":
    main()

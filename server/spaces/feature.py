"""The spaces feature: sign-in, devices, pairing and recovery."""

from __future__ import annotations

from server.context import Core, Feature
from server.spaces.routes import SpaceController


def build(core: Core) -> Feature:
    """Offer the core's space service to handlers under "spaces"."""
    return Feature(services={"spaces": core.spaces}, routes=[SpaceController])

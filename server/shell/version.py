"""The app shell's version: a digest of its files, so a changed file means a new cache."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from server import __version__

SW_FILE = "sw.js"
INDEX_FILE = "index.html"
_SHELL_MARKER = re.compile(r"/\*SHELL\*/.*?/\*END\*/", re.DOTALL)


@dataclass(frozen=True)
class ShellManifest:
    version: str
    files: tuple[str, ...]
    # The newest file's date: with the release, what Settings shows as the app's version.
    updated: str = ""


def shell_files(root: Path) -> list[Path]:
    """Return every file the service worker precaches, sorted, skipping hidden ones."""
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            found.append(path)
    return sorted(found)


def _url(root: Path, path: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return "/" if relative == INDEX_FILE else f"/{relative}"


class ShellVersion:
    """Compute the shell manifest, recomputing only when a file's size or mtime changes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._key: tuple[tuple[str, int, int], ...] = ()
        self._manifest = ShellManifest(version="", files=())

    def manifest(self) -> ShellManifest:
        files = shell_files(self.root)
        key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
        if key != self._key:
            digest = hashlib.sha256()
            for path in files:
                digest.update(path.relative_to(self.root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
            precache = tuple(_url(self.root, p) for p in files if p.name != SW_FILE)
            newest = max((mtime for _, mtime, _ in key), default=0)
            updated = datetime.fromtimestamp(newest / 1e9, UTC).date().isoformat()
            self._manifest = ShellManifest(
                version=digest.hexdigest()[:16], files=precache, updated=updated
            )
            self._key = key
        return self._manifest

    def service_worker(self) -> str:
        """Return sw.js with its SHELL constant filled in from the files on disk."""
        manifest = self.manifest()
        shell = json.dumps(
            {
                "version": manifest.version,
                "release": __version__,
                "updated": manifest.updated,
                "files": list(manifest.files),
            }
        )
        source = (self.root / SW_FILE).read_text("utf-8")
        return _SHELL_MARKER.sub(lambda _: shell, source, count=1)

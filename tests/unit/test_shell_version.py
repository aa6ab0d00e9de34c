"""The shell's version is a digest of its files; the service worker carries it and the list."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from factories import make_shell

from server import __version__
from server.shell.version import ShellVersion, shell_files


def shell_constant(service_worker: str) -> dict[str, object]:
    match = re.search(r"const SHELL = (\{.*?\});", service_worker)
    assert match, service_worker
    shell: dict[str, object] = json.loads(match.group(1))
    return shell


def edit(path: Path, text: str) -> None:
    """Change a file the way a deploy does: new content, a later modification time."""
    before = path.stat().st_mtime_ns
    path.write_text(text, "utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def test_shell_precache_maps_index_to_root_and_leaves_out_sw_and_hidden(tmp_path: Path) -> None:
    root = make_shell(tmp_path / "shell", {".DS_Store": "x", ".git/HEAD": "ref", "js/.tmp": "x"})
    files = ShellVersion(root).manifest().files
    assert "/" in files
    assert "/index.html" not in files
    assert "/sw.js" not in files
    assert "/css/app.css" in files
    assert "/js/main.js" in files
    assert not [f for f in files if "/." in f]
    assert len(set(files)) == len(files)


def test_shell_files_skip_hidden_files_and_folders(tmp_path: Path) -> None:
    root = make_shell(tmp_path / "shell", {".env": "SECRET=1", ".cache/x.js": ""})
    names = {p.relative_to(root).as_posix() for p in shell_files(root)}
    assert "index.html" in names
    assert not {n for n in names if n.startswith(".") or "/." in n}


@pytest.mark.parametrize("changed", ["index.html", "css/app.css", "js/main.js", "sw.js"])
def test_shell_version_changes_when_a_file_changes(tmp_path: Path, changed: str) -> None:
    root = make_shell(tmp_path / "shell")
    versions = ShellVersion(root)
    first = versions.manifest().version
    assert first == versions.manifest().version
    path = root / changed
    text = path.read_text("utf-8")
    edit(path, ("X" if text[0] != "X" else "Y") + text[1:])  # same size, new content
    assert versions.manifest().version != first


def test_shell_version_changes_when_a_file_is_added(tmp_path: Path) -> None:
    root = make_shell(tmp_path / "shell")
    versions = ShellVersion(root)
    first = versions.manifest()
    (root / "js" / "timer.js").write_text("export {};\n")
    second = versions.manifest()
    assert second.version != first.version
    assert "/js/timer.js" in second.files


def test_shell_version_ignores_hidden_files(tmp_path: Path) -> None:
    root = make_shell(tmp_path / "shell")
    versions = ShellVersion(root)
    first = versions.manifest().version
    (root / ".swp").write_text("editor noise")
    assert versions.manifest().version == first


def test_shell_version_is_the_same_for_the_same_files(tmp_path: Path) -> None:
    one = ShellVersion(make_shell(tmp_path / "one")).manifest()
    two = ShellVersion(make_shell(tmp_path / "two")).manifest()
    assert one == two
    assert re.fullmatch(r"[0-9a-f]{16}", one.version)


def test_shell_updated_is_the_newest_files_day(tmp_path: Path) -> None:
    root = make_shell(tmp_path / "shell")
    old = datetime(2025, 3, 3, 9, 0, tzinfo=UTC).timestamp()
    for path in root.rglob("*"):
        os.utime(path, (old, old))
    assert ShellVersion(root).manifest().updated == "2025-03-03"
    newer = datetime(2025, 4, 1, 12, 0, tzinfo=UTC).timestamp()
    os.utime(root / "css" / "app.css", (newer, newer))
    assert ShellVersion(root).manifest().updated == "2025-04-01"


def test_shell_service_worker_gets_version_and_files_in_place_of_the_marker(
    tmp_path: Path,
) -> None:
    root = make_shell(tmp_path / "shell")
    versions = ShellVersion(root)
    service_worker = versions.service_worker()
    assert "/*SHELL*/" not in service_worker
    assert "/*END*/" not in service_worker
    assert 'self.addEventListener("install"' in service_worker
    manifest = versions.manifest()
    assert shell_constant(service_worker) == {
        "version": manifest.version,
        "release": __version__,
        "updated": manifest.updated,
        "files": list(manifest.files),
    }
    edit(root / "css" / "app.css", "body { margin: 1px; }\n")
    assert shell_constant(versions.service_worker())["version"] != manifest.version


def test_shell_real_service_worker_has_the_marker() -> None:
    from server.settings import packaged_pwa_dir

    source = (packaged_pwa_dir() / "sw.js").read_text("utf-8")
    assert re.search(r"/\*SHELL\*/.*?/\*END\*/", source, re.DOTALL)
    shell = shell_constant(ShellVersion(packaged_pwa_dir()).service_worker())
    assert "/" in shell["files"]  # type: ignore[operator]

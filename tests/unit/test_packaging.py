"""The wheel carries the front end and the migrations, so `pip install .` serves the app."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contains_the_app_shell_and_migrations(tmp_path: Path) -> None:
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run(
        [*build, "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("attune-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shell = {
        f"server/_pwa/{p.relative_to(ROOT / 'pwa').as_posix()}"
        for p in (ROOT / "pwa").rglob("*")
        if p.is_file()
    }
    migrations = {
        f"server/migrations/{p.name}" for p in (ROOT / "server" / "migrations").glob("*.sql")
    }
    assert "server/_pwa/index.html" in shell
    assert shell <= names
    assert migrations <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "attune = server.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()

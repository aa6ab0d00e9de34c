"""Load-test a real `attune serve` with wrk, against a one-endpoint Litestar app served alike.

Prints one JSON object on stdout:
    {"name": "api_load", "baseline_rps": ..., "baseline_p99_ms": ...,
     "<route>_rps": ..., "<route>_p99_ms": ..., "<route>_ratio": ...}
for the routes checkin_put, exercise_log_put, session_get and checkin_list_get, where ratio is
route_rps / baseline_rps. Logs go to stderr. Exits non-zero when anything fails, including when
more than 1% of a route's answers are not 2xx, so a broken route never reports a fast number.

Needs wrk (tests/support/ensure-wrk.sh). ATTUNE_BENCH_SECONDS sets the measured seconds per route.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LUA_SCRIPT = HERE / "wrk_report.lua"
BASELINE_SERVER = HERE / "baseline_server.py"
BASELINE_PATH = "/baseline"  # baseline_server.BASELINE_PATH
LIBRARY_DIR = ROOT / "pwa" / "data"

CONNECTIONS = 64
THREADS = 2
SECONDS = int(os.environ.get("ATTUNE_BENCH_SECONDS", "8"))
WARMUP_SECONDS = 2
MAX_BAD_FRACTION = 0.01
STARTUP_SECONDS = 30
SEED_DAYS = 30
SEED_CHECK_INS_PER_DAY = 12
SESSION_COOKIE = "attune_session"


class BenchError(Exception):
    """The benchmark cannot report a trustworthy number; the message says why."""


def log(message: str) -> None:
    print(f"[api_load] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def attune_script() -> Path:
    """The `attune` console script of the virtualenv running this benchmark."""
    for candidate in (Path(sys.executable).with_name("attune"), ROOT / ".venv" / "bin" / "attune"):
        if candidate.is_file():
            return candidate
    raise BenchError("no `attune` console script next to this Python; run `make bench`")


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    url: str
    host: str
    log_path: Path

    def log_tail(self) -> str:
        text = self.log_path.read_text("utf-8", errors="replace")
        return "\n".join(text.splitlines()[-30:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(name: str, command: list[str], data_dir: Path, ready_path: str) -> Server:
    """Start a server subprocess with Attune's settings; return once ready_path answers 200."""
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "ATTUNE_DATA_DIR": str(data_dir),
        "ATTUNE_HOST": "127.0.0.1",
        "ATTUNE_PORT": str(port),
        "ATTUNE_LOG_LEVEL": "WARNING",
        "ATTUNE_SPACES_PER_HOUR": "100000",
        "ATTUNE_PUBLIC_URL": "",
    }
    log_path = data_dir.parent / f"{name}.log"
    with log_path.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    host = f"127.0.0.1:{port}"
    server = Server(name, process, f"http://{host}", host, log_path)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            raise BenchError(f"{name} exited with {process.returncode}:\n{server.log_tail()}")
        try:
            if httpx.get(server.url + ready_path, timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise BenchError(f"{name} was not ready in {STARTUP_SECONDS}s:\n{server.log_tail()}")
        time.sleep(0.1)


@dataclass
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    first_bad: str

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def run_wrk(url: str, headers: list[str], seconds: int, script_args: list[str]) -> WrkResult:
    """Run wrk once; script_args are the Lua script's arguments after the nonce."""
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA_SCRIPT),
    ]
    for header in headers:
        command += ["-H", header]
    command += [url, "--", secrets.token_hex(4), *script_args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    report = None
    first_bad = ""
    for line in done.stdout.splitlines():
        if line.startswith("WRK_REPORT "):
            report = line.split()[1:]
        elif line.startswith("WRK_FIRST_BAD "):
            first_bad = line.removeprefix("WRK_FIRST_BAD ")
        elif line.strip():
            print(f"    {line}", file=sys.stderr)
    if done.returncode != 0 or report is None:
        raise BenchError(
            f"wrk failed (exit {done.returncode}) on {url}:\n{done.stdout}\n{done.stderr}"
        )
    requests, duration_us, p50_us, p99_us, non_2xx, _, *socket_errors = report
    return WrkResult(
        requests=int(requests),
        seconds=int(duration_us) / 1e6,
        p50_ms=float(p50_us) / 1000,
        p99_ms=float(p99_us) / 1000,
        non_2xx=int(non_2xx),
        socket_errors=sum(int(n) for n in socket_errors),
        first_bad=first_bad,
    )


def check(route: str, result: WrkResult) -> None:
    """Refuse a run whose number would not mean anything: nothing done, or too many failures."""
    if result.requests == 0:
        raise BenchError(f"{route}: wrk completed no requests")
    if result.non_2xx > result.requests * MAX_BAD_FRACTION:
        raise BenchError(
            f"{route}: {result.non_2xx} of {result.requests} answers were not 2xx"
            f" (more than {MAX_BAD_FRACTION:.0%}); first one: {result.first_bad}"
        )
    if result.socket_errors > result.requests * MAX_BAD_FRACTION:
        raise BenchError(
            f"{route}: {result.socket_errors} socket errors or timeouts"
            f" for {result.requests} answers"
        )


def measure(route: str, url: str, headers: list[str], script_args: list[str]) -> WrkResult:
    """A short warm-up, then the measured run; both must be (nearly) all 2xx."""
    check(f"{route} warm-up", run_wrk(url, headers, WARMUP_SECONDS, script_args))
    log(f"{route}: {SECONDS}s, {CONNECTIONS} connections, {THREADS} threads")
    result = run_wrk(url, headers, SECONDS, script_args)
    check(route, result)
    log(f"{route}: {result.rps:.1f} requests/s, p99 {result.p99_ms:.2f} ms")
    return result


@dataclass
class Session:
    space_id: str
    token: str
    csrf: str


def new_space(client: httpx.Client) -> Session:
    client.cookies.clear()
    response = client.post("/api/spaces", json={})
    if response.status_code != 201:
        raise BenchError(f"POST /api/spaces: {response.status_code} {response.text}")
    token = response.cookies.get(SESSION_COOKIE)
    if not token:
        raise BenchError(f"POST /api/spaces set no {SESSION_COOKIE} cookie")
    body = response.json()
    client.cookies.clear()
    return Session(space_id=body["space_id"], token=token, csrf=body["csrf_token"])


def api_headers(server: Server, session: Session) -> list[str]:
    """What the PWA sends: same-origin Origin and Host, the session cookie, the CSRF token."""
    return [
        f"Host: {server.host}",
        f"Origin: {server.url}",
        f"Cookie: {SESSION_COOKIE}={session.token}",
        f"X-CSRF-Token: {session.csrf}",
        "Accept: application/json",
        "Accept-Encoding: gzip",
    ]


def as_dict(headers: list[str]) -> dict[str, str]:
    return dict(h.split(": ", 1) for h in headers)


def library() -> tuple[list[str], list[str]]:
    """Exercise ids and feeling words from the app's own data files."""
    exercises = json.loads((LIBRARY_DIR / "exercises.json").read_text("utf-8"))["exercises"]
    words = json.loads((LIBRARY_DIR / "check-in.json").read_text("utf-8"))["feelings"]
    return [e["id"] for e in exercises], list(words)


def seed_month(server: Server, session: Session, feelings: list[str]) -> int:
    """About a month of check-ins through the API: before and after exercises between sessions."""
    rng = random.Random(30)
    now = datetime.now(UTC).replace(microsecond=0)
    headers = {**as_dict(api_headers(server, session)), "Content-Type": "application/json"}
    headers.pop("Host")
    seeded = 0
    with httpx.Client(base_url=server.url, headers=headers, timeout=10) as client:
        for days_ago in range(SEED_DAYS, 0, -1):
            day = (now - timedelta(days=days_ago)).replace(hour=8, minute=0, second=0)
            for pair in range(SEED_CHECK_INS_PER_DAY // 2):
                exercise_log_id = str(uuid.uuid4())
                before = day + timedelta(minutes=pair * 60 + 50 + rng.randint(0, 5))
                for moment, at in (("before", before), ("after", before + timedelta(minutes=1))):
                    body: dict[str, Any] = {
                        "checked_in_at": at.isoformat().replace("+00:00", "Z"),
                        "presence": rng.randint(1, 5),
                        "energy": rng.randint(1, 5),
                        "feelings": rng.sample(feelings, rng.randint(0, 3)),
                        "exercise_log_id": exercise_log_id,
                        "moment": moment,
                    }
                    if rng.random() < 0.15:
                        body["note"] = "Heavy session; noticed my shoulders up by my ears."
                    response = client.put(f"/api/check-ins/{uuid.uuid4()}", json=body)
                    if response.status_code != 200:
                        raise BenchError(
                            f"seeding check-ins: {response.status_code} {response.text}"
                        )
                    seeded += 1
        listed = client.get("/api/check-ins")
        if listed.status_code != 200 or len(listed.json()["check_ins"]) != seeded:
            raise BenchError(
                f"GET /api/check-ins after seeding {seeded}: {listed.status_code}"
                f" {listed.text[:300]}"
            )
    return seeded


def count_rows(data_dir: Path, table: str, space_id: str) -> int:
    conn = sqlite3.connect(f"file:{data_dir / 'attune.sqlite3'}?mode=ro", uri=True)
    try:
        sql = f"SELECT count(*) FROM {table} WHERE space_id = ?"  # noqa: S608
        return int(conn.execute(sql, (space_id,)).fetchone()[0])
    finally:
        conn.close()


def measure_put(
    route: str,
    server: Server,
    session: Session,
    data_dir: Path,
    table: str,
    prefix: str,
    body: dict[str, Any],
) -> WrkResult:
    """PUT a new record (fresh UUID) per request; check that every 2xx really stored a new row."""
    template = json.dumps(body, separators=(",", ":"))
    headers = [*api_headers(server, session), "Content-Type: application/json"]
    # One request by hand first, so a refused body shows its error rather than a rate.
    stamp = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    probe = httpx.put(
        f"{server.url}{prefix}{uuid.uuid4()}",
        content=template.replace("@TS@", stamp),
        headers=as_dict(headers),
        timeout=10,
    )
    if probe.status_code != 200:
        raise BenchError(f"{route}: PUT {prefix}<uuid> answered {probe.status_code} {probe.text}")
    rows_before = count_rows(data_dir, table, session.space_id)
    warmup = run_wrk(server.url + prefix, headers, WARMUP_SECONDS, [prefix, template])
    check(f"{route} warm-up", warmup)
    log(f"{route}: {SECONDS}s, {CONNECTIONS} connections, {THREADS} threads")
    result = run_wrk(server.url + prefix, headers, SECONDS, [prefix, template])
    check(route, result)
    stored = count_rows(data_dir, table, session.space_id) - rows_before
    succeeded = warmup.requests - warmup.non_2xx + result.requests - result.non_2xx
    if stored < succeeded:
        raise BenchError(
            f"{route}: {succeeded} PUTs succeeded but only {stored} new rows in {table};"
            " the ids were not all fresh"
        )
    log(f"{route}: {result.rps:.1f} requests/s, p99 {result.p99_ms:.2f} ms ({stored} new rows)")
    return result


def run(tmp: Path) -> dict[str, Any]:
    exercise_ids, feelings = library()
    results: dict[str, WrkResult] = {}

    log("baseline: one-endpoint Litestar app under `attune serve`'s uvicorn settings")
    baseline = start_server(
        "baseline", [sys.executable, str(BASELINE_SERVER)], tmp / "baseline-data", BASELINE_PATH
    )
    try:
        basics = [f"Host: {baseline.host}", "Accept: application/json", "Accept-Encoding: gzip"]
        results["baseline"] = measure("baseline", baseline.url + BASELINE_PATH, basics, [])
    finally:
        baseline.stop()

    data_dir = tmp / "attune-data"
    log(f"attune: {attune_script()} serve")
    attune = start_server("attune", [str(attune_script()), "serve"], data_dir, "/api/health")
    try:
        with httpx.Client(base_url=attune.url, timeout=10) as client:
            reader = new_space(client)
            writer = new_space(client)
        seeded = seed_month(attune, reader, feelings)
        log(f"seeded {seeded} check-ins over {SEED_DAYS} days")

        reads = api_headers(attune, reader)
        results["session_get"] = measure("session_get", attune.url + "/api/session", reads, [])
        results["checkin_list_get"] = measure(
            "checkin_list_get", attune.url + "/api/check-ins", reads, []
        )
        results["checkin_put"] = measure_put(
            "checkin_put",
            attune,
            writer,
            data_dir,
            "check_ins",
            "/api/check-ins/",
            {"checked_in_at": "@TS@", "presence": 4, "energy": 3, "feelings": feelings[:2]},
        )
        results["exercise_log_put"] = measure_put(
            "exercise_log_put",
            attune,
            writer,
            data_dir,
            "exercise_logs",
            "/api/exercise-logs/",
            {
                "exercise_id": exercise_ids[0],
                "started_at": "@TS@",
                "duration_seconds": 60,
                "completed": True,
            },
        )
    except BenchError:
        log(f"attune log:\n{attune.log_tail()}")
        raise
    finally:
        attune.stop()

    base = results["baseline"]
    report: dict[str, Any] = {
        "name": "api_load",
        "baseline_rps": round(base.rps, 1),
        "baseline_p99_ms": round(base.p99_ms, 2),
    }
    for route in ("checkin_put", "exercise_log_put", "session_get", "checkin_list_get"):
        result = results[route]
        report[f"{route}_rps"] = round(result.rps, 1)
        report[f"{route}_p99_ms"] = round(result.p99_ms, 2)
        report[f"{route}_ratio"] = round(result.rps / base.rps, 3)
    return report


def main() -> int:
    if shutil.which("wrk") is None:
        print(
            "bench_api_load: wrk is not installed; run `sh tests/support/ensure-wrk.sh`"
            " or `sudo apt-get install wrk`",
            file=sys.stderr,
        )
        return 1
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="attune-bench-") as tmp:
            report = run(Path(tmp))
    except BenchError as exc:
        print(f"bench_api_load: FAILED: {exc}", file=sys.stderr)
        return 1
    log(f"done in {time.monotonic() - started:.0f}s")
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Read a calendar in a child process that a CPU limit and a deadline can stop."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import resource
import signal
from datetime import datetime
from functools import cache
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext

import msgspec

from server.calendars.ics import CalendarError, CalendarEvent, parse_calendar

# Parsing and expanding one upload or one feed refresh may use this much CPU, whatever the file
# holds: a few thousand events a year ahead take well under a second.
CPU_SECONDS = 5
# The CPU limit is the real cap; the deadline catches a child that gets little CPU on a busy
# machine, or one stuck without computing, so a request never waits much longer than the cap.
_DEADLINE_FACTOR = 3
_DEADLINE_GRACE = 2.0
# 5,000 events of (64-character key, two timestamps) fit in well under a megabyte.
_RESULT_LIMIT = 8 * 1024 * 1024
_EXIT_GRACE = 1.0
_KILLED = {-signal.SIGXCPU, -signal.SIGKILL}

Span = tuple[str, datetime, datetime]
# ("ok", "", spans), or ("invalid" or "too_complex", what is wrong, []).
_Outcome = tuple[str, str, list[Span]]


class CalendarTooComplex(CalendarError):
    """Reading the calendar needed more time than one import may take."""


async def parse_bounded(
    data: bytes,
    *,
    window_start: datetime,
    window_end: datetime,
    keyword: str | None = None,
    default_tz: str = "UTC",
    cpu_seconds: int = CPU_SECONDS,
) -> list[CalendarEvent]:
    """Run parse_calendar in a child process limited to cpu_seconds of CPU time."""
    # The thread only waits on the child; the event loop and other requests never run the parse.
    outcome = await asyncio.to_thread(
        _run_child, data, (window_start, window_end), keyword, default_tz, cpu_seconds
    )
    kind, message, spans = outcome
    if kind == "too_complex":
        raise CalendarTooComplex(message)
    if kind != "ok":
        raise CalendarError(message)
    return [CalendarEvent(key, starts_at, ends_at) for key, starts_at, ends_at in spans]


@cache
def _context() -> ForkServerContext:
    """Return the forkserver context, with the calendar libraries already imported in it."""
    context = multiprocessing.get_context("forkserver")
    # Each child forks from a server that has imported icalendar once, so starting costs little.
    context.set_forkserver_preload([__name__])
    return context


def _run_child(
    data: bytes,
    window: tuple[datetime, datetime],
    keyword: str | None,
    default_tz: str,
    cpu_seconds: int,
) -> _Outcome:
    """Start the child, wait for its answer until the deadline, and make sure it is gone."""
    context = _context()
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(sending, data, window, keyword, default_tz, cpu_seconds),
        name="attune-calendar",
        daemon=True,
    )
    try:
        child.start()
    finally:
        # The child holds its own copy of the sending end; ours must go for EOF to reach us.
        sending.close()
    payload: bytes | None = None
    answered = False
    try:
        answered = receiving.poll(cpu_seconds * _DEADLINE_FACTOR + _DEADLINE_GRACE)
        if answered:
            # A child killed for its CPU closes the pipe: poll answers at once, recv finds EOF.
            with contextlib.suppress(EOFError, OSError):
                payload = receiving.recv_bytes(_RESULT_LIMIT)
    finally:
        receiving.close()
        # The forkserver, not us, reaps the child: killing a pid it already reaped could hit a
        # stranger, so a child that answered (or died) gets a moment to be reported gone first.
        child.join(_EXIT_GRACE if answered else 0)
        if child.exitcode is None:
            child.kill()
        child.join()
    exitcode = child.exitcode
    child.close()
    if payload is not None:
        outcome: _Outcome = msgspec.msgpack.decode(payload, type=_Outcome)
        return outcome
    if exitcode in _KILLED:
        return ("too_complex", too_complex_message(cpu_seconds), [])
    return ("invalid", "This calendar could not be read; the reader stopped unexpectedly.", [])


def too_complex_message(cpu_seconds: int) -> str:
    """Say that the file takes too long to read, and what usually causes it."""
    return (
        f"This calendar takes too long to read (more than {cpu_seconds} seconds of work). "
        "It may repeat many events from long ago; export a shorter range or fewer calendars."
    )


def _child(
    sending: Connection,
    data: bytes,
    window: tuple[datetime, datetime],
    keyword: str | None,
    default_tz: str,
    cpu_seconds: int,
) -> None:
    """Parse under a CPU limit the kernel enforces, and send the spans back over the pipe."""
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    ceiling = cpu_seconds + 1 if hard == resource.RLIM_INFINITY else min(hard, cpu_seconds + 1)
    # SIGXCPU at the soft limit ends the process; SIGKILL at the hard one if it were caught.
    resource.setrlimit(resource.RLIMIT_CPU, (min(cpu_seconds, ceiling), ceiling))
    # A killed child must not leave a core file of someone's calendar on the disk.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    outcome: _Outcome
    try:
        events = parse_calendar(
            data,
            window_start=window[0],
            window_end=window[1],
            keyword=keyword,
            default_tz=default_tz,
        )
        outcome = ("ok", "", [(e.key, e.starts_at, e.ends_at) for e in events])
    except CalendarError as error:
        outcome = ("invalid", str(error), [])
    sending.send_bytes(msgspec.msgpack.encode(outcome))
    sending.close()

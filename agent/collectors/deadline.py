"""Deadlines for collection: a scan's overall bound, and work on threads nobody waits for.

A collector call that hangs (an API that accepts the connection and never answers, a retry loop
that keeps backing off) must not hold the scan.  The caller waits on a Future with a timeout and,
when it passes, records a coverage failure ("deadline exceeded after N s") and goes on.  A thread
cannot be killed, so the late one keeps running, detached: it is a daemon thread, and the process
exits without it.  ``ThreadPoolExecutor`` is not used for this, because its workers are joined at
interpreter exit and one hung call would keep the process alive.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


def exceeded(seconds: float) -> str:
    """The coverage error of work cut off at a deadline of ``seconds``."""
    return f"deadline exceeded after {seconds:g} s"


def grace(seconds: float) -> float:
    """How long past a deadline of ``seconds`` a collector that knows it is given to hand back
    what it has (the AWS runner stops at the deadline itself and returns the units it finished)."""
    return min(30.0, max(1.0, seconds / 10))


@dataclass(frozen=True, slots=True)
class Deadline:
    """The moment (``time.monotonic()``) a scan must stop collecting, and its length in seconds."""

    at: float
    seconds: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds, seconds)

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.at

    @property
    def grace(self) -> float:
        return grace(self.seconds)

    @property
    def error(self) -> str:
        return "scan " + exceeded(self.seconds)


def detached(fn: Callable[..., T], *args: Any, name: str, **kwargs: Any) -> Future[T]:
    """Run ``fn`` on a new daemon thread; its Future holds the result or the exception (any
    BaseException, so a progress callback's SystemExit reaches whoever waits)."""
    fut: Future[T] = Future()
    fut.set_running_or_notify_cancel()

    def body() -> None:
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread, not swallowed
            fut.set_exception(exc)

    threading.Thread(target=body, name=name, daemon=True).start()
    return fut

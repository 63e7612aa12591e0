"""A stand-in provider collector whose collection takes as long as the test wants.

Registered in place of the AWS collector by tests that need a scan to be running at a given
moment (graceful stop, no overlap).  It reports progress while it waits, as real collectors do
between services, which is where a stopping daemon can abandon the scan.
"""

from __future__ import annotations

import threading
from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource

entered = threading.Event()
release = threading.Event()
running = 0
max_running = 0
_lock = threading.Lock()


def reset() -> None:
    global running, max_running
    entered.clear()
    release.clear()
    running = max_running = 0


def collect(scope: Any, clients: Any = None, progress: Any = None, **_: Any) -> Inventory:
    global running, max_running
    with _lock:
        running += 1
        max_running = max(max_running, running)
    try:
        entered.set()
        while not release.wait(0.05):
            if progress:
                progress("still collecting")
        inv = Inventory()
        inv.add_all([Resource(provider="aws", account=scope.id, region="us-east-1", type="aws.s3.bucket",
                              id=f"arn:aws:s3:::bucket-{scope.id}", name=f"bucket-{scope.id}")])
        inv.coverage.add("aws", scope.id, "us-east-1", "aws.s3.bucket", 1)
        return inv
    finally:
        with _lock:
            running -= 1

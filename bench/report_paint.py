#!/usr/bin/env python3
"""HTML report v2 at 50,000 findings: file size, render time, and in headless Chromium the time
to first contentful paint and until the findings script is ready (issue 20).

Seeds a store like report_scale.py, writes the report, opens it in Chromium through the DevTools
protocol (websocket-client) and reads the page's own performance entries.

    python bench/report_paint.py [--findings 50000] [--vulns 20000]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.report.html import write_html  # noqa: E402
from agent.settings.tenant import Settings  # noqa: E402
from agent.store import Store  # noqa: E402
from bench.report_scale import seed  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PROBE = ("JSON.stringify({paint: performance.getEntriesByType('paint').map(e => [e.name, e.startTime]),"
         " ready: document.body && document.body.getAttribute('data-ready-ms'),"
         " shown: document.body && document.body.getAttribute('data-shown')})")


def measure(page: Path, tmp: str, timeout: float = 120.0) -> dict:
    import websocket  # websocket-client

    proc = subprocess.Popen([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             f"--user-data-dir={tmp}/profile", "--remote-debugging-port=0", "--window-size=1280,1600",
                             "about:blank"], stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        url = ""
        while not url:
            line = proc.stderr.readline()
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            url = m.group(1) if m else ""
        ws = websocket.create_connection(url, timeout=timeout)
        ids = iter(range(1, 1_000_000))

        def call(method: str, session: str | None = None, **params: object) -> dict:
            msg_id = next(ids)
            ws.send(json.dumps({"id": msg_id, "method": method, "params": params,
                                **({"sessionId": session} if session else {})}))
            while True:
                answer = json.loads(ws.recv())
                if answer.get("id") == msg_id:
                    return answer.get("result", {})

        target = call("Target.createTarget", url="about:blank")["targetId"]
        session = call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        call("Page.enable", session)
        t0 = time.perf_counter()
        call("Page.navigate", session, url=page.as_uri())
        while time.perf_counter() - t0 < timeout:
            got = json.loads(call("Runtime.evaluate", session, expression=PROBE, returnByValue=True)
                             ["result"].get("value") or "{}")
            if got.get("ready") and any(n == "first-contentful-paint" for n, _ in got.get("paint", [])):
                got["wall_s"] = time.perf_counter() - t0
                return got
            time.sleep(0.05)
        raise TimeoutError("the report did not paint")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--findings", type=int, default=50_000)
    ap.add_argument("--vulns", type=int, default=20_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.sqlite")
        seed(store, "bench", args.findings, args.vulns)
        settings = Settings.model_validate({"tenant": {"id": "bench", "timezone": "Asia/Tokyo"},
                                            "licence": {"product": "UCS Cloud Security", "expires": "2099-01-01"}})
        t0 = time.perf_counter()
        path = write_html(store, settings, tmp, "bench", "ja")
        render_s = time.perf_counter() - t0
        got = measure(path, tmp)
        size = path.stat().st_size
    paint = dict(got["paint"])
    print(f"findings {args.findings:,}: report {size / 1e6:.2f} MB, written in {render_s:.2f} s")
    print(f"chromium: first contentful paint {paint['first-contentful-paint']:.0f} ms, "
          f"findings table ready {got['ready']} ms ({got['shown']} rows filterable), wall {got['wall_s']:.2f} s")


if __name__ == "__main__":
    main()

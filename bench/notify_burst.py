"""Benchmark: a first scan of a large estate produces 10,000 "new" transitions.

They are routed inside the scan's transaction, folded into one burst summary per channel, and
delivered to local receivers (Slack incoming webhook, signed webhook, Teams workflow, email
through a local SMTP server) plus one daily digest.  A second, unchanged scan must send nothing;
a third that resolves a few hundred findings sends one summary per channel again.

    python bench/notify_burst.py [--transitions 10000] [--store sqlite|URL]

Prints wall time per phase, messages received per channel, and peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import checks as registry  # noqa: E402
from agent.core.model import Coverage, Finding, Resource, Result, Severity, Status  # noqa: E402
from agent.settings.tenant import Settings  # noqa: E402
from agent.store import Store  # noqa: E402
from notifiers import deliver_digests, deliver_pending, transition_hook  # noqa: E402

CHECKS = [(f"aws.bench.notify_{i}", list(Severity)[i % 5]) for i in range(25)]
received: Counter[str] = Counter()
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            received[self.path.split("/")[1]] += 1
        self.send_response(202 if self.path.startswith("/teams") else 200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


def register_checks() -> None:
    for cid, sev in CHECKS:
        registry.check(id=cid, resource_types=("aws.bench.thing",), severity=sev,
                       title={"en": f"Bench check {cid}", "ja": f"ベンチ用チェック {cid}"},
                       description={"en": "Bench.", "ja": "ベンチ。"},
                       remediation={"en": "Nothing.", "ja": "なし。"})(lambda r: Result.ok())


def estate(n: int, failing: set[int]) -> list[Finding]:
    out = []
    for i in range(n):
        cid, sev = CHECKS[i % len(CHECKS)]
        res = Resource("aws", f"{100000000000 + i % 7}", "ap-northeast-1", "aws.bench.thing", f"arn:bench:{i}", f"thing-{i}")
        out.append(Finding(cid, res, Status.FAIL if i in failing else Status.PASS, sev, "bench detail"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--transitions", type=int, default=10_000)
    ap.add_argument("--store", default="sqlite")
    args = ap.parse_args()
    register_checks()
    tmp = Path(tempfile.mkdtemp(prefix="ucs-notify-bench-"))
    http = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{http.server_port}"

    from aiosmtpd.controller import Controller

    class Inbox:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
            with lock:
                received["email"] += 1
            return "250 OK"

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        smtp_port = s.getsockname()[1]
    smtp = Controller(Inbox(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()

    os.environ.update(BENCH_SLACK=f"{base}/slack/T/B/x", BENCH_HOOK=f"{base}/webhook", BENCH_KEY="bench-key",
                      BENCH_TEAMS=f"{base}/teams/wf", BENCH_DIGEST=f"{base}/digest")
    settings = Settings.model_validate({
        "tenant": {"id": "bench", "timezone": "Asia/Tokyo", "language": "ja"},
        "licence": {"product": "UCS Cloud Security", "expires": "2099-01-01"},
        "output": {"dir": str(tmp / "out")},
        "notifications": {
            "burst_threshold": 20,
            "channels": [
                {"name": "slack", "type": "slack", "webhook_url_env": "BENCH_SLACK"},
                {"name": "webhook", "type": "webhook", "url_env": "BENCH_HOOK", "secret_env": "BENCH_KEY"},
                {"name": "teams", "type": "teams", "url_env": "BENCH_TEAMS", "language": "en"},
                {"name": "email", "type": "email", "host": "127.0.0.1", "port": smtp_port, "security": "none",
                 "from": "ucs@bench.example", "to": ["ops@bench.example"]},
                {"name": "digest", "type": "webhook", "url_env": "BENCH_DIGEST", "secret_env": "BENCH_KEY"},
            ],
            "routes": [
                {"name": "all", "match": {"transitions": ["new", "reopened", "resolved", "severity_raised"]},
                 "channels": ["slack", "webhook", "teams", "email"]},
                {"name": "daily", "channels": ["digest"], "digest": {"cron": "0 9 * * *"}},
            ],
        },
    })
    url = f"sqlite:///{tmp / 'bench.sqlite'}" if args.store == "sqlite" else args.store
    store = Store(url)
    hook = transition_hook(settings)
    routed = {"seconds": 0.0}

    def timed_hook(conn, transitions):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        hook(conn, transitions)
        routed["seconds"] += time.perf_counter() - t0

    n = args.transitions
    cov = Coverage()
    for acct in {f"{100000000000 + i}" for i in range(7)}:
        cov.add("aws", acct, "ap-northeast-1", "aws.bench.thing")
    evaluated = [c for c, _ in CHECKS]
    phases = [("first scan (all new)", set(range(n))), ("second scan (unchanged)", set(range(n))),
              ("third scan (300 resolved)", set(range(300, n)))]
    print(f"notify burst bench: {n} findings, store {store.safe_url}")
    start = time.perf_counter()
    for label, failing in phases:
        routed["seconds"] = 0.0
        before = sum(received.values())
        t0 = time.perf_counter()
        scan_id = store.begin_scan("bench", "bench")
        transitions = store.record_scan(scan_id, "bench", estate(n, failing), cov, evaluated, on_transitions=timed_hook)
        t1 = time.perf_counter()
        report = deliver_pending(store, settings)
        t2 = time.perf_counter()
        print(f"  {label}: {len(transitions)} transitions; record_scan {t1 - t0:.2f}s (routing {routed['seconds']:.2f}s), "
              f"delivery {t2 - t1:.2f}s: {report.line()}; messages received {sum(received.values()) - before}")
    from agent.core.model import utcnow

    t0 = time.perf_counter()
    digest = deliver_digests(store, settings, now=utcnow() + timedelta(days=1, minutes=1))
    print(f"  daily digest: {digest.digests} built from {n + 300} held items, sent {digest.total_sent} "
          f"in {time.perf_counter() - t0:.2f}s")
    total = time.perf_counter() - start
    smtp.stop()
    http.shutdown()
    print(f"messages per channel: {dict(sorted(received.items()))}")
    print(f"wall time: {total:.2f}s")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

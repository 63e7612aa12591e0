"""Fleet tests run real components: a private redis-server (so a test may restart it), real
`ucs worker` processes, moto over HTTP and the Kubernetes API stand-in."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.daemon.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]


class Redis:
    """redis-server on a free loopback port, no persistence (a restart loses what was queued)."""

    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.tmp = tmp
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.tmp)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        for _ in range(100):
            try:
                redis.Redis(port=self.port).ping()
                return
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[Redis]:
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (the fleet tests need it; .ci/run starts Redis from it)")
    r = Redis(tmp_path)
    r.start()
    try:
        yield r
    finally:
        r.stop()


class Workers:
    """`ucs worker` processes over one config directory."""

    def __init__(self, config_dir: Path, env: dict[str, str]) -> None:
        self.config_dir = config_dir
        self.env = env
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, n: int = 1, concurrency: int = 2, queues: str | None = None) -> list[subprocess.Popen[bytes]]:
        started = []
        for _ in range(n):
            cmd = [sys.executable, "-m", "agent", "worker", "--config-dir", str(self.config_dir),
                   "--concurrency", str(concurrency)]
            if queues:
                cmd += ["--queues", queues]
            log = open(self.config_dir / f"worker-{len(self.procs)}.log", "wb")  # noqa: SIM115 - lives with the process
            p = subprocess.Popen(cmd, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            self.procs.append(p)
            started.append(p)
        return started

    def wait_ready(self, app: Any, n: int, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(app.control.ping(timeout=0.5) or []) >= n:
                return
            dead = [p for p in self.procs if p.poll() is not None]
            if dead:
                raise AssertionError(f"a worker exited: {self.logs()}")
        raise AssertionError(f"workers not ready: {self.logs()}")

    def logs(self) -> str:
        return "\n".join(f.read_text(errors="replace")[-2000:] for f in sorted(self.config_dir.glob("worker-*.log")))

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    folder = tmp_path / "worker-configs"
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    w = Workers(folder, env)
    try:
        yield w
    finally:
        w.stop()


def write_tenant(folder: Path, cfg: dict[str, Any]) -> Path:
    path = folder / f"{cfg['tenant']['id']}.yaml"
    path.write_text(yaml.safe_dump(cfg, sort_keys=False))
    return path

"""What the AWS benchmarks share: moto in a process of its own, and children measured alone.

Each measured side (floor, scan) runs as ``python <script> --child MODE URL DIR`` in a fresh
process, so its peak RSS is its own and the emulator's CPU and memory are not counted in it.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def start_moto(env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """moto's threaded server on a free loopback port, in its own process; returns (process, URL)."""
    code = ("import logging,sys;logging.getLogger('werkzeug').setLevel(logging.ERROR);"
            "from moto.server import ThreadedMotoServer as S;s=S(ip_address='127.0.0.1',port=0,verbose=False);"
            "s.start();h,p=s.get_host_and_port();print(f'http://{h}:{p}',flush=True);sys.stdin.read()")
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)  # moto logs retried 500s at length
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def child(script: str, mode: str, url: str, out_dir: str, env: dict[str, str]) -> dict[str, Any]:
    """Run ``script --child MODE URL DIR`` and return the JSON document it prints last."""
    run = subprocess.run([sys.executable, script, "--child", mode, url, out_dir], capture_output=True, text=True,
                         env=env, cwd=ROOT)
    if run.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])

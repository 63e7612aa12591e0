"""`ucs remediate …` end to end in a subprocess: plan, list, show, approve, apply, history, rollback."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.cli import main
from agent.store import Store
from tests.remediation.aws_seeds import s3_versioning
from tests.remediation.helpers import store_failing

ROOT = Path(__file__).resolve().parents[2]
CHECK = "aws.s3.versioning_enabled"


def ucs_subprocess(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "agent", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def ucs(*args: str) -> Ran:
    """The same entry point in this process (a subprocess costs seconds of imports per call)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Ran(code, out.getvalue(), err.getvalue())


def write_config(tmp_path: Path, endpoint: str, menus: str = "[remediation]") -> Path:
    cfg = tmp_path / "tenant.yaml"
    cfg.write_text(
        f"""
tenant: {{id: clitenant}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
menus: {{options: {menus}}}
providers:
  aws:
    accounts:
      - id: "123456789012"
        regions: [us-east-1]
        endpoint_url: {endpoint}
        credentials: {{env: true}}
storage: {{url: "sqlite:///{tmp_path / "ucs.sqlite"}"}}
remediation:
  mode: approval
  approval_expiry_hours: 24
""",
        encoding="utf-8",
    )
    return cfg


def test_cli_plan_approve_apply_rollback(tmp_path: Path, aws_factory: Any, moto_reset: str) -> None:
    cfg = write_config(tmp_path, moto_reset)
    bucket = s3_versioning(aws_factory)
    store = Store(f"sqlite:///{tmp_path / 'ucs.sqlite'}")
    finding = store_failing(store, "clitenant", CHECK, bucket)

    out = ucs("remediate", "plan", "-c", str(cfg))
    assert out.returncode == 0, out.stderr
    assert "plan 1: pending [approval] aws.s3.versioning_enabled" in out.stdout
    assert "Status: Suspended → Enabled" in out.stdout

    listed = json.loads(ucs("remediate", "list", "-c", str(cfg), "--json").stdout)
    assert [(p["id"], p["status"]) for p in listed] == [(1, "pending")]
    shown = json.loads(ucs("remediate", "show", "-c", str(cfg), "1").stdout)
    assert shown["calls"][0]["operation"] == "put_bucket_versioning"
    assert (
        "aws s3api put-bucket-versioning" in shown["cli"]
        and 'resource "aws_s3_bucket_versioning"' in shown["terraform"]
    )
    assert shown["expires_at"]

    early = ucs("remediate", "apply", "-c", str(cfg), "1")
    assert early.returncode == 3 and "waits for approval" in early.stdout
    assert ucs("remediate", "approve", "-c", str(cfg), "--actor", "carol", "1").returncode == 0
    applied = ucs_subprocess("remediate", "apply", "-c", str(cfg), "--actor", "carol", "1")  # the real CLI process
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "plan 1: verified" in applied.stdout
    assert aws_factory.client("s3").get_bucket_versioning(Bucket=bucket.name)["Status"] == "Enabled"
    assert store.finding("clitenant", finding.fingerprint).state.value == "resolved"

    history = json.loads(ucs("remediate", "history", "-c", str(cfg), "1", "--json").stdout)
    assert [h["action"] for h in history] == ["plan", "apply", "approve", "claim", "apply", "verify"]
    assert {h["actor"] for h in history[2:]} == {"carol"}

    back = ucs("remediate", "rollback", "-c", str(cfg), "1")
    assert back.returncode == 0 and "rolled_back" in back.stdout
    assert aws_factory.client("s3").get_bucket_versioning(Bucket=bucket.name)["Status"] == "Suspended"
    store.close()


def test_cli_refuses_without_the_menu(tmp_path: Path, moto_reset: str) -> None:
    cfg = write_config(tmp_path, moto_reset, menus="[]")
    out = ucs_subprocess("remediate", "list", "-c", str(cfg))
    assert out.returncode == 2
    assert "option menu 'remediation'" in out.stderr


def test_cli_lists_remediators() -> None:
    out = ucs("remediate", "remediators", "--json")
    rows = json.loads(out.stdout)
    assert out.returncode == 0 and len(rows) >= 22
    by_check = {r["check"]: r for r in rows}
    assert by_check["aws.s3.block_public_access"]["registered"] is True
    assert by_check["aws.s3.block_public_access"]["change"].startswith("Turn on all four S3 Block Public Access")

"""`ucs notify status|test|deliver` in a subprocess against a local webhook receiver."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from agent.settings.tenant import load_settings
from agent.store import Store
from tests.notifiers.conftest import finding, record

ROOT = Path(__file__).resolve().parents[2]
HOOK_PATH = "/cli-hook/pathSECRET77"


def ucs(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "agent", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_notify_commands(tmp_path, tenant_id, httpserver, receiver):
    rec = receiver(HOOK_PATH)
    db = tmp_path / "ucs.sqlite"
    config = tmp_path / "tenant.yaml"
    config.write_text(f"""\
tenant: {{id: {tenant_id}, timezone: Asia/Tokyo, language: ja}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
storage: {{url: "sqlite:///{db}"}}
output: {{dir: "{tmp_path / 'out'}"}}
notifications:
  retry: {{attempts: 2, initial_wait: 0.01, max_wait: 0.01, backoff_initial: 0}}
  channels:
    - {{name: hook, type: webhook, url_env: UCS_T_CLI_URL, secret_env: UCS_T_CLI_KEY}}
  routes:
    - {{name: all, channels: [hook]}}
""")
    env = dict(os.environ, UCS_T_CLI_URL=httpserver.url_for(HOOK_PATH), UCS_T_CLI_KEY="cli-signing-key")
    settings = load_settings(config)
    store = Store(f"sqlite:///{db}")
    record(store, settings, [finding("aws.s3.notifytest_private", f"b{i}") for i in range(3)])
    store.close()

    status = ucs("notify", "status", "-c", str(config), "--json", env=env)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["channels"]["hook"]["pending"] == 3

    out = ucs("notify", "deliver", "-c", str(config), env=env)
    assert out.returncode == 0, out.stderr
    assert "notifications: 3 sent" in out.stdout
    assert len(rec.accepted) == 3
    # The checks registered by the tests exist only in this process: the CLI falls back to the id.
    assert {b["finding"]["finding_info"]["product_uid"] for b in rec.json_bodies()} == {"aws.s3.notifytest_private"}

    test = ucs("notify", "test", "-c", str(config), "--channel", "hook", env=env)
    assert test.returncode == 0 and "test message sent to hook" in test.stdout
    assert [b["type"] for b in rec.json_bodies()][-1] == "test"
    assert list(rec.json_bodies())[-1]["title"] == "UCS からチャネル hook への通知は正常に届いています。"

    status = json.loads(ucs("notify", "status", "-c", str(config), "--json", env=env).stdout)
    assert status["channels"]["hook"]["delivered"] == 3 and "pending" not in status["channels"]["hook"]

    table = ucs("notify", "status", "-c", str(config), env=dict(env, COLUMNS="200"))
    line = next(li for li in table.stdout.splitlines() if "hook" in li)
    assert line.split()[:5] == ["hook", "webhook", "0", "-", "3"]  # piped: plain aligned columns

    httpserver.clear()  # the receiver now answers 500 to everything
    bad = ucs("notify", "test", "-c", str(config), "--channel", "hook", env=env)
    assert bad.returncode == 3
    assert "test message to hook failed" in bad.stderr and "HTTP 500" in bad.stderr
    assert "pathSECRET77" not in bad.stderr + bad.stdout
    unknown = ucs("notify", "test", "-c", str(config), "--channel", "nope", env=env)
    assert unknown.returncode == 2 and "no channel named 'nope' (configured: hook)" in unknown.stderr

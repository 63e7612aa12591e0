"""The CLI's side of the error tree: every UcsError is its exit code, message and hint on stderr;
anything else is one line and exit 3; a missing notifier secret outside `ucs notify` is exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from agent import cli
from agent.core.errors import UcsError

ROOT = Path(__file__).resolve().parents[2]


def ucs(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "agent", *args], cwd=cwd, capture_output=True, text=True,
                          env={**env, "PYTHONPATH": str(ROOT)}, timeout=120)


def test_scan_with_a_routed_channel_whose_secret_is_unset_is_exit_2_with_a_hint(tmp_path: Path) -> None:
    manifests = tmp_path / "manifests"
    manifests.mkdir()
    (manifests / "pod.yaml").write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "debug", "namespace": "shop"},
        "spec": {"containers": [{"name": "c", "image": "nginx:1.27", "securityContext": {"privileged": True}}]}}))
    db = tmp_path / "ucs.sqlite"
    config = tmp_path / "tenant.yaml"
    config.write_text(f"""\
tenant: {{id: secret-t}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
menus: {{options: [containers]}}
storage: {{url: "sqlite:///{db}"}}
notifications:
  retry: {{attempts: 1, initial_wait: 0, max_wait: 0, backoff_initial: 0}}
  channels:
    - {{name: hook, type: webhook, url_env: UCS_T_SCAN_URL, secret_env: UCS_T_SCAN_KEY}}
  routes:
    - {{name: all, channels: [hook]}}
""")
    env = {k: v for k, v in os.environ.items() if k != "UCS_T_SCAN_KEY"}
    env.update(UCS_T_SCAN_URL="http://127.0.0.1:9/hook", COLUMNS="200")
    run = ucs("scan", "--config", str(config), "--manifests", str(manifests), "--output-format", "json",
              "--output-dir", str(tmp_path / "out"), "-q", cwd=tmp_path, env=env)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert ("ucs: error: channel hook: environment variable UCS_T_SCAN_KEY (webhook signing key) is not set"
            in run.stderr)
    assert "  hint: export UCS_T_SCAN_KEY" in run.stderr
    # the scan itself is done and stored, and its notification waits for the secret
    assert list((tmp_path / "out").glob("*.json"))
    assert "0 sent" in run.stderr and "waiting for retry" in run.stderr
    status = ucs("notify", "status", "--config", str(config), "--json", cwd=tmp_path, env=env)
    assert json.loads(status.stdout)["channels"]["hook"]["pending"] >= 1, status.stderr


def test_an_unexpected_error_is_one_line_and_exit_3(monkeypatch, capsys) -> None:
    from agent.commands import config as config_command

    def boom(_args: object) -> int:
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(config_command, "run_validate", boom)
    assert cli.main(["config", "validate", "x.yaml"]) == 3
    err = capsys.readouterr().err
    assert err.splitlines() == ["ucs: internal error: RuntimeError: disk on fire (run with --debug for the traceback)"]
    with pytest.raises(RuntimeError, match="disk on fire"):
        cli.main(["--debug", "config", "validate", "x.yaml"])


def test_a_ucs_error_is_its_exit_code_message_and_hint(monkeypatch, capsys) -> None:
    from agent.commands import config as config_command
    from agent.core.errors import MenuError

    def refuse(_args: object) -> int:
        raise MenuError("feature 'plan' is outside the menus")

    monkeypatch.setattr(config_command, "run_validate", refuse)
    assert cli.main(["config", "validate", "x.yaml"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "ucs: error: feature 'plan' is outside the menus"
    assert err[1].startswith("  hint: ") and len(err) == 2


def test_a_bad_severity_is_a_usage_error_not_a_traceback(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["scan", "--severity", "extreme"])
    assert exit_.value.code == 2
    assert "unknown severity 'extreme'" in capsys.readouterr().err


def test_every_error_a_person_sees_is_in_the_tree() -> None:
    from agent.daemon.lock import TenantLockError
    from agent.settings.notifications import SecretMissing
    from agent.vulns.parsers import VulnImportError
    from checks import RegistryError
    from notifiers.base import DeliveryError

    for cls in (RegistryError, SecretMissing, DeliveryError, VulnImportError, TenantLockError):
        assert issubclass(cls, UcsError), cls
        assert cls.hint, f"{cls.__name__} has no hint"
    assert SecretMissing.exit_code == 2
    # the texts the outbox stores stay the message alone
    assert str(SecretMissing("channel x: no key", hint="set it")) == "channel x: no key"
    assert str(DeliveryError("hook: HTTP 500")) == "hook: HTTP 500"
    doc = __import__("agent.core.errors", fromlist=["x"]).__doc__
    for cls in (RegistryError, SecretMissing, DeliveryError, VulnImportError, TenantLockError):
        assert cls.__name__ in doc

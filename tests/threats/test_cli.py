"""`ucs threats list|reveal|audit` as a user runs them (subprocess, SQLite store file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from agent.events.intake import Intake
from agent.settings.tenant import load_settings
from agent.store import Store
from agent.threats import detect
from agent.threats.detect import pseudonymiser
from tests.threats.test_detector import RAW_IP, RAW_UA, RAW_VALUES, seeded

ROOT = Path(__file__).resolve().parents[2]
KEY_ENV = {"UCS_T_CLI_PSEUDONYM_KEY": "cli-pseudonym-key-abcdef"}


def ucs(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **KEY_ENV, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "agent", "threats", *args, "-c", str(config)], cwd=ROOT, env=env, check=False,
                          capture_output=True, text=True, timeout=120)


def ucs_here(capsys, config: Path, *args: str) -> tuple[int, str, str]:
    """The same command in this process (cheaper than a subprocess per call)."""
    from agent.cli import main

    capsys.readouterr()
    code = main(["threats", *args, "-c", str(config)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_reveal_and_audit(tmp_path: Path, monkeypatch, capsys) -> None:
    tenant = f"t{uuid.uuid4().hex[:10]}"
    config = tmp_path / "tenant.yaml"
    config.write_text(f"""
tenant: {{id: {tenant}}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
menus: {{options: [threat-detection]}}
storage: {{url: "sqlite:///{tmp_path / 'ucs.sqlite'}"}}
threats:
  pseudonym_key_env: UCS_T_CLI_PSEUDONYM_KEY
  investigators: [hanako]
""", encoding="utf-8")
    for k, v in KEY_ENV.items():
        monkeypatch.setenv(k, v)
    key = tmp_path / "hanako.key"
    code, public, err = ucs_here(capsys, config, "investigators", "add", "hanako", "--public-key",
                                 _keygen(capsys, key), "--reason", "designated by the CISO")
    assert code == 0, err
    settings = load_settings(config)
    store = Store(settings.storage.resolved_url(tenant))
    detect.bind(tenant, store, settings)
    try:
        Intake(tenant, None, None).take_records("files audit", seeded())
        ua = pseudonymiser(store, settings)("ua", RAW_UA)
    finally:
        detect.unbind(tenant)
        store.close()

    code, out, err = ucs_here(capsys, config, "list", "--json")
    assert code == 0, err
    docs = json.loads(out)
    assert {d["check_id"] for d in docs} >= {"threat.cloudtrail.trail_logging_stopped", "threat.k8s_audit.pod_exec"}
    assert {d["occurrences"] for d in docs if d["check_id"] == "threat.cloudtrail.trail_logging_stopped"} == {40}
    for raw in RAW_VALUES:
        assert raw not in out + err

    code, out, err = ucs_here(capsys, config, "stats", "--json")
    stats = json.loads(out)
    assert stats["by_rule"]["threat.cloudtrail.trail_logging_stopped"] == 40
    assert sum(stats["by_actor"].values()) == sum(stats["by_rule"].values()) == 50
    assert all(k.startswith("user:") for k in stats["by_actor"]) and all(k.startswith("ip:") for k in stats["by_source_ip"])
    for raw in RAW_VALUES:
        assert raw not in out

    ok = ucs(config, "reveal", ua, "--key-file", str(key), "--reason", "INC-12 key misuse")
    assert ok.returncode == 0 and ok.stdout.strip() == RAW_UA
    other = tmp_path / "taro.key"
    _keygen(capsys, other)
    code, out, err = ucs_here(capsys, config, "reveal", ua, "--key-file", str(other), "--reason", "curiosity")
    assert code == 3 and RAW_UA not in out + err and "no designated investigator" in err
    audit = json.loads(ucs_here(capsys, config, "audit", "--json")[1])
    assert [(a["actor"], a["granted"], a["subject"]) for a in audit][:2] == [(audit[0]["actor"], False, ua), ("hanako", True, ua)]
    assert audit[0]["actor"].startswith("unknown key")
    assert RAW_IP not in json.dumps(audit)


def _keygen(capsys, path: Path) -> str:
    from agent.cli import main

    capsys.readouterr()
    assert main(["threats", "investigators", "keygen", "--out", str(path)]) == 0
    return capsys.readouterr().out.strip()


def test_threat_commands_need_the_threat_detection_menu(tmp_path: Path, capsys) -> None:
    config = tmp_path / "tenant.yaml"
    config.write_text(f"""
tenant: {{id: nomenu}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
storage: {{url: "sqlite:///{tmp_path / 'ucs.sqlite'}"}}
threats: {{investigators: [hanako]}}
""", encoding="utf-8")
    for args in (("list",), ("reveal", "ip:0123456789ab", "--key-env", "NOPE", "--reason", "x")):
        code, out, err = ucs_here(capsys, config, *args)
        assert code != 0 and "threat-detection" in err and out == ""

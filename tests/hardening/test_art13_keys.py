"""Issue 24, finding 1: Art. 13's reveal is enforced by keys, not by names.  Raw communication
data is in no table in the clear; `--as`, another config or SQL reveal nothing; only a designated
investigator's private key does; investigator changes re-encrypt and are audited; the audit chain
detects forged, changed and deleted rows; closing needs a key too."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest

from agent.cli import main
from agent.events.intake import Intake
from agent.settings.tenant import load_settings
from agent.store import Store
from agent.store import investigators as inv
from agent.threats import detect
from agent.threats.detect import pseudonymiser
from agent.threats.keys import InvestigatorKey, chain_hash
from tests.threats.conftest import fixture
from tests.threats.test_detector import RAW_IP, RAW_VALUES, seeded

PSEUDONYM_ENV = {"UCS_T_ART13_KEY": "art13-pseudonym-key-0123456789"}


def _config(tmp_path: Path, tenant: str, name: str = "tenant.yaml", investigators: str = "[hanako]") -> Path:
    config = tmp_path / name
    config.write_text(f"""
tenant: {{id: {tenant}}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
menus: {{options: [threat-detection]}}
storage: {{url: "sqlite:///{tmp_path / 'ucs.sqlite'}"}}
threats: {{pseudonym_key_env: UCS_T_ART13_KEY, investigators: {investigators}}}
""", encoding="utf-8")
    return config


def ucs(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _key(tmp_path: Path, name: str) -> tuple[Path, str]:
    path = tmp_path / f"{name}.key"
    k = InvestigatorKey.generate()
    path.write_text(k.private_text + "\n", encoding="ascii")
    return path, k.public


def _take(config: Path, records: list) -> tuple[Store, str]:
    settings = load_settings(config)
    store = Store(settings.storage.resolved_url(settings.tenant.id))
    detect.bind(settings.tenant.id, store, settings)
    try:
        Intake(settings.tenant.id, None, None).take_records("files audit", records)
    finally:
        detect.unbind(settings.tenant.id)
    return store, pseudonymiser(store, settings)("ip", RAW_IP)


def _all_text(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(json.dumps(conn.execute(f'SELECT * FROM "{t}"').fetchall(), default=str) for t in tables)


@pytest.fixture()
def world(tmp_path: Path, monkeypatch, capsys):
    for k, v in PSEUDONYM_ENV.items():
        monkeypatch.setenv(k, v)
    tenant = f"t{uuid.uuid4().hex[:10]}"
    config = _config(tmp_path, tenant)
    hanako, hanako_pub = _key(tmp_path, "hanako")
    assert ucs(capsys, "threats", "investigators", "add", "hanako", "--public-key", hanako_pub, "--reason", "CISO",
               "-c", str(config))[0] == 0
    store, ip = _take(config, seeded())
    return tmp_path, config, hanako, ip, store


def test_no_raw_value_is_in_any_table_in_the_clear(world, capsys, caplog) -> None:
    tmp_path, config, hanako, ip, _ = world
    caplog.set_level("DEBUG")
    private = hanako.read_text().strip()
    code, out, err = ucs(capsys, "-vv", "threats", "reveal", ip, "--key-file", str(hanako), "--reason", "INC-9",
                         "-c", str(config))
    assert code == 0
    audit = ucs(capsys, "threats", "audit", "--json", "-c", str(config))[1]
    text = _all_text(tmp_path / "ucs.sqlite")
    for raw in RAW_VALUES:
        assert raw not in text and raw not in audit
    for where in (text, audit, out, err, caplog.text):  # the canary: the investigator's private key
        assert private not in where


def test_only_the_investigators_key_reveals(world, capsys, monkeypatch) -> None:
    tmp_path, config, hanako, ip, _ = world
    code, out, _ = ucs(capsys, "threats", "reveal", ip, "--key-file", str(hanako), "--reason", "INC-1", "-c", str(config))
    assert code == 0 and out.strip() == RAW_IP
    monkeypatch.setenv("HANAKO_KEY", hanako.read_text().strip())
    assert ucs(capsys, "threats", "reveal", ip, "--key-env", "HANAKO_KEY", "--reason", "INC-1", "-c", str(config))[1].strip() == RAW_IP
    # a claimed name is no longer a way in
    with pytest.raises(SystemExit):
        main(["threats", "reveal", ip, "--as", "hanako", "--reason", "x", "-c", str(config)])
    # another config naming the mallory as investigator, on the same store, with mallory's own key
    mallory, _ = _key(tmp_path, "mallory")
    other = _config(tmp_path, load_settings(config).tenant.id, "mine.yaml", "[mallory, hanako]")
    code, out, err = ucs(capsys, "threats", "reveal", ip, "--key-file", str(mallory), "--reason", "x", "-c", str(other))
    assert code == 3 and RAW_IP not in out + err
    code, out, err = ucs(capsys, "threats", "reveal", ip, "--reason", "x", "-c", str(config))
    assert code == 2 and "--key-file" in err


def test_a_key_inserted_by_sql_opens_nothing_and_gets_nothing_new(world, capsys) -> None:
    tmp_path, config, hanako, ip, store = world
    tenant = load_settings(config).tenant.id
    mallory, mallory_pub = _key(tmp_path, "mallory")
    with sqlite3.connect(tmp_path / "ucs.sqlite") as conn:
        conn.execute("INSERT INTO threat_investigators VALUES (?, 'mallory', ?, '2026-01-01 00:00:00.000000')",
                     (tenant, mallory_pub))
    code, out, err = ucs(capsys, "threats", "reveal", ip, "--key-file", str(mallory), "--reason", "x", "-c", str(config))
    assert code == 3 and RAW_IP not in out + err
    stop = fixture("threat.cloudtrail.trail_logging_stopped")["fail"][0]
    new = json.loads(json.dumps(stop).replace(RAW_IP, "198.51.100.77"))
    _take(config, [new])
    with sqlite3.connect(tmp_path / "ucs.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM threat_sealed WHERE investigator='mallory'").fetchone()[0] == 0
    code, _, err = ucs(capsys, "threats", "audit", "--verify", "-c", str(config))
    assert code == 3 and "'mallory'" in err


def test_adding_reencrypts_for_the_newcomer_and_removing_withdraws(world, capsys) -> None:
    tmp_path, config, hanako, ip, _ = world
    taro, taro_pub = _key(tmp_path, "taro")
    code, _, err = ucs(capsys, "threats", "investigators", "add", "taro", "--public-key", taro_pub, "--reason", "x",
                       "-c", str(config))
    assert code == 3 and "needs the key" in err  # only an investigator can bring in another one
    assert ucs(capsys, "threats", "investigators", "add", "taro", "--public-key", taro_pub, "--reason", "rota",
               "--key-file", str(hanako), "-c", str(config))[0] == 0
    assert ucs(capsys, "threats", "reveal", ip, "--key-file", str(taro), "--reason", "INC-2", "-c", str(config))[1].strip() == RAW_IP
    assert ucs(capsys, "threats", "investigators", "remove", "hanako", "--reason", "left", "--key-file", str(taro),
               "-c", str(config))[0] == 0
    code, out, _ = ucs(capsys, "threats", "reveal", ip, "--key-file", str(hanako), "--reason", "x", "-c", str(config))
    assert code == 3 and RAW_IP not in out
    code, _, err = ucs(capsys, "threats", "investigators", "remove", "taro", "--reason", "x", "--key-file", str(taro),
                       "-c", str(config))
    assert code == 3 and "last investigator" in err
    code, out, err = ucs(capsys, "threats", "audit", "--verify", "-c", str(config))
    assert code == 0, err
    actions = [r["action"] for r in json.loads(ucs(capsys, "threats", "audit", "--json", "-c", str(config))[1])]
    assert actions[::-1] == ["investigator-add", "investigator-add", "investigator-add", "reveal",
                             "investigator-remove", "reveal", "investigator-remove"]


def test_the_audit_chain_detects_a_forged_a_changed_and_a_deleted_row(world, capsys) -> None:
    tmp_path, config, hanako, ip, _ = world
    tenant = load_settings(config).tenant.id
    for i in range(3):
        ucs(capsys, "threats", "reveal", ip, "--key-file", str(hanako), "--reason", f"INC-{i}", "-c", str(config))
    assert ucs(capsys, "threats", "audit", "--verify", "-c", str(config))[0] == 0
    db = tmp_path / "ucs.sqlite"
    original = db.read_bytes()

    def verify() -> str:
        code, _, err = ucs(capsys, "threats", "audit", "--verify", "-c", str(config))
        assert code == 3
        db.write_bytes(original)
        return err

    with sqlite3.connect(db) as conn:  # a forged "granted" row with a correct hash, at the end
        seq, prev = conn.execute("SELECT seq, hash FROM threat_audit WHERE tenant=? ORDER BY seq DESC", (tenant,)).fetchone()
        row = {"tenant": tenant, "seq": seq + 1, "at": "2026-01-01T00:00:00.000000+00:00", "action": "reveal",
               "actor": "hanako", "actor_key": None, "subject": ip, "reason": "covering", "granted": True,
               "outcome": "revealed"}
        conn.execute("INSERT INTO threat_audit VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     (tenant, seq + 1, "2026-01-01 00:00:00.000000", "reveal", "hanako", None, ip, "covering", 1,
                      "revealed", prev, chain_hash(prev, row), None))
    assert "not signed" in verify()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE threat_audit SET reason='nothing to see' WHERE tenant=? AND seq=3", (tenant,))
    assert "does not match its hash" in verify()
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM threat_audit WHERE tenant=? AND seq=2", (tenant,))
    assert "missing" in verify()


def test_closing_a_threat_needs_an_investigators_key(world, capsys) -> None:
    tmp_path, config, hanako, _, store = world
    tenant = load_settings(config).tenant.id
    f = next(f for f in store.findings(tenant) if f.kind == "threat")
    mallory, _ = _key(tmp_path, "mallory")
    code, _, err = ucs(capsys, "threats", "close", f.fingerprint[:12], "--reason", "x", "--key-file", str(mallory),
                       "-c", str(config))
    assert code == 3 and "no designated investigator" in err
    code, out, err = ucs(capsys, "threats", "close", f.fingerprint[:12], "--reason", "INC-3 done", "--key-file", str(hanako),
                         "-c", str(config))
    assert code == 0, err
    assert store.history(tenant, f.fingerprint)[-1]["reason"] == "closed by hanako: INC-3 done"
    rows = inv.audit(store.engine, tenant, limit=2)
    assert [(r["action"], r["actor"], r["granted"]) for r in rows] == [("close", "hanako", True),
                                                                       ("close", f"unknown key {rows[1]['actor'][12:24]}", False)]
    assert inv.verify_audit(store.engine, tenant).ok

"""Finding details are message ids + parameters: every face renders them in the reader's language."""

from __future__ import annotations

from pathlib import Path

from agent.core.messages import render
from agent.core.model import Finding, Messages, Resource, Severity, Status
from agent.report import csvout
from agent.report.common import finding_doc
from notifiers.render import render as render_notification

MSG = Messages("test.localised", {
    "open_ports": ("ports {ports} are open to {cidr}", "ポート {ports} が {cidr} に公開されています"),
})


def _finding() -> Finding:
    result = MSG.fail("open_ports", ports=[22, 3389], cidr="0.0.0.0/0")
    res = Resource("aws", "123456789012", "eu-west-1", "aws.ec2.security_group", "sg-1", "web")
    return Finding("aws.ec2.no_admin_ports_open", res, result.status, Severity.HIGH, result.detail,
                   result.params, message=result.message)


def test_result_renders_english_and_japanese() -> None:
    r = MSG.fail("open_ports", ports=[22, 3389], cidr="0.0.0.0/0")
    assert r.status is Status.FAIL and r.message == "test.localised:open_ports"
    assert r.detail == "ports 22, 3389 are open to 0.0.0.0/0"
    assert r.text("ja") == "ポート 22, 3389 が 0.0.0.0/0 に公開されています"
    assert r.evidence == {"ports": [22, 3389], "cidr": "0.0.0.0/0"}


def test_unknown_message_falls_back_to_the_stored_text() -> None:
    # A row stored by an older agent whose message id no longer exists still reads.
    assert render("gone.module:key", {}, "ja", fallback="stored english") == "stored english"
    f = _finding()
    f.message = "gone.module:key"
    assert f.detail_in("ja") == f.detail


def test_report_and_csv_show_the_detail_in_japanese(tmp_path: Path) -> None:
    f = _finding()
    assert finding_doc(f, "ja")["detail"] == "ポート 22, 3389 が 0.0.0.0/0 に公開されています"
    assert finding_doc(f, "en")["detail"] == "ports 22, 3389 are open to 0.0.0.0/0"
    out = csvout.write([f], tmp_path / "f.csv", lang="ja").read_text(encoding="utf-8-sig")
    assert "ポート 22, 3389 が 0.0.0.0/0 に公開されています" in out


def test_notification_shows_the_detail_in_the_recipients_language() -> None:
    f = _finding()
    doc = f.to_dict()
    doc["message"] = f.message
    row = {"kind": "transition", "event": "new", "severity": int(f.severity),
           "payload": {"tenant": "t", "event": "new", "finding": doc}}
    ja = render_notification(row, "ja")
    en = render_notification(row, "en")
    assert any("ポート 22, 3389 が 0.0.0.0/0 に公開されています" in text for _, text in ja.sections)
    assert any("ports 22, 3389 are open to 0.0.0.0/0" in text for _, text in en.sections)

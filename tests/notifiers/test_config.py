"""The notifications section: validation names file, line and key; secrets resolve at use."""

from __future__ import annotations

import pytest

from agent.core.errors import ConfigError
from agent.core.logging_setup import redact
from agent.settings.notifications import SecretMissing, resolve_secret
from agent.settings.tenant import parse_settings

HEAD = """\
tenant: {id: acme, timezone: Asia/Tokyo}
licence: {product: UCS Cloud Security, expires: 2099-01-01}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_settings(HEAD + text, "tenant.yaml")
    return [str(p) for p in info.value.problems]


def test_valid_section_parses():
    s = parse_settings(HEAD + """\
notifications:
  burst_threshold: 50
  channels:
    - {name: secops, type: slack, language: ja, webhook_url_env: SLACK_URL}
    - {name: mail, type: email, host: smtp.example.jp, port: 587, username: u, password_file: /run/secrets/smtp,
       from: alerts@example.jp, to: [secops@example.jp]}
  routes:
    - name: high
      match: {min_severity: high, checks: ["aws.s3.*"], tags: {env: prod}, transitions: [new, resolved]}
      channels: [secops, mail]
      digest: {cron: "0 9 * * 1-5"}
""")
    n = s.notifications
    assert n.enabled and n.burst_threshold == 50
    assert n.channel("mail").sender == "alerts@example.jp"
    assert n.routes[0].match.transitions == ["new", "resolved"]


@pytest.mark.parametrize("section, line, expected", [
    ("notifications:\n  channels:\n    - {name: s, type: slack}\n", 5,
     "slack channel needs exactly one of webhook_url_env"),
    ("notifications:\n  channels:\n    - {name: s, type: slack, token_env: T}\n", 5, "needs 'channel'"),
    ("notifications:\n  channels:\n    - {name: w, type: webhook, url_env: U}\n", 5, "needs secret_env or secret_file"),
    ("notifications:\n  channels:\n    - {name: w, type: webhook, url_env: U, secret_env: K, webhook_url: x}\n", 5,
     "unknown key"),
    ("notifications:\n  routes:\n    - {name: r, channels: [nowhere]}\n", 3, "route r: unknown channel nowhere"),
    ("notifications:\n  channels: [{name: t, type: teams, url_env: U}]\n  routes:\n"
     "    - {name: r, channels: [t], match: {transitions: [exploded]}}\n", 6, "unknown transition/event exploded"),
    ("notifications:\n  channels: [{name: t, type: teams, url_env: U}]\n  routes:\n"
     "    - {name: r, channels: [t], digest: {cron: '99 * * * *'}}\n", 6, "invalid cron expression"),
])
def test_errors_name_line_and_key(section, line, expected):
    (problem,) = problems(section)
    assert problem.startswith(f"tenant.yaml:{line}: notifications") and expected in problem


def test_secret_from_env_and_file_is_registered_for_redaction(tmp_path, monkeypatch):
    monkeypatch.setenv("UCS_T_URL", "https://hooks.example/services/T/B/abcdefSECRET")
    value = resolve_secret("c", "Slack webhook URL", "UCS_T_URL", None, url=True)
    assert value.endswith("abcdefSECRET")
    assert "SECRET" not in redact(f"POST {value} and POST /services/T/B/abcdefSECRET HTTP/1.1")
    f = tmp_path / "token"
    f.write_text("xoxb-from-a-file-123\n")
    assert resolve_secret("c", "token", None, str(f)) == "xoxb-from-a-file-123"
    assert redact("token xoxb-from-a-file-123") == "token ***REDACTED***"
    with pytest.raises(SecretMissing, match="environment variable UCS_T_UNSET .* is not set"):
        resolve_secret("c", "token", "UCS_T_UNSET", None)
    with pytest.raises(SecretMissing, match="cannot read token file"):
        resolve_secret("c", "token", None, str(tmp_path / "missing"))

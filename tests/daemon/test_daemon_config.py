"""The daemon, throttle and intake config sections: errors name file, line and key."""

from __future__ import annotations

import pytest

from agent.core.errors import ConfigError
from agent.settings.tenant import parse_settings

BASE = """tenant: {id: acme}
licence: {product: UCS Cloud Security, expires: 2030-01-01}
"""


@pytest.mark.parametrize(("section", "line", "path", "message"), [
    ("daemon:\n  scan: {cron: '61 * * * *'}\n", 4, "daemon.scan", "cron '61 * * * *'"),
    ("daemon:\n  scan: {interval_seconds: 5, cron: '* * * * *'}\n", 4, "daemon.scan", "not interval_seconds and cron"),
    ("throttle:\n  sustain_minutes: 0\n", 4, "throttle.sustain_minutes", "greater than or equal to 1"),
    ("throttle:\n  threshold: 5\n", 4, "throttle.threshold", "unknown key"),
    ("intake:\n  s3:\n    - {prefix: AWSLogs/}\n", 5, "intake.s3[0].bucket", "required key is missing"),
    ("intake:\n  http: {enabled: true, port: 70000}\n", 4, "intake.http.port", "less than or equal to 65535"),
])
def test_section_errors_are_located(section: str, line: int, path: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_settings(BASE + section, "tenant.yaml")
    [problem] = err.value.problems
    assert (problem.file, problem.line, problem.path) == ("tenant.yaml", line, path)
    assert message in problem.message


def test_defaults_are_usable() -> None:
    s = parse_settings(BASE, "tenant.yaml")
    assert s.daemon.scan.interval_minutes == 60 and s.daemon.health.host == "127.0.0.1"
    assert s.throttle.enabled and s.throttle.sustain_minutes == 30
    assert not s.intake.configured and s.intake.http.host == "127.0.0.1"

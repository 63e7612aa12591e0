"""The remediation section of the tenant config: defaults, YAML spellings, errors with lines."""

from __future__ import annotations

import pytest

from agent.core.errors import ConfigError
from agent.settings.tenant import parse_settings

BASE = """
tenant: {id: acme}
licence: {product: UCS Cloud Security, expires: 2099-01-01}
"""


def test_defaults_are_dry_run() -> None:
    s = parse_settings(BASE)
    assert s.remediation.mode == "dry-run"
    assert s.remediation.mode_for("aws.s3.block_public_access") == "dry-run"


def test_modes_overrides_and_yaml_off() -> None:
    s = parse_settings(
        BASE
        + """
remediation:
  mode: off
  checks:
    "aws.s3.*": auto
    aws.ec2.default_sg_restricts_all: off
    aws.ec2.*: approval
  auto_allow: [aws.s3.block_public_access]
"""
    )
    r = s.remediation
    assert r.mode == "off"
    assert r.mode_for("aws.s3.block_public_access") == "auto"
    assert r.mode_for("aws.s3.versioning_enabled") == "approval"  # auto but not allow-listed
    assert r.mode_for("aws.ec2.default_sg_restricts_all") == "off"
    assert r.mode_for("aws.ec2.imdsv2_required") == "approval"
    assert r.mode_for("aws.kms.rotation_enabled") == "off"


def test_bad_values_name_line_and_key() -> None:
    with pytest.raises(ConfigError) as exc:
        parse_settings(
            BASE
            + """
remediation:
  mode: sometimes
  max_changes_per_run: -1
  flow_log_destination: my-bucket
""",
            file="acme.yaml",
        )
    text = str(exc.value)
    assert "acme.yaml:6: remediation.mode:" in text
    assert "acme.yaml:7: remediation.max_changes_per_run:" in text
    assert "acme.yaml:8: remediation.flow_log_destination:" in text

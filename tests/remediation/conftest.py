"""Fixtures for remediation tests: an AWS remediation context on the session moto server."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from typing import Any

import pytest

# moto's server records requests to this file once recording is started (see test_rails.py).
# Set before the session's moto server is imported, so the recorder picks it up.
if "MOTO_RECORDER_FILEPATH" not in os.environ:
    _recordings = tempfile.mkdtemp(prefix="ucs-moto-rec-")
    atexit.register(shutil.rmtree, _recordings, True)  # one folder per test session, gone after it
    os.environ["MOTO_RECORDER_FILEPATH"] = os.path.join(_recordings, "recording")

ACCOUNT = "123456789012"
REGION = "us-east-1"


def remediation_settings(**overrides: Any) -> Any:
    from agent.settings.remediation import RemediationSettings

    base = {
        "s3_access_log_bucket": "ucs-test-access-logs",
        "flow_log_destination": "arn:aws:s3:::ucs-test-flow-logs",
        "unused_key_days": 0,
    }
    base.update(overrides)
    return RemediationSettings.model_validate(base)


@pytest.fixture()
def aws_factory(moto_reset: str) -> Any:
    from agent.collectors.aws.context import ClientFactory

    return ClientFactory(endpoint_url=moto_reset, default_region=REGION)


@pytest.fixture()
def aws_ctx(aws_factory: Any) -> Any:
    from remediation.context import RemediationContext

    return RemediationContext(remediation_settings(), aws={ACCOUNT: aws_factory}, actor="test")


@pytest.fixture(autouse=True)
def _no_default_amis(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto loads its catalogue of public AMIs into every fresh EC2 backend (seconds after each
    reset); these tests register their own images, so they go without it.  Read by moto when the
    backend is created, i.e. only inside these tests."""
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")

"""session_for: profile, env, assume-role (through moto's STS over HTTP), and errors."""

from __future__ import annotations

import pytest

from agent.collectors.aws.credentials import session_for
from agent.core.errors import CollectorError
from agent.core.logging_setup import redact
from agent.settings.tenant import AwsAccount


def _account(**kw) -> AwsAccount:
    return AwsAccount.model_validate(kw)


def test_assume_role_uses_sts_at_the_endpoint_and_redacts_the_secrets(moto_server: str) -> None:
    scope = _account(regions=["eu-west-1"], endpoint_url=moto_server, credentials={"assume_role": {
        "role_arn": "arn:aws:iam::210987654321:role/ucs-audit", "external_id": "tenant-ext-id",
        "session_name": "ucs-test"}})
    session = session_for(scope)
    creds = session.get_credentials().get_frozen_credentials()
    assert creds.access_key != "testing" and creds.token
    who = session.client("sts", endpoint_url=moto_server).get_caller_identity()
    assert who["Account"] == "210987654321"
    assert "assumed-role/ucs-audit/ucs-test" in who["Arn"]
    assert session.region_name == "eu-west-1"
    # the temporary secret and the external id never reach a log line
    assert creds.secret_key not in redact(f"secret={creds.secret_key}")
    assert "tenant-ext-id" not in redact("external id tenant-ext-id")


def test_unreachable_sts_fails_when_the_session_is_made() -> None:
    scope = _account(endpoint_url="http://127.0.0.1:9", credentials={"assume_role": {
        "role_arn": "arn:aws:iam::210987654321:role/ucs-audit"}})
    with pytest.raises(Exception) as err:  # nothing listens on port 9: the first AssumeRole fails
        session_for(scope)
    assert "127.0.0.1:9" in str(err.value) or "Connect" in type(err.value).__name__


def test_env_credentials_require_the_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    with pytest.raises(CollectorError, match="AWS_ACCESS_KEY_ID"):
        session_for(_account(credentials={"env": True}))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret-value")
    session = session_for(_account(credentials={"env": True}, regions=["ap-northeast-1"]))
    assert session.get_credentials().access_key == "AKIAEXAMPLEENV"
    assert session.region_name == "ap-northeast-1"


def test_profile_is_read_from_the_shared_files(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "credentials"
    cfg.write_text("[audit]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = profile-secret\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(cfg))
    assert session_for(_account(credentials={"profile": "audit"})).get_credentials().access_key == "AKIAPROFILE"
    with pytest.raises(CollectorError, match="nope"):
        session_for(_account(credentials={"profile": "nope"}))

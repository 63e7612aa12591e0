"""Credentials: a real service-account key file (the client signs its own JWT with the key and sends
it as the bearer token; no token endpoint is involved), and clear errors when none can be found."""

from __future__ import annotations

import base64
import json
import logging

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from agent.collectors import gcp
from agent.core.errors import CollectorError
from agent.settings.gcp import GcpProvider
from tests.gcp.standin import AssetStandIn, Estate, asset


def _verified_claims(token: str, public_key: rsa.RSAPublicKey) -> dict:
    """Check an RS256 JWT's signature (raises InvalidSignature) and return its claims."""
    def b64(part: str) -> bytes:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))

    header, payload, signature = token.split(".")
    public_key.verify(b64(signature), f"{header}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256())
    assert json.loads(b64(header))["alg"] == "RS256"
    return json.loads(b64(payload))


def _key_file(tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    path = tmp_path / "ucs-reader.json"
    path.write_text(json.dumps({
        "type": "service_account", "project_id": "tools-project", "private_key_id": "k1", "private_key": pem,
        "client_email": "ucs-reader@tools-project.iam.gserviceaccount.com", "client_id": "1",
        "token_uri": "https://oauth2.googleapis.com/token"}))
    return path, key.public_key()


def test_service_account_key_file_signs_in_and_reads(tmp_path, caplog) -> None:
    est = Estate()
    est.add("projects/shop-prod", asset("compute.googleapis.com/Network",
                                        "//compute.googleapis.com/projects/shop-prod/global/networks/default",
                                        {"name": "default"}))
    path, public_key = _key_file(tmp_path)
    with AssetStandIn(est) as s:
        caplog.set_level(logging.DEBUG)
        inv = gcp.collect(GcpProvider(projects=["shop-prod"], api_endpoint=s.url, credentials_file=str(path)))
        requests = list(s.requests)
    assert [r.name for r in inv] == ["default"]
    schemes, tokens = zip(*(r.authorization.split(" ", 1) for r in requests), strict=True)
    assert set(schemes) == {"Bearer"}
    claims = _verified_claims(tokens[0], public_key)
    assert claims["iss"] == claims["sub"] == "ucs-reader@tools-project.iam.gserviceaccount.com"
    assert "cloud-platform.read-only" in claims.get("scope", "")
    assert tokens[0] not in caplog.text


def test_missing_application_default_credentials_is_a_clear_error(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "absent.json"))
    with pytest.raises(CollectorError) as err:
        gcp.collect(GcpProvider(projects=["shop-prod"]))
    assert "Application Default Credentials" in str(err.value)
    assert "credentials_file" in err.value.hint


def test_collector_start_failure_is_a_coverage_gap_in_a_scan(tmp_path) -> None:
    from agent.engine.scan import collect_all

    inv = collect_all([("gcp", GcpProvider(projects=["shop-prod"], credentials_file=str(tmp_path / "nope.json")))])
    [gap] = inv.coverage.failures
    assert gap.provider == "gcp" and "CollectorError" in gap.error and "nope.json" in gap.error

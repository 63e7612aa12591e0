"""Turns the GCP check fixtures (tests/checks/fixtures/gcp.*.json) into a Cloud Asset estate.

Every fixture case (one pass / fail resource plus the fixture's context resources) becomes its own
project(s) on the stand-in, with the fixture's project id, project number, folder and organisation
tokens replaced by ids unique to the case, so one scan through the real client re-evaluates every
fixture end to end.  Collector-derived fields go back to their API form: ``iamPolicy`` becomes the
IAM_POLICY content, ``orgPolicies`` the ORG_POLICY content, ``ancestors`` the asset's ancestors, and
``keyAgeDays`` a ``validAfterTime`` (API keys: ``createTime``) that many days before ``now`` (so nothing
here ages), and each ``envSecrets`` entry a value its detector recognises in place of the redacted one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from agent.collectors.gcp import env_secrets
from agent.collectors.gcp.asset_types import ASSET_TYPES
from tests.gcp.standin import Estate, asset

FIXTURES = Path(__file__).resolve().parents[1] / "checks" / "fixtures"
# Tokens the fixture files use; each case gets its own values.
TOKENS = {"acme-prod": "ucs-c{i:03d}-a", "acme-dev": "ucs-c{i:03d}-b", "111111111111": "9{i:011d}",
          "444444444444": "8{i:011d}", "222222222222": "7{i:011d}", "333333333333": "6{i:011d}", "666666666666": "5{i:011d}"}


@dataclass(frozen=True)
class Expectation:
    check_id: str
    resource_id: str
    account: str
    status: str


@dataclass
class FixtureEstate:
    estate: Estate
    projects: list[str]
    folders: list[str]
    organizations: list[str]
    expectations: list[Expectation]


# Values each detect-secrets detector fires on; fixtures hold only "<redacted>".
SECRET_SAMPLES = {"AWS Access Key": "AKIAZ3MHQLOXRTWPB7QD",
                  "Basic Auth Credentials": "postgres://app:S3cr3tPa55w0rd@db.internal:5432/app",
                  "Secret Keyword": "hunter2xyzQ"}


def _replant_secrets(asset_type: str, data: dict[str, Any]) -> None:
    found = {(s["where"], s["name"]): s["detector"] for s in data.pop("envSecrets", None) or []}
    for where, holder, key, name in env_secrets.plain_env(asset_type, data):
        if (where, name) in found:
            holder[key] = SECRET_SAMPLES[found[(where, name)]]


def load_fixtures() -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("gcp.*.json"))}


def _substitute(docs: list[dict[str, Any]], i: int) -> list[dict[str, Any]]:
    text = json.dumps(docs)
    for token, pattern in TOKENS.items():
        text = text.replace(token, pattern.format(i=i))
    return json.loads(text)


def to_asset(resource: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A fixture Resource back into the ListAssets document the collector would have read."""
    data = json.loads(json.dumps(resource["data"]))
    _replant_secrets(ASSET_TYPES[resource["type"]], data)
    policy = data.pop("iamPolicy", None)
    org_policies = [dict(p, constraint=c) for c, p in (data.pop("orgPolicies", None) or {}).items()]
    ancestors = data.pop("ancestors", [])
    if "keyAgeDays" in data:
        age = data.pop("keyAgeDays")
        valid_after = "" if age is None else (now - timedelta(days=age, hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        data["createTime" if resource["type"] == "gcp.apikeys.key" else "validAfterTime"] = valid_after
    has_policy = isinstance(policy, dict) and (policy.get("bindings") or policy.get("auditConfigs"))
    return asset(ASSET_TYPES[resource["type"]], resource["id"], data, location=resource["region"],
                 ancestors=ancestors, policy=policy if has_policy else None, org_policies=org_policies)


def _parent(account: str) -> str:
    return account if account.startswith(("folders/", "organizations/")) else f"projects/{account}"


def build(now: datetime, statuses: tuple[str, ...] = ("pass", "fail")) -> FixtureEstate:
    out = FixtureEstate(Estate(), [], [], [], [])
    i = 0
    for check_id, doc in load_fixtures().items():
        for status in statuses:
            for target in doc.get(status, []):
                i += 1
                target_doc, *context = _substitute([target, *doc.get("inventory", [])], i)
                out.expectations.append(Expectation(check_id, target_doc["id"], target_doc["account"], status.upper()))
                for r in [target_doc, *context]:
                    parent = _parent(r["account"])
                    if parent not in out.estate.assets:
                        kind = parent.split("/", 1)[0]
                        {"projects": out.projects, "folders": out.folders, "organizations": out.organizations}[kind] \
                            .append(parent.split("/", 1)[1])
                    out.estate.add(parent, to_asset(r, now))
    return out

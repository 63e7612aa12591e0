"""Per-check fixtures for the GCP checks of tests/gcp/service_cases.py and
service_cases_platform.py are the collector's own output.

Each check's documents are served by the ListAssets stand-in (projects/acme-dev's IAM_POLICY listing
forbidden), collected through the real ``AssetServiceClient`` and written as
tests/checks/fixtures/<check id>.json.  After changing the cases or the collector, rewrite them with:

    python -m tests.gcp.check_fixtures
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from google.auth.credentials import AnonymousCredentials

from agent.collectors import gcp
from agent.collectors.gcp.client import asset_client
from agent.core.inventory import Inventory
from agent.settings.gcp import GcpProvider
from tests.gcp import service_cases, service_cases_platform
from tests.gcp.service_cases_platform import INCOMPLETE, PARENTS
from tests.gcp.standin import AssetStandIn, Estate

FIXTURES = Path(__file__).resolve().parents[1] / "checks" / "fixtures"
NOW = datetime(2026, 12, 1, tzinfo=UTC)  # the conformance test's scan time: key ages are derived against it
STATUSES = ("pass", "fail", "error", "incomplete")
CASES = {**service_cases.CASES, **service_cases_platform.CASES}


def fixture_doc(check_id: str, cases: dict[str, list[dict[str, Any]]], estate: Estate, client: Any
                ) -> dict[str, Any]:
    estate.assets.clear()
    for parent in PARENTS.values():
        estate.assets[parent] = []
    for status in (*STATUSES, "inventory"):
        for doc in cases.get(status, []):
            parent = PARENTS[doc["ancestors"][0]]  # the project number the document's ancestry starts with
            if doc not in estate.assets[parent]:  # a case may also be context
                estate.add(parent, doc)
    used = [p for p in PARENTS.values() if estate.assets[p]]  # only the parents this check's documents live in
    projects = [p.split("/", 1)[1] for p in used if p.startswith("projects/")]
    scopes = [GcpProvider(projects=projects)] if projects else []
    scopes += [GcpProvider(organization=p.split("/", 1)[1]) for p in used if p.startswith("organizations/")]
    inv = Inventory()
    for scope in scopes:
        inv.merge(gcp.collect(scope, clients=client, now=NOW, retry_initial=0.01))
    out: dict[str, Any] = {}
    for status in (*STATUSES, "inventory"):
        if cases.get(status):
            out[status] = [inv.get(doc["name"]).to_dict() for doc in cases[status]]
    if "incomplete" in out:  # resources whose declared inputs the scan did not fully collect
        out["incomplete"] = {"types": INCOMPLETE[check_id], "resources": out["incomplete"]}
    return out


def all_fixture_docs() -> dict[str, dict[str, Any]]:
    estate = Estate(forbidden_iam={"projects/acme-dev"})
    with AssetStandIn(estate) as standin:
        client = asset_client(GcpProvider(api_endpoint=standin.url), AnonymousCredentials())  # one client for all
        return {check_id: fixture_doc(check_id, cases, estate, client) for check_id, cases in CASES.items()}


def render(doc: dict[str, Any]) -> str:
    # Struct fields come back from the SDK in no fixed order: sorted keys keep the files stable.
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    for check_id, doc in all_fixture_docs().items():
        (FIXTURES / f"{check_id}.json").write_text(render(doc), encoding="utf-8")
    print(f"wrote {len(CASES)} fixtures")


if __name__ == "__main__":
    main()

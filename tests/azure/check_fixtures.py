"""Per-check fixtures (tests/checks/fixtures/azure.*.json) are the collector's own output.

They are cut from one collection of tests/azure/fixtures/estate.json through the stand-in, using
tests/azure/expectations.py, so they show the checks real resource shapes.  After changing the
estate, the collector or the expectations, rewrite them with:

    python -m tests.azure.check_fixtures
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import checks as registry
from agent.core.inventory import Inventory
from tests.azure.expectations import EXPECT, key

FIXTURES = Path(__file__).resolve().parents[1] / "checks" / "fixtures"


def fixture_docs(inv: Inventory) -> dict[str, dict[str, Any]]:
    out = {}
    for check_id, expected in EXPECT.items():
        entry = registry.get(check_id)
        meta = entry.meta
        by_key = {key(r): r for r in inv if r.type in meta.resource_types}
        out[check_id] = {status: [by_key[name].to_dict() for name in names] for status, names in expected.items()}
        if entry.needs_inventory and meta.inputs:  # the other resources of the same accounts the check may look up
            accounts = {d["account"] for docs in out[check_id].values() for d in docs}
            context = [r.to_dict() for r in inv if r.account in accounts and r.type in meta.inputs]
            if context:
                out[check_id]["inventory"] = context
        if meta.inputs:  # copies of the passing resources, with the inputs not collected: they must answer ERROR
            copies = [{**d, "id": d["id"] + "-incomplete", "name": d["name"] + "-incomplete"} for d in out[check_id]["pass"]]
            out[check_id]["incomplete"] = {"types": list(meta.inputs), "resources": copies}
    return out


def entra_fixture_docs(inv: Inventory) -> dict[str, dict[str, Any]]:
    from tests.azure.entra_estate import ENTRA_EXPECT, NOW
    from tests.azure.entra_estate import key as entra_key

    out = {}
    for check_id, expected in ENTRA_EXPECT.items():
        types = registry.get(check_id).meta.resource_types
        by_key = {entra_key(r): r for r in inv if r.type in types}
        out[check_id] = {"now": NOW, **{status: [by_key[name].to_dict() for name in names]
                                         for status, names in expected.items() if names}}
    return out


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    from agent.collectors.azure import collect
    from agent.settings.tenant import AzureProvider, AzureSubscription
    from tests.azure.conftest import SUB_C, collect_entra, load_estate
    from tests.azure.standin import AzureStandIn, StaticCredential

    standin = AzureStandIn(load_estate(), Path(tempfile.mkdtemp())).start()
    try:
        scope = AzureProvider(subscriptions=[AzureSubscription(id=SUB_C)], discover_subscriptions=True,
                              base_url=standin.base_url, ca_bundle=standin.ca_path, entra=False)
        inv = collect(scope, credential=StaticCredential())
        entra = collect_entra(standin)
    finally:
        standin.stop()
    docs = {**fixture_docs(inv), **entra_fixture_docs(entra)}
    for check_id, doc in docs.items():
        (FIXTURES / f"{check_id}.json").write_text(render(doc), encoding="utf-8")
    print(f"wrote {len(docs)} fixture files under {FIXTURES}")


if __name__ == "__main__":
    main()

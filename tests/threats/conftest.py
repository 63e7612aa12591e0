"""Fixtures for threat tests: real-shaped CloudTrail / K8s audit events (the rules' conformance
fixtures), tenant settings with the threat-detection menu, and the detector bound to a store."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import checks
from agent.settings.tenant import Settings
from agent.store import Store
from agent.threats import detect

FIXTURES = Path(__file__).parent.parent / "checks" / "fixtures"


def threat_rules() -> list[checks.Check]:
    return [c for c in checks.all_checks() if c.meta.kind == "threat"]


def fixture(rule_id: str) -> dict[str, list[dict[str, Any]]]:
    """The rule's fixture as raw records: {"pass": [...], "fail": [...], "inventory": [...]}."""
    doc = json.loads((FIXTURES / f"{rule_id}.json").read_text(encoding="utf-8"))
    return {k: [r["data"] for r in v] for k, v in doc.items()}


def make_settings(tenant: str, store_url: str, **extra: Any) -> Settings:
    doc = {
        "tenant": {"id": tenant},
        "licence": {"product": "UCS Cloud Security", "expires": "2099-01-01"},
        "menus": {"options": ["threat-detection"]},
        "storage": {"url": store_url},
        "threats": {"pseudonym_key_env": "UCS_T_PSEUDONYM_KEY", "investigators": ["hanako"]},
    }
    doc.update(extra)
    return Settings.model_validate(doc)


@pytest.fixture()
def bound(store: Store, store_url: str, tenant_id: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Settings]]:
    monkeypatch.setenv("UCS_T_PSEUDONYM_KEY", "test-pseudonym-key-0123456789")

    def bind(**extra: Any) -> Settings:
        settings = make_settings(tenant_id, store_url, **extra)
        detect.bind(tenant_id, store, settings)
        return settings

    yield bind
    detect.unbind(tenant_id)

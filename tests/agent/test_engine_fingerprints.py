"""The engine's precomputed fingerprints and pair count match the model's definitions."""

from __future__ import annotations

import checks as registry
from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity, fingerprint
from agent.engine.evaluate import evaluate


def test_engine_fingerprints_equal_model_fingerprints_and_overrides_apply() -> None:
    selected = [registry.get("k8s.pod.no_privileged"), registry.get("k8s.pod.no_host_network")]
    pods = [Resource("kubernetes", "c1", "shop", "k8s.pod", f"c1/namespaces/shop/pods/p{i}", f"shop/p{i}",
                     data={"spec": {"containers": [{"name": "a", "securityContext": {"privileged": i == 1}}]}})
            for i in range(3)]
    result = evaluate(Inventory(pods), selected, severity_overrides={"k8s.pod.no_host_network": Severity.LOW})
    assert result.pairs == 6 and len(result.findings) == 6
    for f in result.findings:
        r = f.resource
        assert f.fingerprint == fingerprint(f.check_id, r.provider, r.account, r.region, r.id)
        assert f.severity == (Severity.LOW if f.check_id == "k8s.pod.no_host_network" else Severity.HIGH)
    assert [f.resource.name for f in result.findings if f.status.value == "FAIL"] == ["shop/p1"]

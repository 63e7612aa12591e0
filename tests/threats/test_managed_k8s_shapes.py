"""The Kubernetes rules read EKS/self-managed audit Events, AKS kube-audit diagnostic records and
GKE Cloud Audit Log entries alike (end to end: file → reader → normalise → rules)."""

from __future__ import annotations

import json
from pathlib import Path

from agent.threats.hunt import hunt
from tests.events.test_k8s_shapes import aks, gke
from tests.threats.conftest import fixture

PRIVILEGED = "threat.k8s_audit.privileged_pod_created"
TOKEN = "threat.k8s_audit.service_account_token_read_in_pod"


def fired(tmp_path: Path, records: list[dict]) -> set[str]:
    f = tmp_path / "audit.json"
    f.write_text("\n".join(json.dumps(r) for r in records))
    return {x.check_id for x in hunt([f]).findings()}


def test_each_shipping_shape_fires_the_same_rule(tmp_path: Path) -> None:
    event = fixture(PRIVILEGED)["fail"][0]
    bare = {k: v for k, v in event.items() if k not in ("apiVersion", "auditID")}
    for shape in (event, bare, aks(json.dumps(event))):
        assert PRIVILEGED in fired(tmp_path, [shape]), shape.get("category", "audit")


def test_gke_entries_fire_kubernetes_rules(tmp_path: Path) -> None:
    pod = gke("io.k8s.core.v1.pods.create", "core/v1/namespaces/shop/pods/tools",
              request={"@type": "core.k8s.io/v1.Pod", "kind": "Pod",
                       "spec": {"hostPID": True, "containers": [{"name": "t", "image": "busybox"}]}})
    token = gke("io.k8s.core.v1.pods.exec.create", "core/v1/namespaces/shop/pods/orders-6f9c/exec",
                request={"command": ["cat", "/var/run/secrets/tokens/gcp-ksa/token"], "container": "orders"})
    assert {PRIVILEGED, TOKEN, "threat.k8s_audit.pod_exec"} <= fired(tmp_path, [pod, token])
    # the same requests refused (google.rpc PERMISSION_DENIED) fire nothing
    for rec in (pod, token):
        rec["protoPayload"]["status"] = {"code": 7, "message": "forbidden"}
        rec["protoPayload"]["authorizationInfo"][0]["granted"] = False
    assert fired(tmp_path, [pod, token]) == set()

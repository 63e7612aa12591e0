"""Kubernetes audit events in the shapes clusters really ship them: an Event whose shipper dropped
apiVersion and auditID, AKS's kube-audit diagnostic records, GKE's Cloud Audit Log entries — all
read as the same ``k8s.audit`` event, and broken wrappers counted as malformed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agent.events.normalise import Malformed, Reason, normalise

AUDIT = {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "auditID": "6c1f0d2e", "verb": "create",
         "user": {"username": "dev-kim@example.com"}, "sourceIPs": ["198.51.100.7"],
         "objectRef": {"resource": "pods", "namespace": "shop", "name": "tools", "apiVersion": "v1"},
         "responseStatus": {"code": 201}, "requestReceivedTimestamp": "2026-11-30T08:00:00.000000Z"}


def aks(log: str) -> dict[str, Any]:
    return {"time": "2026-11-30T08:00:01.0000000Z", "category": "kube-audit",
            "operationName": "Microsoft.ContainerService/managedClusters/diagnosticLogs/Read",
            "resourceId": "/SUBSCRIPTIONS/00000000-1111-2222-3333-444444444444/RESOURCEGROUPS/SHOP/PROVIDERS/"
                          "MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/SHOP-AKS",
            "properties": {"log": log, "stream": "stdout", "pod": "kube-apiserver-7d9f"}}


def gke(method: str, resource: str, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "@type": "type.googleapis.com/google.cloud.audit.AuditLog", "serviceName": "k8s.io", "methodName": method,
        "resourceName": resource, "authenticationInfo": {"principalEmail": "dev-kim@example.com"},
        "requestMetadata": {"callerIp": "198.51.100.7", "callerSuppliedUserAgent": "kubectl/v1.30.1"},
        "authorizationInfo": [{"permission": method, "resource": resource, "granted": True}], "status": {}}
    payload.update(extra)
    return {"protoPayload": payload, "insertId": "1x2y3z", "timestamp": "2026-11-30T08:00:00.123Z",
            "resource": {"type": "k8s_cluster", "labels": {"project_id": "shop-prod", "cluster_name": "shop-gke"}},
            "logName": "projects/shop-prod/logs/cloudaudit.googleapis.com%2Factivity"}


def test_an_event_without_apiversion_or_auditid_is_still_audit() -> None:
    bare = {k: v for k, v in AUDIT.items() if k not in ("apiVersion", "auditID")}
    ev = normalise(bare)
    assert (ev.source, ev.action, ev.actor, ev.target) == ("k8s.audit", "create:pods", "dev-kim@example.com",
                                                           "shop/pods/tools")
    # a core v1 Event (what `kubectl get events` lists) is not an audit record
    core = {"kind": "Event", "apiVersion": "v1", "reason": "BackOff", "involvedObject": {"kind": "Pod", "name": "x"}}
    assert normalise(core).source != "k8s.audit"
    assert normalise({"kind": "Event", "reason": "BackOff"}).source != "k8s.audit"


def test_aks_kube_audit_record_is_the_event_it_carries() -> None:
    ev = normalise(aks(json.dumps(AUDIT)))
    assert ev.source == "k8s.audit" and ev.raw == AUDIT and ev.time == AUDIT["requestReceivedTimestamp"]
    # other AKS categories stay Azure records
    assert normalise({**aks("x"), "category": "kube-apiserver"}).source != "k8s.audit"


@pytest.mark.parametrize(("log", "reason"), [("{not json", Reason.NOT_JSON), ("[1, 2]", Reason.NOT_AN_OBJECT),
                                             ('{"kind": "Event", "reason": "BackOff"}', Reason.MISSING_FIELD)])
def test_a_broken_aks_record_is_malformed(log: str, reason: Reason) -> None:
    with pytest.raises(Malformed) as err:
        normalise(aks(log))
    assert err.value.reason is reason and "kube-audit" in str(err.value)


def test_gke_entry_becomes_the_audit_event() -> None:
    rec = gke("io.k8s.core.v1.pods.exec.create", "core/v1/namespaces/shop/pods/orders-6f9c/exec",
              request={"@type": "core.k8s.io/v1.PodExecOptions", "command": ["sh"], "container": "orders"})
    ev = normalise(rec)
    assert (ev.source, ev.action, ev.target) == ("k8s.audit", "create:pods", "shop/pods/orders-6f9c/exec")
    r = ev.raw
    assert r["objectRef"] == {"apiVersion": "v1", "namespace": "shop", "resource": "pods", "name": "orders-6f9c",
                              "subresource": "exec"}
    assert r["user"] == {"username": "dev-kim@example.com"} and r["sourceIPs"] == ["198.51.100.7"]
    assert r["requestObject"] == {"command": ["sh"], "container": "orders"} and r["responseStatus"] == {"code": 201}
    assert r["annotations"] == {"authorization.k8s.io/decision": "allow"} and r["auditID"] == "1x2y3z"
    assert r["requestURI"] == "/api/v1/namespaces/shop/pods/orders-6f9c/exec" and r["userAgent"] == "kubectl/v1.30.1"


def test_gke_groups_cluster_scope_and_failures() -> None:
    crb = normalise(gke("io.k8s.rbac.v1.clusterrolebindings.create",
                        "rbac.authorization.k8s.io/v1/clusterrolebindings/ops")).raw
    assert crb["objectRef"] == {"apiVersion": "v1", "apiGroup": "rbac.authorization.k8s.io",
                                "resource": "clusterrolebindings", "name": "ops"}
    assert crb["requestURI"] == "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/ops"
    denied = normalise(gke("io.k8s.core.v1.secrets.list", "core/v1/secrets", status={"code": 7, "message": "denied"},
                           authorizationInfo=[{"permission": "io.k8s.core.v1.secrets.list", "granted": False}])).raw
    assert denied["responseStatus"] == {"code": 403} and "namespace" not in denied["objectRef"]
    assert denied["annotations"]["authorization.k8s.io/decision"] == "forbid"
    exists = normalise(gke("io.k8s.core.v1.services.create", "core/v1/namespaces/shop/services/web", status={"code": 6},
                           response={"kind": "Status", "status": "Failure", "code": 409})).raw
    assert exists["responseStatus"] == {"code": 409}
    probe = normalise(gke("io.k8s.readyz", "", authenticationInfo={"principalEmail": "system:anonymous"})).raw
    assert probe["requestURI"] == "/readyz" and probe["objectRef"] == {} and probe["verb"] == "get"


def test_other_gcp_entries_stay_gcp_audit() -> None:
    rec = gke("storage.buckets.delete", "projects/_/buckets/shop-exports")
    rec["protoPayload"]["serviceName"] = "storage.googleapis.com"
    assert normalise(rec).source == "gcp.audit"


def test_activity_log_api_category_object_is_not_aks() -> None:
    rec = {**aks(json.dumps(AUDIT)), "category": {"value": "Administrative", "localizedValue": "Administrative"}}
    assert normalise(rec).source == "azure.activity"


def test_gke_entry_of_odd_types_is_read_or_malformed_never_a_crash() -> None:
    odd = gke("io.k8s.core.v1.pods.create", "core/v1/namespaces/shop/pods/x", authorizationInfo=7,
              authenticationInfo="someone", requestMetadata=["198.51.100.7"])
    ev = normalise(odd)
    assert ev.source == "k8s.audit" and ev.raw["user"] == {"username": ""} and ev.raw["sourceIPs"] == []
    with pytest.raises(Malformed) as err:
        normalise(gke("io.k8s.core.v1.pods.create", "core/v1/namespaces/shop/pods/x", request=["not", "a", "pod"]))
    assert err.value.reason is Reason.WRONG_TYPE

"""Write the conformance fixtures of the Sigma rule pack from short cases.

``tests/checks/threat_cases/<source>.yaml`` maps a rule name to ``fail`` / ``pass`` (and, for a
correlation, ``inventory``) lists of cases: a few keys naming what differs from a typical event
of that producer.  Each case is expanded into the producer's full record (CloudTrail record,
Kubernetes ``audit.k8s.io/v1`` Event, Azure diagnostic-settings export record, Entra sign-in or
audit record, GCP LogEntry with an AuditLog ``protoPayload``), then through the intake's
normalisation and the detector's event view into the resource the conformance test reads.

Run ``python -m tests.checks.make_threat_fixtures`` from the repository root after changing a
case or a rule; it also rewrites the rules table of docs/threats.md.
``tests/threats/test_pack.py`` fails until you do.
"""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from agent.events.normalise import normalise
from agent.threats.detect import event_resource

HERE = Path(__file__).resolve().parent
CASES = HERE / "threat_cases"
FIXTURES = HERE / "fixtures"
ACCOUNT = "111122223333"
T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
SUBSCRIPTION = "00000000-1111-2222-3333-444444444444"
TENANT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            merge(base[k], v)
        else:
            base[k] = copy.deepcopy(v)
    return base


def _uuid(seed: str) -> str:
    h = hashlib.sha256(seed.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _time(case: dict[str, Any], fmt: str = "%Y-%m-%dT%H:%M:%SZ") -> str:
    return (T0 + timedelta(seconds=float(case.get("at", 0)) * 60)).strftime(fmt)


_CT_IDENTITIES: dict[str, dict[str, Any]] = {
    "user": {"type": "IAMUser", "principalId": "AIDAEXAMPLEALICE0001", "arn": f"arn:aws:iam::{ACCOUNT}:user/alice",
             "accountId": ACCOUNT, "accessKeyId": "AKIAEXAMPLEALICE001", "userName": "alice"},
    "role": {"type": "AssumedRole", "principalId": "AROAEXAMPLEDEPLOY01:deploy-session",
             "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/deploy-session", "accountId": ACCOUNT,
             "accessKeyId": "ASIAEXAMPLEDEPLOY01",
             "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLEDEPLOY01",
                                                  "arn": f"arn:aws:iam::{ACCOUNT}:role/deploy", "accountId": ACCOUNT,
                                                  "userName": "deploy"},
                                "attributes": {"creationDate": "2026-11-24T09:00:00Z", "mfaAuthenticated": "false"}}},
    "instance": {"type": "AssumedRole", "principalId": "AROAEXAMPLEWEB00001:i-0abc1234def567890",
                 "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/web/i-0abc1234def567890", "accountId": ACCOUNT,
                 "accessKeyId": "ASIAEXAMPLEWEB00001",
                 "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLEWEB00001",
                                                      "arn": f"arn:aws:iam::{ACCOUNT}:role/web", "accountId": ACCOUNT,
                                                      "userName": "web"},
                                    "attributes": {"creationDate": "2026-11-24T09:00:00Z", "mfaAuthenticated": "false"},
                                    "ec2RoleDelivery": "2.0"}},
    "root": {"type": "Root", "principalId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root", "accountId": ACCOUNT,
             "accessKeyId": "ASIAEXAMPLEROOT0001"},
    "service": {"type": "AWSService", "invokedBy": "cloudformation.amazonaws.com"},
    # a failed console sign-in: CloudTrail hides the typed user name
    "signin": {"type": "IAMUser", "principalId": ACCOUNT, "accountId": ACCOUNT, "accessKeyId": "",
               "userName": "HIDDEN_DUE_TO_SECURITY_REASONS"},
    "bob": {"type": "IAMUser", "principalId": "AIDAEXAMPLEBOB00001", "arn": f"arn:aws:iam::{ACCOUNT}:user/bob",
            "accountId": ACCOUNT, "accessKeyId": "AKIAEXAMPLEBOB00001", "userName": "bob"},
}


def cloudtrail(case: dict[str, Any], seed: str) -> dict[str, Any]:
    svc = case.get("svc", "ec2")
    ident = copy.deepcopy(_CT_IDENTITIES[case.get("identity", "user")])
    r: dict[str, Any] = {
        "eventVersion": "1.09", "userIdentity": ident, "eventTime": _time(case),
        "eventSource": f"{svc}.amazonaws.com", "eventName": case["name"], "awsRegion": case.get("region", "us-east-1"),
        "sourceIPAddress": case.get("ip", "203.0.113.45"),
        "userAgent": case.get("ua", "aws-cli/2.15.0 Python/3.11.6 Linux/6.5 exe/x86_64"),
        "requestParameters": case.get("params"), "responseElements": case.get("resp"),
        "requestID": _uuid(seed + "req"), "eventID": _uuid(seed),
        "readOnly": bool(case.get("read_only", False)), "eventType": "AwsApiCall", "managementEvent": True,
        "recipientAccountId": ACCOUNT, "eventCategory": "Management",
    }
    if ident["type"] == "AWSService":
        r["sourceIPAddress"] = r["userAgent"] = ident["invokedBy"]
        r["eventType"] = "AwsServiceEvent" if case.get("service_event") else "AwsApiCall"
    if case.get("error"):
        r["errorCode"] = case["error"]
        r["errorMessage"] = f"{case['error']} for this request"
        r["responseElements"] = None
    return merge(r, case.get("set") or {})


_K8S_USERS = {
    "human": {"username": "dev-bob@example.com", "groups": ["developers", "system:authenticated"]},
    "sa": {"username": "system:serviceaccount:shop:api", "uid": "8c1e0ad4-7d1e-4b9f-9a57-1b2c3d4e5f60",
           "groups": ["system:serviceaccounts", "system:serviceaccounts:shop", "system:authenticated"]},
    "node": {"username": "system:node:ip-10-0-1-23.ec2.internal", "groups": ["system:nodes", "system:authenticated"]},
    "controller": {"username": "system:kube-controller-manager", "groups": ["system:authenticated"]},
    "kube_system_sa": {"username": "system:serviceaccount:kube-system:replicaset-controller",
                       "groups": ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]},
    "anonymous": {"username": "system:anonymous", "groups": ["system:unauthenticated"]},
}


def k8s(case: dict[str, Any], seed: str) -> dict[str, Any]:
    ref: dict[str, Any] = {"resource": case.get("resource", "pods"), "apiVersion": case.get("api", "v1")}
    if case.get("ns", "shop"):
        ref["namespace"] = case.get("ns", "shop")
    if case.get("obj_name"):
        ref["name"] = case["obj_name"]
    if case.get("sub"):
        ref["subresource"] = case["sub"]
    if case.get("group"):
        ref["apiGroup"] = case["group"]
    code = int(case.get("code", 201 if case.get("verb") == "create" else 200))
    user = _K8S_USERS[case.get("user", "human")]
    uri = case.get("uri") or "/api/v1/" + (f"namespaces/{ref['namespace']}/" if "namespace" in ref else "") + ref["resource"]
    r: dict[str, Any] = {
        "kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": "RequestResponse", "auditID": _uuid(seed),
        "stage": "ResponseComplete", "requestURI": uri, "verb": case.get("verb", "get"), "user": copy.deepcopy(user),
        "sourceIPs": [case.get("ip", "10.0.4.21")], "userAgent": case.get("ua", "kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819"),
        "objectRef": ref, "responseStatus": {"metadata": {}, "code": code},
        "requestReceivedTimestamp": _time(case, "%Y-%m-%dT%H:%M:%S.000000Z"),
        "stageTimestamp": _time(case, "%Y-%m-%dT%H:%M:%S.050000Z"),
        "annotations": {"authorization.k8s.io/decision": case.get("decision", "allow"),
                        "authorization.k8s.io/reason": "RBAC: allowed by ClusterRoleBinding"},
    }
    if code >= 400:
        r["responseStatus"].update({"status": "Failure", "reason": "Forbidden" if code == 403 else "Invalid"})
    if case.get("obj") is not None:
        r["requestObject"] = case["obj"]
    return merge(r, case.get("set") or {})


def azure(case: dict[str, Any], seed: str) -> dict[str, Any]:
    rid = case.get("rid", f"/SUBSCRIPTIONS/{SUBSCRIPTION}/RESOURCEGROUPS/PROD/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/WEB1")
    op = case["op"]
    r: dict[str, Any] = {
        "time": _time(case, "%Y-%m-%dT%H:%M:%S.0000000Z"), "resourceId": rid, "operationName": op,
        "category": case.get("category", "Administrative"), "resultType": case.get("status", "Success"),
        "resultSignature": "Succeeded." if case.get("status", "Success") == "Success" else "Failed.",
        "durationMs": "812", "callerIpAddress": case.get("ip", "203.0.113.45"), "correlationId": _uuid(seed),
        "identity": {"authorization": {"scope": rid, "action": op.rsplit("/", 1)[0] + "/" + op.rsplit("/", 1)[1].lower(),
                                       "evidence": {"role": "Contributor", "principalType": "User"}},
                     "claims": {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": "alice@example.com",
                                "name": "Alice Example", "appid": "04b07795-8ddb-461a-bbee-02f9e1bf7b46"}},
        "level": "Information", "location": "global",
        "properties": {"statusCode": "OK", "serviceRequestId": _uuid(seed + "svc"), "eventCategory": "Administrative",
                       "entity": rid, "message": op, "hierarchy": f"{TENANT}/{SUBSCRIPTION}"},
    }
    if case.get("body") is not None:
        r["properties"]["requestbody"] = json.dumps(case["body"], separators=(",", ":"))
    return merge(r, case.get("set") or {})


def entra(case: dict[str, Any], seed: str) -> dict[str, Any]:
    if case.get("cat", "SignInLogs") == "AuditLogs":
        activity = case["activity"]
        r: dict[str, Any] = {
            "time": _time(case, "%Y-%m-%dT%H:%M:%S.0000000Z"), "resourceId": f"/tenants/{TENANT}/providers/Microsoft.aadiam",
            "operationName": activity, "operationVersion": "1.0", "category": "AuditLogs", "tenantId": TENANT,
            "resultSignature": "None", "durationMs": 0, "callerIpAddress": "203.0.113.45", "correlationId": _uuid(seed),
            "Level": 4, "properties": {
                "id": "Directory_" + _uuid(seed + "id"), "category": case.get("audit_category", "RoleManagement"),
                "correlationId": _uuid(seed), "result": case.get("result", "success"), "resultReason": "",
                "activityDisplayName": activity, "activityDateTime": _time(case, "%Y-%m-%dT%H:%M:%S.0000000+00:00"),
                "loggedByService": case.get("service", "Core Directory"), "operationType": case.get("optype", "Assign"),
                "initiatedBy": {"user": {"id": "6f1c2b3a-0000-4000-8000-00000000a11c", "displayName": None,
                                         "userPrincipalName": "alice@example.com", "ipAddress": "203.0.113.45"}},
                "targetResources": case.get("targets") or [{"id": "7e2d3c4b-0000-4000-8000-0000000000b0",
                                                             "displayName": None, "type": "User",
                                                             "userPrincipalName": "bob@example.com",
                                                             "modifiedProperties": case.get("modified") or []}],
                "additionalDetails": []}}
        return merge(r, case.get("set") or {})
    code = int(case.get("code", 0))
    r = {
        "time": _time(case, "%Y-%m-%dT%H:%M:%S.0000000Z"), "resourceId": f"/tenants/{TENANT}/providers/Microsoft.aadiam",
        "operationName": "Sign-in activity", "operationVersion": "1.0", "category": case.get("category", "SignInLogs"),
        "tenantId": TENANT, "resultType": str(code), "resultSignature": "None",
        "resultDescription": case.get("reason", "") if code else "", "durationMs": 0,
        "callerIpAddress": case.get("ip", "203.0.113.45"), "correlationId": _uuid(seed), "identity": "Bob Example",
        "Level": 4, "location": case.get("country", "JP"),
        "properties": {
            "id": _uuid(seed + "id"), "createdDateTime": _time(case, "%Y-%m-%dT%H:%M:%S.0000000+00:00"),
            "userDisplayName": "Bob Example", "userPrincipalName": case.get("upn", "bob@example.com"),
            "userId": "7e2d3c4b-0000-4000-8000-0000000000b0", "appId": "00000002-0000-0ff1-ce00-000000000000",
            "appDisplayName": case.get("app", "Office 365 Exchange Online"), "ipAddress": case.get("ip", "203.0.113.45"),
            "status": {"errorCode": code, **({"failureReason": case.get("reason", "")} if code else {})},
            "clientAppUsed": case.get("client", "Browser"), "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
            "conditionalAccessStatus": case.get("ca", "success"), "isInteractive": True,
            "authenticationRequirement": case.get("auth", "multiFactorAuthentication"),
            "riskLevelDuringSignIn": case.get("risk", "none"), "riskLevelAggregated": case.get("risk", "none"),
            "riskState": "atRisk" if case.get("risk", "none") not in ("none", "low") else "none",
            "location": {"city": "Tokyo", "countryOrRegion": case.get("country", "JP")},
            "userType": case.get("user_type", "Member"), "crossTenantAccessType": "none",
        },
    }
    return merge(r, case.get("set") or {})


def gcp(case: dict[str, Any], seed: str) -> dict[str, Any]:
    service = case.get("service", "cloudresourcemanager.googleapis.com")
    payload: dict[str, Any] = {
        "@type": "type.googleapis.com/google.cloud.audit.AuditLog", "status": case.get("status") or {},
        "authenticationInfo": {"principalEmail": case.get("who", "alice@example.com")},
        "requestMetadata": {"callerIp": case.get("ip", "203.0.113.45"),
                            "callerSuppliedUserAgent": case.get("ua", "google-cloud-sdk gcloud/468.0.0"),
                            "requestAttributes": {}, "destinationAttributes": {}},
        "serviceName": service, "methodName": case["method"],
        "authorizationInfo": [{"resource": case.get("resource", "projects/shop-prod"), "permission": case.get("perm", "x"),
                               "granted": not case.get("status"), "resourceAttributes": {}}],
        "resourceName": case.get("resource", "projects/shop-prod"),
    }
    for k in ("request", "response", "serviceData", "metadata"):
        if case.get(k) is not None:
            payload[k] = case[k]
    log = "activity" if not case.get("data_access") else "data_access"
    r: dict[str, Any] = {
        "protoPayload": payload, "insertId": _uuid(seed)[:12], "resource": {
            "type": case.get("rtype", "project"), "labels": {"project_id": "shop-prod", **(case.get("labels") or {})}},
        "timestamp": _time(case, "%Y-%m-%dT%H:%M:%S.000000Z"), "severity": "NOTICE" if log == "activity" else "INFO",
        "logName": f"projects/shop-prod/logs/cloudaudit.googleapis.com%2F{log}",
        "receiveTimestamp": _time(case, "%Y-%m-%dT%H:%M:%S.500000Z"),
    }
    return merge(r, case.get("set") or {})


BUILDERS = {"cloudtrail": cloudtrail, "k8s_audit": k8s, "azure_activity": azure, "azure_entra": entra, "gcp_audit": gcp}


def expand(key: str, name: str, which: str, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for i, case in enumerate(cases):
        for j in range(int(case.get("repeat", 1))):
            c = dict(case)
            c["at"] = float(case.get("at", 0)) + j * float(case.get("every", 1))
            raw = BUILDERS[key](c, f"{key}.{name}.{which}.{i}.{j}")
            res = event_resource(normalise(raw))
            assert res is not None, (name, which, i)
            out.append(res.to_dict())
    return out


def fixtures() -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for f in sorted(CASES.glob("*.yaml")):
        key = f.stem
        for name, spec in yaml.safe_load(f.read_text(encoding="utf-8")).items():
            doc = {w: expand(key, name, w, spec.get(w) or []) for w in ("pass", "fail", "inventory") if spec.get(w)}
            docs[f"threat.{key}.{name}"] = doc
    return docs


SOURCE_NAMES = {"event.aws.cloudtrail": "CloudTrail", "event.k8s.audit": "Kubernetes audit",
                "event.azure.activity": "Azure Activity", "event.azure.entra": "Entra ID", "event.gcp.audit": "GCP Cloud Audit"}
DOCS = HERE.parents[1] / "docs" / "threats.md"


def rules_table() -> str:
    """The table of every threat rule for docs/threats.md (between the rules:begin/end marks)."""
    import checks
    from checks.threats._pack import PACK

    rules = sorted((c for c in checks.all_checks() if c.meta.kind == "threat"),
                   key=lambda c: (list(SOURCE_NAMES).index(c.meta.resource_types[0]), c.id))
    counts: dict[str, int] = {}
    rows = ["| id | source | kind | severity | ATT&CK | what it matches |", "| --- | --- | --- | --- | --- | --- |"]
    for c in rules:
        name = SOURCE_NAMES[c.meta.resource_types[0]]
        counts[name] = counts.get(name, 0) + 1
        s = PACK.get(c.id)
        kind = ("correlation" if s.correlation else "sigma") if s else "python"
        desc = c.meta.description["en"].replace("|", "\\|")
        rows.append(f"| {c.id} | {name} | {kind} | {c.meta.severity.name.lower()} | "
                    f"{', '.join(c.meta.frameworks['mitre-attack'])} | {desc} |")
    head = f"{len(rules)} rules: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + "."
    return head + "\n\n" + "\n".join(rows)


def write_docs() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start, end = text.index("<!-- rules:begin -->"), text.index("<!-- rules:end -->")
    DOCS.write_text(text[:start] + "<!-- rules:begin -->\n" + rules_table() + "\n" + text[end:], encoding="utf-8")


def main() -> None:
    for rule_id, doc in fixtures().items():
        (FIXTURES / f"{rule_id}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    write_docs()


if __name__ == "__main__":
    main()

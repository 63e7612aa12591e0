"""Writes tests/events/change_fixtures/*.json: a real-shaped producer event (CloudTrail record,
Kubernetes audit event, Activity Log record in both the export and the API shape, Cloud Audit
Log entry) for every entry of config/change_events. Run from the repository root:
    python -m tests.events.make_change_fixtures
"""

import json
from pathlib import Path

import yaml

ACCT = "123456789012"
OUT = Path("tests/events/change_fixtures")
SAMPLE = {
    "bucketName": "logs-bucket",
    "groupId": "sg-0a1b2c3d4e5f60789",
    "instanceId": "i-0abc123def4567890",
    "networkAclId": "acl-0123456789abcdef0",
    "volumeId": "vol-0123456789abcdef0",
    "snapshotId": "snap-0123456789abcdef0",
    "imageId": "ami-0123456789abcdef0",
    "userName": "alice",
    "roleName": "app-role",
    "policyArn": f"arn:aws:iam::{ACCT}:policy/app-policy",
    "serverCertificateName": "web-cert",
    "keyId": f"arn:aws:kms:us-east-1:{ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "name": "main-trail",
    "dBInstanceIdentifier": "orders-db",
    "dBSnapshotIdentifier": "orders-db-snap",
    "functionName": "ingest",
    "queueUrl": f"https://sqs.us-east-1.amazonaws.com/{ACCT}/jobs",
    "topicArn": f"arn:aws:sns:us-east-1:{ACCT}:alerts",
    "repositoryName": "web",
    "loadBalancerArn": f"arn:aws:elasticloadbalancing:us-east-1:{ACCT}:loadbalancer/app/web/50dc6c495c0c9188",
    "tableName": "orders",
    "fileSystemId": "fs-0123456789abcdef0",
    "secretId": "prod/db",
    "certificateArn": f"arn:aws:acm:us-east-1:{ACCT}:certificate/12345678-1234-1234-1234-123456789012",
}


def put(doc, path, value):
    parts = path.split(".")
    cur = doc
    for i, p in enumerate(parts):
        last = i == len(parts) - 1
        if p.endswith("[]"):
            lst = cur.setdefault(p[:-2], [])
            item = {}
            lst.append(item)
            cur = item
            continue
        if last:
            cur[p] = value
        else:
            cur = cur.setdefault(p, {})


def aws_event(source, name, path, value):
    ev = {
        "eventVersion": "1.09",
        "userIdentity": {
            "type": "IAMUser",
            "principalId": "AIDAEXAMPLE",
            "arn": f"arn:aws:iam::{ACCT}:user/ops",
            "accountId": ACCT,
            "userName": "ops",
        },
        "eventTime": "2026-12-01T03:04:05Z",
        "eventSource": f"{source}.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "aws-cli/2.15",
        "requestParameters": {},
        "responseElements": None,
        "requestID": "c1",
        "eventID": "e1",
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": ACCT,
        "eventCategory": "Management",
    }
    if path:
        if path.startswith("responseElements") and ev["responseElements"] is None:
            ev["responseElements"] = {}
        put(ev, path, value)
    return ev


cases = {}
doc = yaml.safe_load(Path("config/change_events/aws.yaml").read_text(encoding="utf-8"))
aws = []
for e in doc["changes"]:
    name = e["events"][0]
    path = e["key"][0]
    if path == "account":
        value, key = None, ""
        ev = aws_event(e["service"], name, None, None)
    else:
        leaf = path.split(".")[-1].removesuffix("[]")
        value = SAMPLE.get(leaf, f"{leaf}-value")
        if leaf == "content":
            value = "vpc-0123456789abcdef0"
        if leaf == "GroupId":
            value = SAMPLE["groupId"]
        ev = aws_event(e["service"], name, path, value)
        key = value
    aws.append(
        {"rule": e["id"], "event": ev, "expect": [{"resource_type": e["resource_type"], "key": key, "deleted": False}]}
    )
    if e.get("deletes"):
        dpath = next(
            (k for k in e["key"] if k.startswith("requestParameters")),
            path.replace("responseElements", "requestParameters"),
        )
        d = aws_event(e["service"], e["deletes"][0], None if path == "account" else dpath, value)
        aws.append(
            {
                "rule": e["id"],
                "event": d,
                "expect": [{"resource_type": e["resource_type"], "key": key, "deleted": True}],
            }
        )
(OUT / "aws.json").write_text(json.dumps(aws, indent=1) + "\n")


def k8s_event(verb, resource, ns, name, group="", code=200):
    return {
        "kind": "Event",
        "apiVersion": "audit.k8s.io/v1",
        "level": "Metadata",
        "auditID": "a1b2",
        "stage": "ResponseComplete",
        "requestURI": f"/apis/{group}/v1/namespaces/{ns}/{resource}/{name}",
        "verb": verb,
        "user": {"username": "alice@example.com", "groups": ["system:authenticated"]},
        "sourceIPs": ["10.0.0.5"],
        "userAgent": "kubectl/v1.31.0",
        "objectRef": {"resource": resource, "namespace": ns, "name": name, "apiGroup": group, "apiVersion": "v1"},
        "responseStatus": {"metadata": {}, "code": code},
        "requestReceivedTimestamp": "2026-12-01T03:04:05.000000Z",
        "stageTimestamp": "2026-12-01T03:04:05.100000Z",
    }


doc = yaml.safe_load(Path("config/change_events/kubernetes.yaml").read_text(encoding="utf-8"))
k8s = []
CLUSTER_SCOPED = {
    "namespaces",
    "clusterroles",
    "clusterrolebindings",
    "mutatingwebhookconfigurations",
    "validatingwebhookconfigurations",
    "storageclasses",
    "persistentvolumes",
}
for e in doc["changes"]:
    for plural, rtype in e["resources"].items():
        ns = "" if plural in CLUSTER_SCOPED else "shop"
        name = "shop" if plural == "namespaces" else "web"
        ev = k8s_event("patch", plural, ns, name)
        if not ns:
            ev["objectRef"].pop("namespace")
        key = "cluster/shop" if e.get("key_namespace") else f"{ns or 'cluster'}/{name}"
        k8s.append({"rule": e["id"], "event": ev, "expect": [{"resource_type": rtype, "key": key, "deleted": False}]})
        if e.get("deletes"):
            d = json.loads(json.dumps(ev))
            d["verb"] = "delete"
            k8s.append({"rule": e["id"], "event": d, "expect": [{"resource_type": rtype, "key": key, "deleted": True}]})
(OUT / "kubernetes.json").write_text(json.dumps(k8s, indent=1) + "\n")

SUB = "00000000-0000-0000-0000-000000000001"


def az_export(op, rid):
    return {
        "time": "2026-12-01T03:04:05.1234567Z",
        "resourceId": rid.upper(),
        "operationName": op.upper(),
        "category": "Administrative",
        "resultType": "Success",
        "resultSignature": "Succeeded.OK",
        "durationMs": "812",
        "callerIpAddress": "203.0.113.10",
        "correlationId": "c-1",
        "identity": {"claims": {"name": "ops"}},
        "level": "Information",
        "location": "global",
        "properties": {"statusCode": "OK"},
    }


def az_api(op, rid):
    return {
        "authorization": {"action": op, "scope": rid},
        "caller": "ops@example.com",
        "channels": "Operation",
        "correlationId": "c-2",
        "eventDataId": "d-2",
        "eventName": {"value": "EndRequest", "localizedValue": "End request"},
        "category": {"value": "Administrative", "localizedValue": "Administrative"},
        "eventTimestamp": "2026-12-01T03:04:05.1234567Z",
        "id": rid + "/events/d-2/ticks/1",
        "level": "Informational",
        "operationId": "o-2",
        "operationName": {"value": op, "localizedValue": op},
        "resourceGroupName": "rg-prod",
        "resourceProviderName": {"value": op.split("/")[0]},
        "resourceId": rid,
        "status": {"value": "Succeeded", "localizedValue": "Succeeded"},
        "subStatus": {"value": "OK"},
        "submissionTimestamp": "2026-12-01T03:04:30Z",
        "subscriptionId": SUB,
    }


doc = yaml.safe_load(Path("config/change_events/azure.yaml").read_text(encoding="utf-8"))
az = []
for e in doc["changes"]:
    op = e["operations"][0]
    seg = e["segments"]
    prov, typ = op.split("/")[0], op.split("/")[1]
    base = f"/subscriptions/{SUB}/resourceGroups/rg-prod/providers/{prov}/{typ}/res1"
    if seg == 10:
        base += "/" + op.split("/")[2] + "/db1"
    if seg == 6:
        base = f"/subscriptions/{SUB}/providers/Microsoft.Security/pricings/VirtualMachines"
    rid = base
    if seg == 2:
        rid = f"/subscriptions/{SUB}/resourceGroups/rg-prod/providers/{prov}/{typ}/res1"
        key = ""
    else:
        key = "/" + "/".join([p for p in rid.split("/") if p][:seg])
    # sub-resource operations name a longer id than the resource's own
    parts = op.split("/")
    if len(parts) > (4 if seg == 10 else 3) and seg not in (2, 6):
        rid = rid + "/" + parts[-2] + "/child1"
    for _i, ev in enumerate((az_export(op, rid), az_api(op, rid))):
        az.append(
            {
                "rule": e["id"],
                "event": ev,
                "expect": [{"resource_type": e["resource_type"], "key": key.lower(), "deleted": False}],
            }
        )
    if e.get("deletes"):
        az.append(
            {
                "rule": e["id"],
                "event": az_api(e["deletes"][0], base),
                "expect": [{"resource_type": e["resource_type"], "key": key.lower(), "deleted": True}],
            }
        )
(OUT / "azure.json").write_text(json.dumps(az, indent=1) + "\n")


def gcp_event(service, method, resource_name, project="shop-prod", rtype="gcs_bucket"):
    return {
        "protoPayload": {
            "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
            "status": {},
            "authenticationInfo": {"principalEmail": "ops@example.com"},
            "requestMetadata": {"callerIp": "203.0.113.10"},
            "serviceName": f"{service}.googleapis.com",
            "methodName": method,
            "resourceName": resource_name,
        },
        "insertId": "x1",
        "resource": {"type": rtype, "labels": {"project_id": project}},
        "timestamp": "2026-12-01T03:04:05.123456Z",
        "severity": "NOTICE",
        "logName": f"projects/{project}/logs/cloudaudit.googleapis.com%2Factivity",
        "receiveTimestamp": "2026-12-01T03:04:06Z",
    }


NAMES = {
    "gcp.storage.bucket": "projects/_/buckets/shop-assets",
    "gcp.compute.firewall": "projects/shop-prod/global/firewalls/allow-ssh",
    "gcp.compute.instance": "projects/shop-prod/zones/asia-northeast1-a/instances/web-1",
    "gcp.compute.network": "projects/shop-prod/global/networks/main",
    "gcp.compute.subnetwork": "projects/shop-prod/regions/asia-northeast1/subnetworks/main-tokyo",
    "gcp.sql.instance": "projects/shop-prod/instances/orders",
    "gcp.container.cluster": "projects/shop-prod/locations/asia-northeast1/clusters/prod",
    "gcp.iam.service_account_key": "projects/shop-prod/serviceAccounts/app@shop-prod.iam.gserviceaccount.com/keys/0123abcd",
    "gcp.iam.service_account": "projects/shop-prod/serviceAccounts/app@shop-prod.iam.gserviceaccount.com",
    "gcp.kms.crypto_key": "projects/shop-prod/locations/global/keyRings/main/cryptoKeys/orders",
    "gcp.bigquery.dataset": "projects/shop-prod/datasets/analytics",
    "gcp.dns.managed_zone": "projects/shop-prod/managedZones/shop-example",
    "gcp.compute.project": "projects/shop-prod",
    "gcp.resourcemanager.project": "projects/shop-prod",
    "gcp.secretmanager.secret": "projects/123456789/secrets/db-password",
    "gcp.run.service": "projects/shop-prod/locations/asia-northeast1/services/web",
    "gcp.cloudfunctions.function": "projects/shop-prod/locations/asia-northeast1/functions/ingest",
    "gcp.apikeys.key": "projects/123456789/locations/global/keys/maps-key",
    "gcp.artifactregistry.repository": "projects/shop-prod/locations/asia-northeast1/repositories/images",
    "gcp.pubsub.topic": "projects/shop-prod/topics/orders",
    "gcp.pubsub.subscription": "projects/shop-prod/subscriptions/orders-worker",
    "gcp.bigquery.table": "projects/shop-prod/datasets/analytics/tables/events",
    "gcp.compute.disk": "projects/shop-prod/zones/asia-northeast1-a/disks/web-1",
    "gcp.compute.backend_service": "projects/shop-prod/global/backendServices/web",
    "gcp.compute.instance_group_manager": "projects/shop-prod/zones/asia-northeast1-a/instanceGroupManagers/web",
    "gcp.compute.ssl_policy": "projects/shop-prod/global/sslPolicies/modern",
    "gcp.compute.target_https_proxy": "projects/shop-prod/global/targetHttpsProxies/web",
    "gcp.compute.target_ssl_proxy": "projects/shop-prod/global/targetSslProxies/tcp",
    "gcp.dataproc.cluster": "projects/shop-prod/regions/asia-northeast1/clusters/etl",
    "gcp.iam.workload_identity_pool_provider": "projects/123456789/locations/global/workloadIdentityPools/github/providers/actions",
    "gcp.logging.bucket": "projects/shop-prod/locations/global/buckets/_Default",
    "gcp.notebooks.instance": "projects/shop-prod/locations/asia-northeast1-a/instances/lab",
    "gcp.appengine.version": "apps/shop-prod/services/default/versions/v1",
}
doc = yaml.safe_load(Path("config/change_events/gcp.yaml").read_text(encoding="utf-8"))
gc = []
for e in doc["changes"]:
    m = e["events"][0]
    method = ("v1." + m) if m.startswith("compute.") else m
    rn = NAMES[e["resource_type"]]
    key = "" if e.get("key") == "project" else rn.rsplit("/", 1)[-1]
    gc.append(
        {
            "rule": e["id"],
            "event": gcp_event(e["service"], method, rn),
            "expect": [{"resource_type": e["resource_type"], "key": key, "deleted": False}],
        }
    )
    if e.get("deletes"):
        d = e["deletes"][0]
        gc.append(
            {
                "rule": e["id"],
                "event": gcp_event(e["service"], ("v1." + d) if d.startswith("compute.") else d, rn),
                "expect": [{"resource_type": e["resource_type"], "key": key, "deleted": True}],
            }
        )
(OUT / "gcp.json").write_text(json.dumps(gc, indent=1) + "\n")
print(len(aws), len(k8s), len(az), len(gc))

"""Cloud Asset documents for the GCP checks on the logging, monitoring, organisation and platform services (CIS 2.4–2.12,
Essential Contacts, App Engine, target proxies, buckets, GKE and SQL additions), per check and status.

The companion of tests/gcp/service_cases.py (same builders, same projects); tests/gcp/check_fixtures.py
collects both.  ``incomplete`` documents live in acme-stage or organizations/777777777777, which are
never served end to end; ``INCOMPLETE`` names the input types such a case leaves uncollected.
"""

from __future__ import annotations

from typing import Any

from tests.gcp.service_cases import (
    ANC,
    APP_SA,
    BROAD_PROJECT,
    DEV,
    DEV_ANC,
    KEY,
    MAPS_ONLY,
    OPS_SA,
    PRIVATE,
    PROJECT_NUMBER,
    P,
    _doc,
    api_key,
    cluster,
    function,
    pool,
    project,
    sql,
    ssl_policy,
)
from tests.gcp.standin import asset

CASES: dict[str, dict[str, list[dict[str, Any]]]] = {}


# --- CIS 2.4–2.11 log metrics and alerts, CIS 2.12 DNS logging ------------------------------------------------

CIS_FILTERS = {
    "project_ownership_changes": '(protoPayload.serviceName="cloudresourcemanager.googleapis.com") AND '
                                 '(ProjectOwnership OR projectOwnerInvitee) OR '
                                 '(protoPayload.serviceData.policyDelta.bindingDeltas.action="REMOVE" AND '
                                 'protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner") OR '
                                 '(protoPayload.serviceData.policyDelta.bindingDeltas.action="ADD" AND '
                                 'protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner")',
    "audit_config_changes": 'protoPayload.methodName="SetIamPolicy" AND '
                            'protoPayload.serviceData.policyDelta.auditConfigDeltas:*',
    "custom_role_changes": 'resource.type="iam_role" AND (protoPayload.methodName="google.iam.admin.v1.CreateRole" '
                           'OR protoPayload.methodName="google.iam.admin.v1.DeleteRole" OR '
                           'protoPayload.methodName="google.iam.admin.v1.UpdateRole")',
    "firewall_rule_changes": 'resource.type="gce_firewall_rule" AND (protoPayload.methodName:"compute.firewalls.patch" '
                             'OR protoPayload.methodName:"compute.firewalls.insert" OR '
                             'protoPayload.methodName:"compute.firewalls.delete")',
    "route_changes": 'resource.type="gce_route" AND (protoPayload.methodName:"compute.routes.delete" OR '
                     'protoPayload.methodName:"compute.routes.insert")',
    "network_changes": "resource.type='gce_network' AND (protoPayload.methodName:'compute.networks.insert' OR "
                       "protoPayload.methodName:'compute.networks.patch' OR protoPayload.methodName:"
                       "'compute.networks.delete' OR protoPayload.methodName:'compute.networks.removePeering' OR "
                       "protoPayload.methodName:'compute.networks.addPeering')",
    "storage_iam_changes": 'resource.type="gcs_bucket" AND protoPayload.methodName="storage.setIamPermissions"',
    "sql_config_changes": 'protoPayload.methodName="cloudsql.instances.update"',
}
# Only the "incomplete" cases (never served end to end) live in acme-stage.
STAGE = "projects/acme-stage"
STAGE_ANC = ["projects/555555555555", "folders/222222222222", "organizations/333333333333"]
STAGE_PROJECT = asset("cloudresourcemanager.googleapis.com/Project",
                      f"//cloudresourcemanager.googleapis.com/{STAGE_ANC[0]}",
                      {"projectNumber": "555555555555", "projectId": "acme-stage", "lifecycleState": "ACTIVE",
                       "name": "acme-stage", "parent": {"type": "folder", "id": "222222222222"}}, ancestors=STAGE_ANC)
PARENTS = {ANC[0]: P, DEV_ANC[0]: DEV, STAGE_ANC[0]: STAGE}
DEV_PROJECT = asset("cloudresourcemanager.googleapis.com/Project", f"//cloudresourcemanager.googleapis.com/{DEV_ANC[0]}",
                    {"projectNumber": "444444444444", "projectId": "acme-dev", "lifecycleState": "ACTIVE",
                     "name": "acme-dev", "parent": {"type": "folder", "id": "222222222222"}}, ancestors=DEV_ANC)


def log_metric(name: str, log_filter: str, dev: bool = False) -> dict[str, Any]:
    body = {"name": name, "filter": log_filter, "createTime": "2025-04-01T00:00:00Z",
            "metricDescriptor": {"metricKind": "DELTA", "valueType": "INT64", "unit": "1"}}
    return _doc("logging.googleapis.com/LogMetric", f"metrics/{name}", body, dev=dev)


def alert_policy(number: str, metric: str, dev: bool = False, **data: Any) -> dict[str, Any]:
    project = "acme-dev" if dev else "acme-prod"
    body = {"name": f"projects/{project}/alertPolicies/{number}", "displayName": f"{metric} alert", "combiner": "OR",
            "conditions": [{"name": f"projects/{project}/alertPolicies/{number}/conditions/1",
                            "displayName": f"{metric} count",
                            "conditionThreshold": {"filter": f'metric.type="logging.googleapis.com/user/{metric}" '
                                                             'AND resource.type="global"',
                                                   "comparison": "COMPARISON_GT", "duration": "0s",
                                                   "aggregations": [{"alignmentPeriod": "60s",
                                                                     "perSeriesAligner": "ALIGN_COUNT"}]}}],
            "notificationChannels": [f"projects/{project}/notificationChannels/42"],
            "creationRecord": {"mutateTime": "2025-04-01T00:00:00Z"}, **data}
    return _doc("monitoring.googleapis.com/AlertPolicy", f"alertPolicies/{number}", body, dev=dev)


INCOMPLETE: dict[str, list[str]] = {}
for i, (suffix, log_filter) in enumerate(CIS_FILTERS.items()):
    metric_name = suffix.replace("_", "-")
    check_id = f"gcp.logging.metric_alert_{suffix}"
    # acme-dev has the metric with a disabled alert for half the events, nothing for the others.
    dev_context = [log_metric(metric_name, log_filter, dev=True),
                   alert_policy(str(900 + i), metric_name, dev=True, enabled=False)] if i % 2 else []
    CASES[check_id] = {"inventory": [log_metric(metric_name, log_filter), alert_policy(str(100 + i), metric_name),
                                     log_metric("errors", 'severity>=ERROR'), *dev_context],
                       "pass": [BROAD_PROJECT], "fail": [DEV_PROJECT], "incomplete": [STAGE_PROJECT]}
    INCOMPLETE[check_id] = ["gcp.logging.metric"]


def network(name: str) -> dict[str, Any]:
    return _doc("compute.googleapis.com/Network", f"global/networks/{name}",
                {"name": name, "id": f"55{len(name)}", "autoCreateSubnetworks": False,
                 "routingConfig": {"routingMode": "REGIONAL"},
                 "selfLink": f"https://www.googleapis.com/compute/v1/projects/acme-prod/global/networks/{name}"})


def dns_policy(name: str, networks: list[str], **data: Any) -> dict[str, Any]:
    body = {"id": f"77{len(name)}", "name": name, "enableInboundForwarding": False,
            "networks": [{"networkUrl": f"https://www.googleapis.com/compute/v1/projects/acme-prod/global/networks/{n}",
                          "kind": "dns#policyNetwork"} for n in networks], **data}
    return _doc("dns.googleapis.com/Policy", f"policies/{name}", body)


CASES["gcp.dns.network_dns_logging"] = {
    "inventory": [dns_policy("log-all", ["prod-vpc"], enableLogging=True), dns_policy("forwarding", ["dev-vpc"])],
    "pass": [network("prod-vpc")], "fail": [network("dev-vpc"), network("legacy-vpc")],
    "incomplete": [network("stage-vpc")]}
INCOMPLETE["gcp.dns.network_dns_logging"] = ["gcp.dns.policy"]


# --- Essential Contacts (organisation level), App Engine, runtimes, impersonation ---------------------------

ORG, OTHER_ORG, STAGE_ORG = "organizations/333333333333", "organizations/666666666666", "organizations/777777777777"
PARENTS.update({ORG: ORG, OTHER_ORG: OTHER_ORG, STAGE_ORG: STAGE_ORG})


def organization(parent: str) -> dict[str, Any]:
    return asset("cloudresourcemanager.googleapis.com/Organization", f"//cloudresourcemanager.googleapis.com/{parent}",
                 {"name": parent, "displayName": "acme.example", "owner": {"directoryCustomerId": "C01abcd"},
                  "lifecycleState": "ACTIVE", "creationTime": "2019-04-01T00:00:00Z"}, ancestors=[parent])


def contact(parent: str, number: str, categories: list[str], state: str = "VALID") -> dict[str, Any]:
    return asset("essentialcontacts.googleapis.com/Contact",
                 f"//essentialcontacts.googleapis.com/{parent}/contacts/{number}",
                 {"name": f"{parent}/contacts/{number}", "email": f"team{number}@acme.example",
                  "notificationCategorySubscriptions": categories, "languageTag": "ja", "validationState": state,
                  "validateTime": "2026-06-01T00:00:00Z"}, ancestors=[parent])


CASES["gcp.essentialcontacts.organization_contacts_configured"] = {
    "inventory": [contact(ORG, "1", ["ALL"]), contact(OTHER_ORG, "2", ["SECURITY", "TECHNICAL", "SUSPENSION"]),
                  contact(OTHER_ORG, "3", ["LEGAL"], state="INVALID")],
    "pass": [organization(ORG)], "fail": [organization(OTHER_ORG)], "incomplete": [organization(STAGE_ORG)]}
INCOMPLETE["gcp.essentialcontacts.organization_contacts_configured"] = ["gcp.essentialcontacts.contact"]


def app_version(version: str, runtime: str = "python312", **data: Any) -> dict[str, Any]:
    body = {"name": f"apps/acme-prod/services/default/versions/{version}", "id": version, "runtime": runtime,
            "env": "standard", "servingStatus": "SERVING", "instanceClass": "F1",
            "createTime": "2026-09-01T00:00:00Z", "createdBy": "alice@acme.example",
            "versionUrl": f"https://{version}-dot-acme-prod.an.r.appspot.com",
            "handlers": [{"urlRegex": "/static", "staticFiles": {"path": "static"}, "securityLevel": "SECURE_ALWAYS"},
                         {"urlRegex": ".*", "script": {"scriptPath": "auto"}, "securityLevel": "SECURE_ALWAYS"}],
            **data}
    return asset("appengine.googleapis.com/Version",
                 f"//appengine.googleapis.com/apps/acme-prod/services/default/versions/{version}", body,
                 ancestors=ANC)


CASES["gcp.appengine.version_https_only"] = {
    "pass": [app_version("v10"), app_version("old", servingStatus="STOPPED",
                                             handlers=[{"urlRegex": ".*", "script": {"scriptPath": "auto"}}]),
             app_version("flex", env="flexible", runtime="custom", handlers=[])],
    "fail": [app_version("v9", handlers=[{"urlRegex": ".*", "script": {"scriptPath": "auto"},
                                          "securityLevel": "SECURE_OPTIONAL"}]),
             app_version("v8", handlers=[{"urlRegex": ".*", "script": {"scriptPath": "auto"}}])]}
CASES["gcp.appengine.version_runtime_supported"] = {
    "pass": [app_version("v10"), app_version("legacy-stopped", runtime="python27", servingStatus="STOPPED")],
    "fail": [app_version("legacy", runtime="python27"), app_version("node", runtime="nodejs16")]}
CASES["gcp.cloudfunctions.function_runtime_supported"] = {
    "pass": [function("current")],
    "fail": [function("old-node", serviceAccountEmail=APP_SA)]}
CASES["gcp.cloudfunctions.function_runtime_supported"]["fail"][0]["resource"]["data"]["buildConfig"]["runtime"] = "nodejs14"
CASES["gcp.iam.no_project_level_impersonation_by_service_accounts"] = {
    "pass": [project({"bindings": [{"role": "roles/iam.serviceAccountTokenCreator",
                                    "members": ["user:alice@acme.example"]},
                                   {"role": "roles/logging.logWriter", "members": [f"serviceAccount:{APP_SA}"]}]})],
    "fail": [asset("cloudresourcemanager.googleapis.com/Project", f"//cloudresourcemanager.googleapis.com/{STAGE_ANC[0]}",
                   {"projectNumber": "555555555555", "projectId": "acme-stage", "lifecycleState": "ACTIVE"},
                   ancestors=STAGE_ANC, policy={"bindings": [{"role": "roles/iam.serviceAccountTokenCreator",
                                                              "members": [f"serviceAccount:{OPS_SA}"]}]})],
    "error": [DEV_PROJECT]}
CASES["gcp.apikeys.project_has_no_api_keys"] = {
    "inventory": [api_key("maps-web", MAPS_ONLY)],
    "pass": [DEV_PROJECT], "fail": [BROAD_PROJECT], "incomplete": [STAGE_PROJECT]}
INCOMPLETE["gcp.apikeys.project_has_no_api_keys"] = ["gcp.apikeys.key"]


def target_proxy(kind: str, name: str, policy: str | None) -> dict[str, Any]:
    collection = {"TargetHttpsProxy": "targetHttpsProxies", "TargetSslProxy": "targetSslProxies"}[kind]
    body: dict[str, Any] = {"id": f"31{len(name)}", "name": name, "fingerprint": "xyz=",
                            "sslCertificates": ["https://www.googleapis.com/compute/v1/projects/acme-prod/global/"
                                                "sslCertificates/www"]}
    body["urlMap" if kind == "TargetHttpsProxy" else "service"] = (
        "https://www.googleapis.com/compute/v1/projects/acme-prod/global/"
        + ("urlMaps/web" if kind == "TargetHttpsProxy" else "backendServices/tcp"))
    if policy:
        body["sslPolicy"] = f"https://www.googleapis.com/compute/v1/projects/acme-prod/global/sslPolicies/{policy}"
    return _doc(f"compute.googleapis.com/{kind}", f"global/{collection}/{name}", body)


CASES["gcp.compute.target_proxy_strong_ssl_policy"] = {
    "inventory": [ssl_policy("modern", profile="MODERN", minTlsVersion="TLS_1_2"),
                  ssl_policy("compatible-12", profile="COMPATIBLE", minTlsVersion="TLS_1_2")],
    "pass": [target_proxy("TargetHttpsProxy", "www", "modern"), target_proxy("TargetSslProxy", "tls", "modern")],
    "fail": [target_proxy("TargetHttpsProxy", "legacy", None), target_proxy("TargetSslProxy", "old", "compatible-12")],
    "error": [target_proxy("TargetHttpsProxy", "orphan", "deleted-policy")],
    "incomplete": [target_proxy("TargetHttpsProxy", "stage", "modern")]}
INCOMPLETE["gcp.compute.target_proxy_strong_ssl_policy"] = ["gcp.compute.ssl_policy"]


def bucket(name: str, pap: str | None, anc: list[str] = ANC) -> dict[str, Any]:
    config: dict[str, Any] = {"uniformBucketLevelAccess": {"enabled": True}}
    if pap:
        config["publicAccessPrevention"] = pap
    return asset("storage.googleapis.com/Bucket", f"//storage.googleapis.com/{name}",
                 {"name": name, "id": name, "location": "ASIA-NORTHEAST1", "storageClass": "STANDARD",
                  "iamConfiguration": config, "timeCreated": "2025-02-01T00:00:00Z"},
                 location="asia-northeast1", ancestors=anc)


PAP_PROJECT = asset("cloudresourcemanager.googleapis.com/Project", f"//cloudresourcemanager.googleapis.com/{ANC[0]}",
                    {"projectNumber": PROJECT_NUMBER, "projectId": "acme-prod", "lifecycleState": "ACTIVE"},
                    ancestors=ANC, org_policies=[{"constraint": "constraints/storage.publicAccessPrevention",
                                                  "booleanPolicy": {"enforced": True}}])
CASES["gcp.storage.bucket_public_access_prevention"] = {
    "inventory": [PAP_PROJECT, DEV_PROJECT],
    "pass": [bucket("acme-dev-enforced", "enforced", DEV_ANC), bucket("acme-prod-inherited", "inherited")],
    "fail": [bucket("acme-dev-inherited", "inherited", DEV_ANC), bucket("acme-dev-old", None, DEV_ANC)],
    "error": [bucket("acme-stage-orphan", "inherited", STAGE_ANC)]}
CASES["gcp.container.dashboard_disabled"] = {
    "pass": [cluster("prod"), cluster("explicit", addonsConfig={"kubernetesDashboard": {"disabled": True},
                                                                "httpLoadBalancing": {}})],
    "fail": [cluster("legacy", addonsConfig={"kubernetesDashboard": {}})]}
CASES["gcp.container.vpc_native"] = {
    "pass": [cluster("prod", ipAllocationPolicy={"useIpAliases": True, "clusterIpv4CidrBlock": "10.4.0.0/14"})],
    "fail": [cluster("routes", ipAllocationPolicy={}), cluster("old")]}
CASES["gcp.container.node_boot_disk_cmek"] = {
    "pass": [cluster("prod", pools=[pool("p1", bootDiskKmsKey=KEY)]), cluster("autopilot", pools=[])],
    "fail": [cluster("dev")]}
CASES["gcp.sql.instance_cmek"] = {
    "pass": [sql("cmek-db", "POSTGRES_16", [])],
    "fail": [sql("plain-db", "POSTGRES_16", [])]}
CASES["gcp.sql.instance_cmek"]["pass"][0]["resource"]["data"]["diskEncryptionConfiguration"] = {
    "kmsKeyName": KEY, "kind": "sql#diskEncryptionConfiguration"}


def subscription(name: str, dev: bool = False, policy: dict[str, Any] | None = None) -> dict[str, Any]:
    body = {"name": f"projects/acme-prod/subscriptions/{name}", "topic": "projects/acme-prod/topics/orders",
            "ackDeadlineSeconds": 10, "messageRetentionDuration": "604800s", "expirationPolicy": {"ttl": "2678400s"},
            "pushConfig": {}, "state": "ACTIVE"}
    return _doc("pubsub.googleapis.com/Subscription", f"subscriptions/{name}", body, policy=policy, dev=dev)


CASES["gcp.pubsub.subscription_not_public"] = {
    "pass": [subscription("orders-worker", policy=PRIVATE)],
    "fail": [subscription("orders-open", policy={"bindings": [{"role": "roles/pubsub.subscriber",
                                                              "members": ["allUsers"]}]})],
    "error": [subscription("dev-worker", dev=True)]}
CASES["gcp.sql.deletion_protection"] = {"pass": [sql("protected-db", "POSTGRES_16", [])],
                                        "fail": [sql("unprotected-db", "POSTGRES_16", [])]}
CASES["gcp.sql.deletion_protection"]["pass"][0]["resource"]["data"]["settings"]["deletionProtectionEnabled"] = True
CASES["gcp.sql.password_policy_enabled"] = {"pass": [sql("policy-db", "MYSQL_8_0", [])],
                                            "fail": [sql("no-policy-db", "MYSQL_8_0", [])]}
CASES["gcp.sql.password_policy_enabled"]["pass"][0]["resource"]["data"]["settings"]["passwordValidationPolicy"] = {
    "enablePasswordPolicy": True, "minLength": 12, "complexity": "COMPLEXITY_DEFAULT", "disallowUsernameSubstring": True}
CASES["gcp.storage.bucket_versioning_or_soft_delete"] = {
    "pass": [bucket("acme-prod-versioned", "enforced"), bucket("acme-prod-soft-deleted", "enforced")],
    "fail": [bucket("acme-prod-plain", "enforced")]}
CASES["gcp.storage.bucket_versioning_or_soft_delete"]["pass"][0]["resource"]["data"]["versioning"] = {"enabled": True}
CASES["gcp.storage.bucket_versioning_or_soft_delete"]["pass"][1]["resource"]["data"]["softDeletePolicy"] = {
    "retentionDurationSeconds": "604800", "effectiveTime": "2024-03-01T07:00:00Z"}
CASES["gcp.container.security_posture_enabled"] = {
    "pass": [cluster("prod", securityPostureConfig={"mode": "BASIC", "vulnerabilityMode": "VULNERABILITY_BASIC"})],
    "fail": [cluster("dev", securityPostureConfig={"mode": "DISABLED"}), cluster("old")]}

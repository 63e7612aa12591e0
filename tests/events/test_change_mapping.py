"""The change-event mapping (config/change_events): every entry proven by a real-shaped event,
every mapped type checked by the registry, reads and failed calls changing nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import checks as registry
from agent.core.errors import ConfigError
from agent.events.changes import changes_in, key_matches, load_mapping, mapping

FIXTURES = Path(__file__).parent / "change_fixtures"
PROVIDERS = ("aws", "kubernetes", "azure", "gcp")
CLUSTER = "prod-cluster"
PROVIDER_PREFIX = {"aws": "aws.", "kubernetes": "k8s.", "azure": "azure.", "gcp": "gcp."}

# Types with checks that no write event changes (derived per scan, or changed only by a
# principal's own activity): the scheduled scan assesses them.
NO_WRITE_EVENT = {
    "aws.ec2.default_vpc": "derived: whether the default VPC has resources in use",
    "aws.iam.managed_policy_use": "derived from every principal's attachments",
    "aws.iam.root_mfa": "the root user's MFA is changed only while signed in as root (no management event names it)",
    "aws.iam.root_user": "root credentials and last use are read from the credential report",
    "k8s.cluster": "the API server's version and the RBAC summary",
    "k8s.api_server": "flags of a static pod: changed in the node's manifest file, not through the API",
    "k8s.controller_manager": "flags of a static pod: changed in the node's manifest file, not through the API",
    "k8s.scheduler": "flags of a static pod: changed in the node's manifest file, not through the API",
    "k8s.etcd": "flags of a static pod: changed in the node's manifest file, not through the API",
    "k8s.kubelet_configuration": "the kubelet's own configuration file on the node",
    "k8s.kube_proxy": "kube-proxy's flags and configuration on the node",
    "k8s.node_files": "file modes and owners on the node (offline node directory)",
    "k8s.node": "nodes report their kubelet version themselves",
    "azure.entra.tenant": "Entra ID changes arrive in the Entra audit log, which the change mapping does not read yet",
    "azure.entra.application": "Entra ID changes arrive in the Entra audit log, which the change mapping does not read yet",
    "azure.entra.service_principal": "Entra ID changes arrive in the Entra audit log, which the change mapping does not read yet",
    "gcp.resourcemanager.folder": "folder IAM policies change in the organisation's audit log, not a project's",
    "gcp.resourcemanager.organization": "organisation IAM and policies change in the organisation's audit log",
    "aws.ssm.managed_instance": "patch and association compliance is reported by the SSM agent after its runs, not by a "
                                "management event naming the instance",
    "aws.trustedadvisor.security_check": "Trusted Advisor results are computed by AWS on its own schedule",
    "aws.trustedadvisor.fault_tolerance_check": "Trusted Advisor results are computed by AWS on its own schedule",
}


def fixtures(provider: str) -> list[dict]:
    return json.loads((FIXTURES / f"{provider}.json").read_text(encoding="utf-8"))


def entry_of(rule_id: str) -> str:
    return rule_id.split(":", 1)[0]


def test_every_mapped_type_has_checks() -> None:
    checked = {t for c in registry.all_checks() for t in c.meta.resource_types}
    unchecked = sorted(mapping().types() - checked)
    assert not unchecked, f"mapped types without checks: {unchecked}"


def test_every_checked_type_with_a_write_event_is_mapped() -> None:
    mapped = mapping().types()
    checked = {t for c in registry.all_checks() for t in c.meta.resource_types if not t.startswith("event.")}
    missing = sorted(checked - mapped - set(NO_WRITE_EVENT))
    assert not missing, f"types with checks but no change mapping (map them or say why not): {missing}"
    assert not set(NO_WRITE_EVENT) & mapped


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_entry_has_a_fixture_event(provider: str) -> None:
    entries = {entry_of(r.id) for r in mapping().rules if r.provider == provider}
    proven = {f["rule"] for f in fixtures(provider)}
    assert entries <= proven, f"{provider}: entries without a fixture event: {sorted(entries - proven)}"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_fixture_events_yield_their_resources(provider: str) -> None:
    for case in fixtures(provider):
        got = changes_in(case["event"], CLUSTER)
        mine = [(c.resource_type, c.key, c.deleted) for c in got if entry_of(c.rule.id) == case["rule"]]
        want = [(e["resource_type"], e["key"], e["deleted"]) for e in case["expect"]]
        assert mine == want, f"{provider} {case['rule']}: {mine} != {want}"
        for c in got:
            assert c.provider == provider and c.resource_type.startswith(PROVIDER_PREFIX[provider])
            assert c.event_time is not None and c.event_time.tzinfo is not None


def _one(provider: str, rule: str) -> dict:
    return copy.deepcopy(next(f["event"] for f in fixtures(provider) if f["rule"] == rule))


def test_cloudtrail_account_region_and_versioned_names() -> None:
    ev = _one("aws", "lambda-function")
    ev["eventName"] = "UpdateFunctionConfiguration20150331v2"
    (c,) = changes_in(ev)
    assert (c.account, c.region, c.resource_type, c.key) == ("123456789012", "us-east-1", "aws.lambda.function", "ingest")
    ev["eventName"] = "DeleteFunction20150331"
    assert changes_in(ev)[0].deleted


def test_run_instances_names_every_instance_launched() -> None:
    ev = _one("aws", "ec2-instance-launch")
    ev["responseElements"]["instancesSet"]["items"].append({"instanceId": "i-0second"})
    assert [c.key for c in changes_in(ev)] == ["i-0abc123def4567890", "i-0second"]


@pytest.mark.parametrize("change", [
    ("aws", "s3-bucket", lambda e: e.update(errorCode="AccessDenied", errorMessage="Access Denied")),
    ("aws", "s3-bucket", lambda e: e.update(readOnly=True)),
    ("kubernetes", "k8s-workloads", lambda e: e["responseStatus"].update(code=403)),
    ("kubernetes", "k8s-workloads", lambda e: e.update(stage="RequestReceived")),
    ("kubernetes", "k8s-workloads", lambda e: e["objectRef"].update(subresource="exec")),
    ("azure", "azure-storage-account", lambda e: e.update(resultType="Failure")),
    ("azure", "azure-storage-account", lambda e: e.update(resultType="Start")),
    ("gcp", "gcp-firewall", lambda e: e["protoPayload"].update(status={"code": 7, "message": "PERMISSION_DENIED"})),
])
def test_failed_calls_and_reads_change_nothing(change) -> None:  # type: ignore[no-untyped-def]
    provider, rule, spoil = change
    ev = _one(provider, rule)
    assert changes_in(ev, CLUSTER), "the unspoilt event is a change"
    spoil(ev)
    assert changes_in(ev, CLUSTER) == []


def test_events_of_other_shapes_and_unmapped_calls_yield_nothing() -> None:
    ev = _one("aws", "s3-bucket")
    ev["eventName"] = "GetBucketAcl"
    assert changes_in(ev) == []
    assert changes_in({"time": "x", "actor": "y"}) == [] and changes_in(["not", "an", "object"]) == []
    k = _one("kubernetes", "k8s-workloads")
    k["verb"] = "get"
    assert changes_in(k, CLUSTER) == []


def test_azure_sub_resource_operations_name_the_parent_resource() -> None:
    ev = _one("azure", "azure-nsg")
    ev["operationName"] = "MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE"
    ev["resourceId"] = ev["resourceId"] + "/SECURITYRULES/ALLOW-SSH"
    (c,) = changes_in(ev)
    assert c.key.endswith("/networksecuritygroups/res1") and c.account == "00000000-0000-0000-0000-000000000001"
    assert c.resource_type == "azure.network.nsg" and not c.deleted


def test_key_matching_per_provider() -> None:
    assert key_matches("aws", "logs-bucket", "arn:aws:s3:::logs-bucket", "logs-bucket", "*")
    assert key_matches("aws", "arn:aws:kms:us-east-1:1:key/abcd", "arn:aws:kms:us-east-1:1:key/abcd", "alias", "us-east-1")
    assert key_matches("aws", "https://sqs.us-east-1.amazonaws.com/1/jobs", "arn:aws:sqs:us-east-1:1:jobs", "jobs", "us-east-1")
    assert not key_matches("aws", "logs-bucket", "arn:aws:s3:::other", "other", "*")
    assert key_matches("kubernetes", "shop/web", "uid-1", "shop/web", "shop")
    assert key_matches("kubernetes", "cluster/admin", "uid-3", "admin", "cluster")
    assert not key_matches("kubernetes", "shop/web", "uid-2", "default/web", "default")
    assert key_matches("azure", "/subscriptions/s/resourcegroups/rg/providers/x/y/n", "/subscriptions/S/resourceGroups/RG/providers/x/y/N", "N", "japaneast")
    assert key_matches("gcp", "allow-ssh", "//compute.googleapis.com/projects/p/global/firewalls/allow-ssh", "allow-ssh", "global")
    assert key_matches("aws", "", "anything", "x", "us-east-1")  # a per-account type


def test_a_bad_mapping_file_is_a_config_error_naming_file_and_entry() -> None:
    with pytest.raises(ConfigError) as e:
        load_mapping([("config/change_events/x.yaml", "provider: aws\nchanges:\n  - id: a\n    resource_type: aws.s3.bucket\n")])
    assert "config/change_events/x.yaml" in str(e.value) and "changes[0]" in str(e.value) and "service" in str(e.value)
    with pytest.raises(ConfigError) as e:
        load_mapping([("bad.yaml", "provider: aws\nchanges: [\n")])
    assert "bad.yaml" in str(e.value)
    with pytest.raises(ConfigError) as e:
        load_mapping([("dup.yaml", "provider: gcp\nchanges:\n" + "  - {id: a, resource_type: gcp.storage.bucket, service: s, events: [x]}\n" * 2)])
    assert "used twice" in str(e.value)

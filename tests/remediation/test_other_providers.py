"""Kubernetes, Azure and GCP remediators through their official clients against local stand-ins:
failing state → plan → apply → fixed → rollback → the original state again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import checks
from agent.core.model import Finding, Resource, Severity, Status
from remediation.context import RemediationContext
from remediation.registry import all_remediators
from remediation.verify import verify
from tests.remediation.conftest import remediation_settings
from tests.remediation.standins import AzureStorageStandIn, GcsIamStandIn, KubernetesStandIn

CLUSTER = "test-cluster"
SUB = "11111111-1111-1111-1111-111111111111"
ACCOUNT_ID = f"/subscriptions/{SUB}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/ucsdata"


def round_trip(check_id: str, resource: Resource, ctx: RemediationContext) -> Any:
    rem = all_remediators()[check_id]
    plan = rem.plan(ctx, Finding(check_id, resource, Status.FAIL, Severity.HIGH, "seeded"), resource)
    assert plan.calls and plan.rollback_calls and plan.cli and plan.terraform
    assert not verify(ctx, plan, rem).ok
    assert rem.apply(ctx, plan).ok
    fixed = verify(ctx, plan, rem)
    assert fixed.ok, fixed.detail
    # With the check registered, verification re-runs it on the re-read object.
    assert fixed.method == ("re-read" if check_id in {c.id for c in checks.all_checks()} else "remediator")
    back = rem.rollback(ctx, plan)
    assert back.ok, back.error
    assert rem.read(ctx, resource) == plan.before
    assert not verify(ctx, plan, rem).ok
    return plan


@pytest.fixture()
def k8s() -> Iterator[tuple[KubernetesStandIn, RemediationContext]]:
    import kubernetes.client

    standin = KubernetesStandIn().start()
    cfg = kubernetes.client.Configuration()
    cfg.host = standin.url
    ctx = RemediationContext(remediation_settings(), kubernetes={CLUSTER: kubernetes.client.ApiClient(cfg)})
    yield standin, ctx
    standin.stop()


def _ns(name: str) -> Resource:
    return Resource(
        "kubernetes",
        CLUSTER,
        "*",
        "k8s.namespace",
        f"{CLUSTER}/namespaces/{name}",
        name,
        {},
        {"metadata": {"name": name}},
    )


def test_k8s_service_account_automount(k8s: Any) -> None:
    standin, ctx = k8s
    standin.add_service_account("team-a", "default")
    sa = Resource(
        "kubernetes",
        CLUSTER,
        "team-a",
        "k8s.service_account",
        f"{CLUSTER}/namespaces/team-a/serviceaccounts/default",
        "team-a/default",
        {},
        {"metadata": {"name": "default", "namespace": "team-a"}},
    )
    plan = round_trip("k8s.service_account.default_automount_disabled", sa, ctx)
    assert plan.before == {"automountServiceAccountToken": None}
    assert "automountServiceAccountToken" not in standin.objects["/api/v1/namespaces/team-a/serviceaccounts/default"]
    assert ("PATCH", "/api/v1/namespaces/team-a/serviceaccounts/default") in standin.writes()


def test_k8s_psa_enforce_label(k8s: Any) -> None:
    standin, ctx = k8s
    standin.add_namespace("team-b", {"team": "b"})
    plan = round_trip("k8s.namespace.psa_enforced", _ns("team-b"), ctx)
    assert plan.after == {"pod-security.kubernetes.io/enforce": "baseline"}
    assert standin.objects["/api/v1/namespaces/team-b"]["metadata"]["labels"] == {"team": "b"}


def test_k8s_default_deny_network_policy(k8s: Any) -> None:
    standin, ctx = k8s
    standin.add_namespace("team-c")
    plan = round_trip("k8s.namespace.network_policy_present", _ns("team-c"), ctx)
    created = plan.calls[0].params["body"]
    assert created["spec"] == {"podSelector": {}, "policyTypes": ["Ingress"]}
    assert "kind: NetworkPolicy" in plan.cli  # the generated manifest, for teams applying it themselves
    assert [w[0] for w in standin.writes()] == ["POST", "DELETE"]


class _Token:
    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        return AccessToken("test-token", 4102444800)


@pytest.fixture()
def azure(tmp_path: Any) -> Iterator[tuple[AzureStorageStandIn, RemediationContext]]:
    from agent.collectors.azure.clients import AzureClients

    standin = AzureStorageStandIn(tmp_path).start()
    # The collector's client builder, as build_context uses it (with a static token instead of Entra ID).
    client = AzureClients(_Token(), standin.url, standin.ca_path, writes=True).storage(SUB)
    yield standin, RemediationContext(remediation_settings(), azure={SUB: client})
    standin.stop()


@pytest.mark.parametrize(
    "check_id,prop,bad,good",
    [
        ("azure.storage.blob_public_access_disabled", "allowBlobPublicAccess", True, False),
        ("azure.storage.https_only", "supportsHttpsTrafficOnly", False, True),
        ("azure.storage.min_tls_1_2", "minimumTlsVersion", "TLS1_0", "TLS1_2"),
        ("azure.storage.cross_tenant_replication_disabled", "allowCrossTenantReplication", True, False),
    ],
)
def test_azure_storage(azure: Any, check_id: str, prop: str, bad: Any, good: Any) -> None:
    standin, ctx = azure
    standin.add_account(ACCOUNT_ID, **{prop: bad, "encryption": {"keySource": "Microsoft.Storage"}})
    r = Resource("azure", SUB, "japaneast", "azure.storage.account", ACCOUNT_ID, "ucsdata")
    plan = round_trip(check_id, r, ctx)
    assert plan.after == {prop: good}
    acct = standin.accounts[ACCOUNT_ID.lower()]["properties"]
    assert acct[prop] == bad and acct["encryption"] == {"keySource": "Microsoft.Storage"}  # other settings untouched
    assert [m for m, _ in standin.writes()] == ["PATCH", "PATCH"]


@pytest.fixture()
def gcs() -> Iterator[tuple[GcsIamStandIn, RemediationContext]]:
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import storage

    from remediation.gcp.storage import GcsIamClient

    standin = GcsIamStandIn().start()
    client = storage.Client(
        project="ucs-test", credentials=AnonymousCredentials(), client_options={"api_endpoint": standin.url}
    )
    yield standin, RemediationContext(remediation_settings(), gcp={"ucs-test": GcsIamClient(client)})
    standin.stop()


def test_gcp_bucket_public_members_removed(gcs: Any) -> None:
    standin, ctx = gcs
    standin.set_policy(
        "ucs-public",
        [
            {"role": "roles/storage.objectViewer", "members": ["allUsers", "group:data@example.com"]},
            {"role": "roles/storage.legacyBucketReader", "members": ["allAuthenticatedUsers"]},
        ],
    )
    r = Resource(
        "gcp",
        "ucs-test",
        "asia-northeast1",
        "gcp.storage.bucket",
        "//storage.googleapis.com/projects/_/buckets/ucs-public",
        "ucs-public",
        {},
        {"name": "ucs-public"},
    )
    rem = all_remediators()["gcp.storage.bucket_not_public"]
    plan = rem.plan(ctx, Finding(rem.check_id, r, Status.FAIL, Severity.HIGH, ""), r)
    assert plan.before == {
        "PublicBindings": [
            ["roles/storage.legacyBucketReader", "allAuthenticatedUsers"],
            ["roles/storage.objectViewer", "allUsers"],
        ]
    }
    assert rem.apply(ctx, plan).ok
    assert standin.policies["ucs-public"]["bindings"] == [
        {"role": "roles/storage.objectViewer", "members": ["group:data@example.com"]}
    ]
    assert verify(ctx, plan, rem).ok
    assert rem.rollback(ctx, plan).ok
    assert rem.read(ctx, r) == plan.before
    assert "gcloud storage buckets remove-iam-policy-binding gs://ucs-public --member=allUsers" in plan.cli


def test_gcp_policy_changed_between_plan_and_apply_is_not_overwritten(gcs: Any) -> None:
    standin, ctx = gcs
    standin.set_policy("ucs-public", [{"role": "roles/storage.objectViewer", "members": ["allUsers"]}])
    r = Resource(
        "gcp", "ucs-test", "asia-northeast1", "gcp.storage.bucket", "b", "ucs-public", {}, {"name": "ucs-public"}
    )
    rem = all_remediators()["gcp.storage.bucket_not_public"]
    plan = rem.plan(ctx, Finding(rem.check_id, r, Status.FAIL, Severity.HIGH, ""), r)
    # Someone grants a new member after the plan: the plan's etag is stale now.
    standin.set_policy(
        "ucs-public", [{"role": "roles/storage.objectViewer", "members": ["allUsers", "user:new@example.com"]}]
    )
    standin.policies["ucs-public"]["etag"] = "CAI="
    record = rem.apply(ctx, plan)
    assert not record.ok and "412" in record.error
    assert standin.policies["ucs-public"]["bindings"][0]["members"] == ["allUsers", "user:new@example.com"]


def test_k8s_through_the_runner_with_clients_from_the_tenant_config(store: Any, tenant_id: str) -> None:
    """Cluster from providers.kubernetes (host), finding from the store, approval, apply, re-read check."""
    from agent.core.model import State
    from agent.settings.tenant import Settings
    from remediation.context import build_context
    from remediation.runner import Runner
    from tests.remediation.helpers import store_failing, tenant_settings

    standin = KubernetesStandIn().start()
    try:
        standin.add_namespace("team-d", {"ucs-remediation-exempt": "false"})
        doc = tenant_settings(tenant_id, mode="approval").model_dump(exclude={"source"})
        doc["providers"] = {"kubernetes": {"clusters": [{"name": CLUSTER, "host": standin.url}]}}
        settings = Settings.model_validate(doc)
        ns = _ns("team-d")
        ns.tags = {"ucs-remediation-exempt": "false"}  # "false" does not exempt
        finding = store_failing(store, tenant_id, "k8s.namespace.psa_enforced", ns)
        run = Runner(settings, store, build_context(settings, "k8s-admin"), actor="k8s-admin")
        [plan] = run.propose()
        run.approve(plan.id)
        out = run.apply(plan.id)
        assert out.status == "verified", out.detail
        labels = standin.objects["/api/v1/namespaces/team-d"]["metadata"]["labels"]
        assert labels["pod-security.kubernetes.io/enforce"] == "baseline"
        assert store.finding(tenant_id, finding.fingerprint).state is State.RESOLVED
    finally:
        standin.stop()


def test_gcp_client_from_the_tenant_config(tenant_id: str) -> None:
    from agent.settings.tenant import Settings
    from remediation.context import build_context
    from tests.remediation.helpers import tenant_settings

    standin = GcsIamStandIn().start()
    try:
        standin.set_policy("ucs-cfg-bucket", [{"role": "roles/storage.objectViewer", "members": ["allUsers"]}])
        doc = tenant_settings(tenant_id).model_dump(exclude={"source"})
        doc["providers"] = {"gcp": {"projects": ["ucs-test"], "anonymous": True, "api_endpoint": standin.url}}
        ctx = build_context(Settings.model_validate(doc))
        r = Resource("gcp", "ucs-test", "us", "gcp.storage.bucket", "//storage.googleapis.com/ucs-cfg-bucket",
                     "ucs-cfg-bucket", {}, {"name": "ucs-cfg-bucket"})
        round_trip("gcp.storage.bucket_not_public", r, ctx)
    finally:
        standin.stop()

"""AI, identity and governance services end to end against moto's server over HTTP: a good and a
bad resource per service (tests/collectors/aws_identity/seed.py), collected by the real service
modules and judged by the checks; the "unused service" rule (an empty account costs the
documented listings per service and region and yields no finding); and secrets and contact
details never reaching the inventory.

What moto does not answer the way the API reference says is proven by the fixtures
(tests/checks/fixtures) instead: notebook instances come back without PlatformIdentifier and
models without EnableNetworkIsolation; identity pools without AllowClassicFlow; RAM principal
associations always say ``external: false``; Directory Service has no DescribeEventTopics or
ListCertificates (answered HTTP 500: those two checks must then be ERROR, never PASS, as
asserted below).  Bedrock is read against a stand-in (test_bedrock_standin.py).
"""

from __future__ import annotations

import urllib.request

import boto3
import pytest

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.model import Status
from agent.engine.evaluate import evaluate
from tests.collectors.aws_identity import seed

SERVICES = ["sagemaker", "comprehend", "cognito", "identitycenter", "directoryservice", "ram", "servicecatalog",
            "organizations", "account", "cloudformation"]


def _factory(url: str, attempts: int = 8) -> ClientFactory:
    return ClientFactory(endpoint_url=url, default_region=seed.REGION, max_attempts=attempts,
                         session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))


def _reset(url: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST")).read()


@pytest.fixture(scope="module")
def scan(moto_server: str):
    _reset(moto_server)
    seed.seed_all(_factory(moto_server))
    # one attempt per call: moto answers the operations it lacks with HTTP 500, which would be retried
    inv = collect_account(_factory(moto_server, attempts=1), seed.ACCOUNT, [seed.REGION], services=SERVICES)
    yield inv
    _reset(moto_server)


@pytest.fixture(scope="module")
def statuses(scan) -> dict[tuple[str, str], Status]:
    assert not scan.coverage.failures, [(e.resource_type, e.error) for e in scan.coverage.failures]
    wanted = [c for c in registry.all_checks() if c.id.split(".")[1] in {
        "sagemaker", "comprehend", "cognito", "identitycenter", "directoryservice", "ram", "servicecatalog",
        "organizations", "account", "cloudformation"}]
    return {(x.check_id, x.resource.name): x.status for x in evaluate(scan, wanted).findings}


EXPECTED = [
    ("aws.sagemaker.notebook_no_direct_internet_access", "good-notebook", "bad-notebook"),
    ("aws.sagemaker.notebook_in_vpc", "good-notebook", "bad-notebook"),
    ("aws.sagemaker.notebook_root_access_disabled", "good-notebook", "bad-notebook"),
    ("aws.sagemaker.notebook_volume_encrypted_with_kms", "good-notebook", "bad-notebook"),
    ("aws.sagemaker.endpoint_config_encrypted_with_kms", "good-endpoint-config", "bad-endpoint-config"),
    ("aws.sagemaker.endpoint_config_multiple_instances", "good-endpoint-config", "bad-endpoint-config"),
    ("aws.sagemaker.model_in_vpc", "good-model", "bad-model"),
    ("aws.sagemaker.training_job_inter_container_encryption", "good-training", "bad-training"),
    ("aws.sagemaker.training_job_network_isolation", "good-training", "bad-training"),
    ("aws.sagemaker.training_job_in_vpc", "good-training", "bad-training"),
    ("aws.sagemaker.training_job_volume_encrypted_with_kms", "good-training", "bad-training"),
    ("aws.sagemaker.data_quality_job_inter_container_encryption", "good-data-quality", "bad-data-quality"),
    ("aws.sagemaker.data_quality_job_network_isolation", "good-data-quality", "bad-data-quality"),
    ("aws.sagemaker.model_bias_job_inter_container_encryption", "good-model-bias", "bad-model-bias"),
    ("aws.sagemaker.model_bias_job_network_isolation", "good-model-bias", "bad-model-bias"),
    ("aws.sagemaker.model_quality_job_inter_container_encryption", "good-model-quality", "bad-model-quality"),
    ("aws.sagemaker.model_explainability_job_inter_container_encryption", "good-model-explainability",
     "bad-model-explainability"),
    ("aws.comprehend.document_classifier_volume_encrypted", "good-classifier", "bad-classifier"),
    ("aws.comprehend.document_classifier_model_encrypted", "good-classifier", "bad-classifier"),
    ("aws.comprehend.entity_recognizer_volume_encrypted", "good-recognizer", "bad-recognizer"),
    ("aws.comprehend.entity_recognizer_model_encrypted", "good-recognizer", "bad-recognizer"),
    ("aws.cognito.user_pool_mfa_enabled", "good-pool", "bad-pool"),
    ("aws.cognito.user_pool_threat_protection_enforced", "good-pool", "bad-pool"),
    ("aws.cognito.user_pool_password_policy_strong", "good-pool", "bad-pool"),
    ("aws.cognito.user_pool_deletion_protection", "good-pool", "bad-pool"),
    ("aws.cognito.identity_pool_no_unauthenticated_identities", "good_identities", "bad_identities"),
    ("aws.identitycenter.permission_set_no_administrator_access", "good-readers", "bad-admins"),
    ("aws.identitycenter.permission_set_inline_policy_not_full_admin", "good-readers", "bad-admins"),
    ("aws.identitycenter.permission_set_session_duration_limited", "good-readers", "bad-admins"),
    ("aws.directoryservice.directory_log_forwarding_enabled", "good.example.com", "bad.example.com"),
    ("aws.directoryservice.directory_radius_mfa_enabled", "good.example.com", "bad.example.com"),
    ("aws.ram.resource_share_external_principals_disallowed", "good-share", "bad-share"),
    ("aws.servicecatalog.portfolio_shared_within_organization", "good-portfolio", "bad-portfolio"),
    ("aws.account.security_contact_registered", "alternate contacts 123456789012", None),
    ("aws.account.billing_contact_registered", "alternate contacts 123456789012", None),
    ("aws.cloudformation.stack_termination_protection_enabled", "good-stack", "bad-stack"),
    ("aws.cloudformation.stack_notifications_configured", "good-stack", "bad-stack"),
    ("aws.cloudformation.stack_has_service_role", "good-stack", "bad-stack"),
]
ORG = "o-"  # the organisation resource is named after its generated id
# One resource per account: the seeded settings make some checks pass and others fail.
SINGLE = [
    ("aws.account.operations_contact_registered", "alternate contacts 123456789012", Status.FAIL),
    ("aws.organizations.scps_in_use", ORG, Status.PASS),
    ("aws.organizations.all_features_enabled", ORG, Status.PASS),
    ("aws.organizations.account_part_of_organization", ORG, Status.PASS),
    ("aws.organizations.ai_services_opt_out_policy_attached", ORG, Status.PASS),
    ("aws.organizations.tag_policy_attached", ORG, Status.PASS),
    ("aws.organizations.backup_policy_attached", ORG, Status.FAIL),
    ("aws.organizations.scp_denies_leaving_organization", ORG, Status.PASS),
    ("aws.organizations.scp_protects_security_services", ORG, Status.PASS),
    ("aws.organizations.delegated_administrators_active", ORG, Status.PASS),
    ("aws.identitycenter.organization_instance_enabled", ORG, Status.PASS),
    ("aws.cloudformation.stack_not_drifted", "bad-stack", Status.PASS),  # never checked for drift
    # moto lacks these two operations: the checks that need them cannot answer, and say so
    ("aws.directoryservice.directory_status_notifications_enabled", "good.example.com", Status.ERROR),
    ("aws.directoryservice.directory_certificates_not_expiring", "good.example.com", Status.ERROR),
]


@pytest.mark.parametrize(("check_id", "good", "bad"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_on_moto(statuses: dict[tuple[str, str], Status], check_id: str, good: str, bad: str | None) -> None:
    got = {n: s for (c, n), s in statuses.items() if c == check_id}
    assert got.get(good) is Status.PASS, got
    if bad is not None:
        assert got.get(bad) is Status.FAIL, got


@pytest.mark.parametrize(("check_id", "name", "status"), SINGLE, ids=[e[0] for e in SINGLE])
def test_single_resource_settings(statuses: dict[tuple[str, str], Status], check_id: str, name: str,
                                  status: Status) -> None:
    got = [s for (c, n), s in statuses.items() if c == check_id and n.startswith(name)]
    assert got == [status], {k: v for k, v in statuses.items() if k[0] == check_id}


def test_no_secret_or_contact_reaches_the_inventory(scan) -> None:
    """Container environments, hyperparameters, the RADIUS secret and contact details are dropped."""
    text = repr([r.to_dict() for r in scan])
    for value in ("not-a-real-token", "not-a-real-password", "not-a-real-secret", "soc@example.com", "+81-3-0000-0000",
                  "Security team"):
        assert value not in text, value
    model = next(r for r in scan if r.type == "aws.sagemaker.model" and r.name == "good-model")
    assert model.data["PrimaryContainer"]["EnvironmentNames"] == ["API_TOKEN"]


def test_unused_services_cost_a_listing_and_find_nothing(moto_server: str) -> None:
    """An account with none of the services' resources: at most the documented listings per
    service and region, no resource (so no finding) and no coverage failure."""
    _reset(moto_server)
    budget = {"sagemaker": 4, "comprehend": 2, "cognito": 2, "directoryservice": 1, "ram": 1, "servicecatalog": 1,
              "cloudformation": 1}
    for service, calls in budget.items():
        f = _factory(moto_server)
        inv = collect_account(f, seed.ACCOUNT, [seed.REGION], services=[service], max_workers=1)
        assert not inv.coverage.failures, (service, inv.coverage.failures)
        assert not list(inv), (service, [(r.type, r.name) for r in inv])
        assert f.calls <= calls, (service, f.calls)

"""Storage, messaging and end-user computing checks (issue 15) against moto's server over HTTP.

One estate is seeded once per module (seed.py) with a passing ("good-…") and a failing
("bad-…") resource per check moto can express; the real collectors read it through boto3 and
the registry's checks answer.  Where moto lacks a setting, the expectation says what a scan then
honestly answers: SNS GetDataProtectionPolicy is not implemented (ERROR, never PASS); moto keeps
no delivery-status roles on topics and no DKIM signing on identities, and has no IP access control
groups for WorkSpaces directories (those checks are proven passing by their fixtures).
Glacier Vault Lock and notifications, Storage Gateway, AppStream and DataSync EFS / object
storage locations, which moto lacks, are read against a stand-in in test_storage_standin.py.
"""

from __future__ import annotations

import urllib.request

import pytest

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.inventory import Inventory
from agent.core.model import Status, utcnow
from agent.engine.evaluate import evaluate
from tests.collectors.aws_storage import seed

SERVICES = ["dax", "datasync", "dynamodb", "efs", "fsx", "kms", "s3", "s3_access_points", "s3_mrap", "ses", "sns", "sqs",
            "transfer", "vpc", "workspaces"]
NEW = ("dax", "datasync", "fsx", "transfer", "workspaces")


@pytest.fixture(scope="module")
def estate(moto_server: str):
    urllib.request.urlopen(urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")).read()
    factory = ClientFactory(endpoint_url=moto_server, default_region=seed.REGION)
    seeded = seed.seed(factory)
    inv = Inventory(now=utcnow())
    inv.merge(collect_account(factory, seed.ACCOUNT, [seed.REGION], services=SERVICES))
    result = evaluate(inv, [c for c in registry.all_checks() if c.meta.provider == "aws"])
    yield inv, {(f.check_id, f.resource.name): f for f in result.findings}, seeded, factory
    urllib.request.urlopen(urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")).read()


P, F, E = Status.PASS, Status.FAIL, Status.ERROR
EXPECT = [
    ("aws.dax.cluster_encrypted_at_rest", "good-dax", P), ("aws.dax.cluster_encrypted_at_rest", "bad-dax", F),
    ("aws.dax.cluster_encrypted_in_transit", "good-dax", P), ("aws.dax.cluster_encrypted_in_transit", "bad-dax", F),
    ("aws.fsx.file_system_encrypted_with_cmk", "good-fsx", P), ("aws.fsx.file_system_encrypted_with_cmk", "bad-fsx", F),
    ("aws.fsx.file_system_automatic_backups", "good-fsx", P), ("aws.fsx.file_system_automatic_backups", "bad-fsx", F),
    ("aws.fsx.file_system_copies_tags_to_backups", "good-fsx", P), ("aws.fsx.file_system_copies_tags_to_backups", "bad-fsx", F),
    ("aws.fsx.file_system_multi_az", "good-fsx", P), ("aws.fsx.file_system_multi_az", "bad-fsx", F),
    ("aws.fsx.windows_file_access_audited", "good-fsx", P), ("aws.fsx.windows_file_access_audited", "bad-fsx", F),
    ("aws.transfer.server_no_ftp", "good-sftp", P), ("aws.transfer.server_no_ftp", "bad-ftp", F),
    ("aws.transfer.server_logging_enabled", "good-sftp", P), ("aws.transfer.server_logging_enabled", "bad-ftp", F),
    ("aws.transfer.server_endpoint_not_public", "good-sftp", P), ("aws.transfer.server_endpoint_not_public", "bad-ftp", F),
    ("aws.transfer.server_security_policy_current", "good-sftp", P),
    ("aws.transfer.server_security_policy_current", "bad-ftp", F),
    ("aws.transfer.connector_logging_enabled", "sftp://good.example.com", P),
    ("aws.transfer.connector_logging_enabled", "sftp://bad.example.com", F),
    ("aws.datasync.task_logging_enabled", "good-task", P), ("aws.datasync.task_logging_enabled", "bad-task", F),
    ("aws.datasync.smb_location_encrypted_protocol", "smb://good.internal/share", P),
    ("aws.datasync.smb_location_encrypted_protocol", "smb://bad.internal/share", F),
    ("aws.workspaces.user_volume_encrypted", "good-user", P), ("aws.workspaces.user_volume_encrypted", "bad-user", F),
    ("aws.workspaces.root_volume_encrypted", "good-user", P), ("aws.workspaces.root_volume_encrypted", "bad-user", F),
    ("aws.workspaces.directory_ip_access_restricted", "corp.example.com", F),
    ("aws.workspaces.directory_no_default_internet_access", "corp.example.com", F),
    ("aws.sns.topic_no_http_subscriptions", "good-topic", P), ("aws.sns.topic_no_http_subscriptions", "bad-topic", F),
    ("aws.sns.topic_delivery_status_logged", "bad-topic", F),
    ("aws.sns.topic_encrypted_with_cmk", "good-topic", P), ("aws.sns.topic_encrypted_with_cmk", "bad-topic", F),
    ("aws.sns.topic_data_protection_policy", "good-topic", E),  # moto: GetDataProtectionPolicy not implemented
    ("aws.sqs.queue_has_dead_letter_queue", "good-queue", P), ("aws.sqs.queue_has_dead_letter_queue", "good-dlq", P),
    ("aws.sqs.queue_has_dead_letter_queue", "bad-lonely", F),
    ("aws.sqs.dead_letter_queue_retention_longer", "good-queue", P),
    ("aws.sqs.dead_letter_queue_retention_longer", "bad-queue", F),
    ("aws.sqs.queue_encrypted_with_cmk", "good-queue", P), ("aws.sqs.queue_encrypted_with_cmk", "bad-queue", F),
    ("aws.sqs.queue_encrypted_with_cmk", "bad-lonely", F),
    ("aws.ses.identity_dkim_signing_enabled", "good.example.com", F),  # moto signs nothing
    ("aws.ses.configuration_set_tls_required", "good-set", P), ("aws.ses.configuration_set_tls_required", "bad-set", F),
    ("aws.ses.configuration_set_reputation_metrics_enabled", "good-set", P),
    ("aws.ses.configuration_set_reputation_metrics_enabled", "bad-set", F),
    ("aws.dynamodb.table_capacity_scales", "good-ondemand", P), ("aws.dynamodb.table_capacity_scales", "good-scaled", P),
    ("aws.dynamodb.table_capacity_scales", "bad-fixed", F),
    ("aws.dynamodb.table_encrypted_with_cmk", "good-ondemand", P), ("aws.dynamodb.table_encrypted_with_cmk", "bad-fixed", F),
    ("aws.efs.access_point_enforces_root_directory", "good-ap", P),
    ("aws.efs.access_point_enforces_root_directory", "bad-ap", F),
    ("aws.efs.access_point_enforces_user_identity", "good-ap", P), ("aws.efs.access_point_enforces_user_identity", "bad-ap", F),
    ("aws.efs.mount_targets_not_in_public_subnets", "good-efs", P),
    ("aws.efs.mount_targets_not_in_public_subnets", "bad-efs", F),
    ("aws.efs.file_system_encrypted_with_cmk", "good-efs", P), ("aws.efs.file_system_encrypted_with_cmk", "bad-efs", F),
    ("aws.s3.versioned_bucket_lifecycle_configured", "ucs-good-data", P),
    ("aws.s3.versioned_bucket_lifecycle_configured", "ucs-replica", P),
    ("aws.s3.versioned_bucket_lifecycle_configured", "ucs-bad-data", F),
    ("aws.s3.lifecycle_configured", "ucs-good-data", P), ("aws.s3.lifecycle_configured", "ucs-bad-data", F),
    ("aws.s3.event_notifications_enabled", "ucs-good-data", P), ("aws.s3.event_notifications_enabled", "ucs-bad-data", F),
    ("aws.s3.cross_region_replication", "ucs-good-data", P), ("aws.s3.cross_region_replication", "ucs-bad-data", F),
    ("aws.s3.acls_disabled", "ucs-good-data", P), ("aws.s3.acls_disabled", "ucs-bad-data", F),
    ("aws.s3.default_encryption_kms", "ucs-good-data", P), ("aws.s3.default_encryption_kms", "ucs-bad-data", F),
    ("aws.s3.access_point_block_public_access", "good-ap", P), ("aws.s3.access_point_block_public_access", "bad-ap", F),
    ("aws.s3.multi_region_access_point_block_public_access", "good-mrap", P),
    ("aws.s3.multi_region_access_point_block_public_access", "bad-mrap", F),
]


def test_collected_without_coverage_failures(estate) -> None:  # type: ignore[no-untyped-def]
    inv, _, _, _ = estate
    assert not inv.coverage.failures, [(e.resource_type, e.error) for e in inv.coverage.failures]


@pytest.mark.parametrize(("check_id", "name", "want"), EXPECT, ids=[f"{c}:{n}" for c, n, _ in EXPECT])
def test_check_answers(estate, check_id: str, name: str, want: Status) -> None:  # type: ignore[no-untyped-def]
    _, statuses, _, _ = estate
    got = statuses.get((check_id, name))
    assert got is not None, f"no finding of {check_id} on {name}"
    assert got.status is want, (check_id, name, got.status, got.detail)


def test_subscription_endpoints_are_never_stored(estate) -> None:  # type: ignore[no-untyped-def]
    """An endpoint can carry a token, an e-mail address or a phone number: only protocols are kept."""
    inv, _, _, _ = estate
    topics = inv.by_type("aws.sns.topic")
    assert topics and all("never-stored" not in repr(t.data) and "hooks.example.com" not in repr(t.data) for t in topics)


def test_unused_services_cost_one_listing_and_report_nothing(estate) -> None:  # type: ignore[no-untyped-def]
    """A region without the service's resources: one list call per region (Transfer: servers and
    connectors, which exist apart), no resources, no gaps."""
    _, _, _, factory = estate
    for service in NEW + ("efs", "dynamodb", "ses", "sns", "s3tables"):
        before = factory.calls
        inv = collect_account(factory, seed.ACCOUNT, ["us-east-2"], services=[service])
        assert len(inv) == 0 and not inv.coverage.failures, service
        assert factory.calls - before == (2 if service == "transfer" else 1), (service, factory.calls - before)

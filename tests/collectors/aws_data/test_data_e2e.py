"""Data and analytics services end to end against moto's server over HTTP: a good and a bad
resource per service (tests/collectors/aws_data/seed.py), collected by the real service modules
and judged by the checks; plus the "unused service" rule (an empty account costs one or two
listings per service and region, and yields no finding).

What moto does not answer the way the API reference says is proven by fixtures
(tests/checks/fixtures) and by the stand-in tests next to this file: Glue connections come back
without ConnectionType; Firehose's encryption configuration without Status; AppSync without
introspectionConfig; EMR instances without public IPs; Redshift parameter groups cannot be
modified; Redshift Serverless and EventBridge ListEndpoints are absent.
"""

from __future__ import annotations

import urllib.request

import boto3
import pytest

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.inventory import Inventory
from agent.core.model import Status, utcnow
from agent.engine.evaluate import evaluate
from tests.collectors.aws_data import seed

SERVICES = ["glue", "athena", "emr", "kinesis", "firehose", "quicksight", "quicksight_account", "lakeformation",
            "stepfunctions", "appsync", "events", "mq", "redshift"]


def _factory(url: str) -> ClientFactory:
    return ClientFactory(endpoint_url=url, default_region=seed.REGION,
                         session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))


def _reset(url: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST")).read()


@pytest.fixture(scope="module")
def scan(moto_server: str):
    _reset(moto_server)
    f = _factory(moto_server)
    seed.seed_all(f)
    inv = Inventory(now=utcnow())  # the scan's time, as agent.engine.scan gives it (date checks read it)
    inv.merge(collect_account(f, seed.ACCOUNT, [seed.REGION, seed.OTHER_REGION], services=SERVICES))
    yield inv
    _reset(moto_server)


@pytest.fixture(scope="module")
def statuses(scan) -> dict[tuple[str, str], Status]:
    assert not scan.coverage.failures, [(e.resource_type, e.error) for e in scan.coverage.failures]
    wanted = [c for c in registry.all_checks() if c.id in {e[0] for e in EXPECTED} | {e[0] for e in SINGLE}]
    return {(x.check_id, x.resource.name): x.status for x in evaluate(scan, wanted).findings}


EXPECTED = [
    ("aws.glue.data_catalog_encrypted_at_rest", "catalog us-east-1", None),
    ("aws.glue.data_catalog_connection_passwords_encrypted", "catalog us-east-1", None),
    ("aws.glue.job_uses_security_configuration", "good-job", "bad-job-noconfig"),
    ("aws.glue.job_s3_encryption_enabled", "good-job", "bad-job"),
    ("aws.glue.job_cloudwatch_logs_encrypted", "good-job", "bad-job"),
    ("aws.glue.job_bookmarks_encrypted", "good-job", "bad-job"),
    ("aws.glue.job_supported_glue_version", "good-job", "bad-job"),
    ("aws.glue.dev_endpoint_in_vpc", "good-endpoint", "bad-endpoint"),
    ("aws.glue.dev_endpoint_s3_encryption_enabled", "good-endpoint", "bad-endpoint"),
    ("aws.glue.dev_endpoint_cloudwatch_logs_encrypted", "good-endpoint", "bad-endpoint"),
    ("aws.glue.ml_transform_encrypted", "good-transform", "bad-transform"),
    ("aws.athena.workgroup_query_results_encrypted", "good-wg", "bad-wg"),
    ("aws.athena.workgroup_enforces_configuration", "good-wg", "bad-wg"),
    ("aws.athena.workgroup_logging_enabled", "good-wg", "bad-wg"),
    ("aws.athena.workgroup_engine_version_current", "good-wg", "bad-wg"),
    ("aws.emr.block_public_access_enabled", "block public access us-east-1", None),
    ("aws.emr.cluster_encrypted_at_rest", "good-emr", "bad-emr"),
    ("aws.emr.cluster_encrypted_in_transit", "good-emr", "bad-emr"),
    ("aws.emr.cluster_kerberos_enabled", "good-emr", "bad-emr"),
    ("aws.emr.cluster_logging_enabled", "good-emr", "bad-emr"),
    ("aws.kinesis.stream_encrypted", "good-stream", "bad-stream"),
    ("aws.kinesis.stream_encrypted_with_cmk", "good-stream", "bad-stream"),
    ("aws.kinesis.stream_retention_7_days", "good-stream", "bad-stream"),
    ("aws.kinesis.stream_not_shared_cross_account", "good-stream", "bad-stream"),
    ("aws.kinesis.stream_policy_not_public", "good-stream", None),
    ("aws.firehose.delivery_stream_error_logging_enabled", "good-delivery", "bad-delivery"),
    ("aws.stepfunctions.state_machine_logging_enabled", "good-sm", "bad-sm"),
    ("aws.stepfunctions.state_machine_tracing_enabled", "good-sm", "bad-sm"),
    ("aws.stepfunctions.state_machine_encrypted_with_cmk", "good-sm", "bad-sm"),
    ("aws.appsync.api_field_logging_enabled", "good-api", "bad-api"),
    ("aws.appsync.api_no_api_key_authentication", "good-api", "bad-api"),
    ("aws.quicksight.data_source_ssl_enabled", "good-source", "bad-source"),
    ("aws.lakeformation.data_lake_admins_set", "data lake settings us-east-1", "data lake settings us-west-2"),
    ("aws.lakeformation.new_databases_not_granted_to_iam_allowed_principals", "data lake settings us-east-1",
     "data lake settings us-west-2"),
    ("aws.lakeformation.new_tables_not_granted_to_iam_allowed_principals", "data lake settings us-east-1",
     "data lake settings us-west-2"),
    ("aws.events.custom_event_bus_has_policy", "good-bus", "bad-bus"),
    ("aws.events.custom_event_bus_archived", "good-bus", "bad-bus"),
    ("aws.events.rule_targets_have_dead_letter_queue", "good-rule", "bad-rule"),
    ("aws.mq.broker_audit_logging_enabled", "good-mq", "bad-mq"),
    ("aws.mq.broker_general_logging_enabled", "good-mq", "bad-mq"),
    ("aws.mq.broker_auto_minor_version_upgrade", "good-mq", "bad-mq"),
    ("aws.mq.broker_engine_version_supported", "good-mq", "bad-mq"),
    ("aws.mq.broker_encrypted_with_cmk", "good-mq", "bad-mq"),
    ("aws.mq.activemq_broker_active_standby", "good-mq", "bad-mq"),
    ("aws.redshift.cluster_no_default_database_name", "good-rs", "bad-rs"),
    ("aws.redshift.cluster_not_default_port", "good-rs", "bad-rs"),
]
# One resource per account: the seeded settings make one check pass and its neighbour fail.
SINGLE = [
    ("aws.quicksight.account_termination_protection_enabled", "default", Status.PASS),
    ("aws.quicksight.account_public_sharing_disabled", "default", Status.FAIL),
    ("aws.redshift.cluster_requires_ssl", "good-rs", Status.FAIL),  # moto cannot modify parameter groups
    ("aws.glue.data_catalog_not_shared_cross_account", "catalog us-east-1", Status.FAIL),
    ("aws.glue.data_catalog_policy_not_public", "catalog us-east-1", Status.PASS),
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
    assert statuses.get((check_id, name)) is status, {k: v for k, v in statuses.items() if k[0] == check_id}


def test_no_secret_reaches_the_inventory(scan) -> None:
    """Connection passwords, job arguments, target inputs and state machine definitions are dropped."""
    text = repr([r.to_dict() for r in scan])
    for secret in ("not-a-real-password", "not-a-real-token", "secret-ish", "jdbc:postgresql"):
        assert secret not in text, secret


def test_glue_connection_keeps_only_switches(scan) -> None:
    conn = next(r for r in scan if r.type == "aws.glue.connection" and r.name == "bad-jdbc")
    assert conn.data["ConnectionProperties"] == {"JDBC_ENFORCE_SSL": "false"}
    assert "PASSWORD" not in conn.data["ConnectionPropertyNames"]  # moto hides it (HidePassword): not even the name


def test_unused_services_cost_a_listing_and_find_nothing(moto_server: str) -> None:
    """An account with none of the services' resources: at most the documented listings per
    service and region, no resource (so no finding) and no coverage failure."""
    _reset(moto_server)
    # events: ListEventBuses, DescribeEventBus for the default bus (no Policy field), ListRules on it
    budget = {"glue": 5, "athena": 2, "emr": 1, "kinesis": 1, "firehose": 1, "quicksight": 1, "quicksight_account": 1,
              "lakeformation": 2, "stepfunctions": 1, "appsync": 1, "events": 3, "mq": 1, "redshift": 1, "kafka": 1}
    for service, calls in budget.items():
        f = _factory(moto_server)
        inv = collect_account(f, seed.ACCOUNT, [seed.REGION], services=[service], max_workers=1)
        assert not inv.coverage.failures, (service, inv.coverage.failures)
        # Every region has the default event bus; moto answers DescribeAccountSettings for an account
        # that never signed up for QuickSight (the service answers ResourceNotFoundException).
        left = [(r.type, r.name) for r in inv if not (service == "events" and r.name == "default")
                and service != "quicksight_account"]
        assert not left, (service, left)
        assert f.calls <= calls, (service, f.calls)

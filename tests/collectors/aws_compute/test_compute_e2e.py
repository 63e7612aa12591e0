"""Compute and container services end to end against moto's server over HTTP: a good and a bad
resource per service (tests/collectors/aws_compute/seed.py), collected by the real service
modules and judged by the checks; plus the "unused service" rule (an empty account costs one or
two listings per service and region, and yields no finding).

What moto does not answer the way the API reference says is proven by fixtures
(tests/checks/fixtures) and by the stand-in tests next to this file: moto has no
DescribeInstanceInformation (SSM), GetSerialConsoleAccessStatus or Elastic Beanstalk
DescribeConfigurationSettings (the checks answer ERROR, never PASS or FAIL: asserted below);
it drops a Lambda function's DeadLetterConfig and code signing configuration, ignores an EKS
cluster's accessConfig, and gives a node group without remote access an SSH key of its own.
App Runner and Lightsail are absent (stand-in).
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
from tests.collectors.aws_compute import seed

SERVICES = ["ecs", "ecs_clusters", "ec2", "lambda", "eks", "ecr", "batch", "elasticbeanstalk", "vpc"]


def _factory(url: str, max_attempts: int = 8) -> ClientFactory:
    return ClientFactory(endpoint_url=url, default_region=seed.REGION, max_attempts=max_attempts,
                         session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))


def _reset(url: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST")).read()


@pytest.fixture(scope="module")
def scan(moto_server: str):
    _reset(moto_server)
    seed.seed_all(_factory(moto_server))
    # moto answers the APIs it lacks with HTTP 500, which the client retries with back-off: no retry here (reads only).
    f = _factory(moto_server, max_attempts=1)
    inv = Inventory(now=utcnow())  # the scan's time, as agent.engine.scan gives it (date checks read it)
    inv.merge(collect_account(f, seed.ACCOUNT, [seed.REGION], services=SERVICES))
    inv.merge(collect_account(f, seed.ACCOUNT, [seed.OTHER_REGION], services=["ecr"]))  # the second registry
    yield inv
    _reset(moto_server)


EXPECTED = [
    ("aws.ecs.task_definition_not_privileged", "good-td", "bad-td"),
    ("aws.ecs.task_definition_host_network_non_root", "good-td", "bad-td"),
    ("aws.ecs.task_definition_no_host_pid", "good-td", "bad-td"),
    ("aws.ecs.task_definition_no_host_ipc", "good-td", "bad-td"),
    ("aws.ecs.task_definition_read_only_root_filesystem", "good-td", "bad-td"),
    ("aws.ecs.task_definition_non_root_user", "good-td", "bad-td"),
    ("aws.ecs.task_definition_logging_configured", "good-td", "bad-td"),
    ("aws.ecs.cluster_container_insights_enabled", "good-cluster", "bad-cluster"),
    ("aws.ecs.cluster_exec_command_logging_enabled", "good-cluster", "bad-cluster"),
    ("aws.ecs.cluster_exec_command_encrypted", "good-cluster", "bad-cluster"),
    ("aws.ecs.service_no_public_ip", "good-svc", "bad-svc"),
    ("aws.ecs.fargate_service_latest_platform", "good-svc", "bad-svc"),
    ("aws.ec2.instance_detailed_monitoring_enabled", "good-ec2", "bad-ec2"),
    ("aws.ec2.instance_termination_protection_enabled", "good-ec2", "bad-ec2"),
    ("aws.ec2.instance_has_instance_profile", "good-ec2", "bad-ec2"),
    ("aws.ec2.instance_single_network_interface", "good-ec2", "bad-ec2"),
    ("aws.ec2.instance_not_paravirtual", "good-ec2", None),  # moto's AMIs are all HVM
    ("aws.ec2.snapshot_encrypted", "good-snap", "bad-snap"),
    ("aws.ec2.volume_attached", "good-vol", "bad-vol"),
    ("aws.ec2.elastic_ip_in_use", "good-eip", "bad-eip"),
    ("aws.lambda.tracing_enabled", "good-fn", "bad-fn"),
    ("aws.lambda.reserved_concurrency_set", "good-fn", "bad-fn"),
    ("aws.lambda.vpc_function_multi_az", "good-fn", "bad-fn"),
    ("aws.eks.nodegroup_remote_access_restricted", "good-ng", "bad-ng"),
    ("aws.eks.nodegroup_ami_supported", "good-ng", "bad-ng"),
    ("aws.ecr.registry_enhanced_scanning_enabled", "ecr registry us-east-1", "ecr registry us-west-2"),
    ("aws.ecr.registry_scans_all_repositories", "ecr registry us-east-1", "ecr registry us-west-2"),
    ("aws.ecr.registry_policy_not_public", "ecr registry us-east-1", "ecr registry us-west-2"),
    ("aws.batch.compute_environment_managed", "good-ce", "bad-ce"),
    ("aws.batch.job_definition_not_privileged", "good-jd", "bad-jd"),
    ("aws.batch.job_definition_read_only_root_filesystem", "good-jd", "bad-jd"),
    ("aws.batch.job_definition_non_root_user", "good-jd", "bad-jd"),
    ("aws.batch.no_secrets_in_job_definition", "good-jd", "bad-jd"),
]
# One resource, one expected answer: what moto cannot be made to say both ways.
SINGLE = [
    ("aws.ec2.instance_not_stopped_long", "bad-ec2", Status.PASS),  # stopped seconds ago (moto's "UTC" reason parsed)
    ("aws.ec2.instance_managed_by_ssm", "bad-ec2", Status.PASS),  # stopped: not judged
    ("aws.ec2.instance_managed_by_ssm", "good-ec2", Status.ERROR),  # moto has no DescribeInstanceInformation
    ("aws.ec2.serial_console_access_disabled", "ec2 settings us-east-1", Status.ERROR),  # nor the serial console API
    ("aws.eks.cluster_uses_access_entries", "good-eks", Status.FAIL),  # moto drops accessConfig
    ("aws.elasticbeanstalk.environment_managed_updates_enabled", "shop-env", Status.ERROR),
    ("aws.elasticbeanstalk.environment_enhanced_health_reporting", "shop-env", Status.ERROR),
    ("aws.elasticbeanstalk.environment_streams_logs_to_cloudwatch", "shop-env", Status.ERROR),
]


@pytest.fixture(scope="module")
def statuses(scan) -> dict[tuple[str, str], Status]:
    assert not scan.coverage.failures, [(e.resource_type, e.error) for e in scan.coverage.failures]
    wanted = [c for c in registry.all_checks() if c.id in {e[0] for e in EXPECTED} | {e[0] for e in SINGLE}]
    return {(x.check_id, x.resource.name): x.status for x in evaluate(scan, wanted).findings}


@pytest.mark.parametrize(("check_id", "good", "bad"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_on_moto(statuses: dict[tuple[str, str], Status], check_id: str, good: str, bad: str | None) -> None:
    got = {n: s for (c, n), s in statuses.items() if c == check_id}
    assert got.get(good) is Status.PASS, got
    if bad is not None:
        assert got.get(bad) is Status.FAIL, got


@pytest.mark.parametrize(("check_id", "name", "status"), SINGLE, ids=[f"{e[0]}-{e[1]}" for e in SINGLE])
def test_single_resource_settings(statuses: dict[tuple[str, str], Status], check_id: str, name: str,
                                  status: Status) -> None:
    assert statuses.get((check_id, name)) is status, {k: v for k, v in statuses.items() if k[0] == check_id}


def test_no_secret_reaches_the_inventory(scan) -> None:
    """Batch environment values and ECS environment values are dropped; only names remain."""
    text = repr([r.to_dict() for r in scan])
    assert seed.FAKE_SECRET not in text
    jd = next(r for r in scan if r.type == "aws.batch.job_definition" and r.name == "bad-jd")
    assert jd.data["_containers"][0]["environment"] == [{"name": "DB_PASSWORD"}]
    td = next(r for r in scan if r.type == "aws.ecs.task_definition" and r.name == "good-td")
    assert td.data["containerDefinitions"][0]["environment"] == [{"name": "MODE"}]


def test_services_carry_their_cluster(scan) -> None:
    svc = next(r for r in scan if r.type == "aws.ecs.service" and r.name == "bad-svc")
    assert svc.data["clusterName"] == "bad-cluster"


def test_unused_services_cost_a_listing_and_find_nothing(moto_server: str) -> None:
    """An account with none of the services' resources: at most the documented listings per
    service and region, no resource (so no finding) and no coverage failure."""
    _reset(moto_server)
    # batch: compute environments + job definitions
    budget = {"ecs": 1, "ecs_clusters": 1, "eks": 1, "ecr": 1, "lambda": 1, "batch": 2, "elasticbeanstalk": 1}
    for service, calls in budget.items():
        f = _factory(moto_server, max_attempts=1)
        inv = collect_account(f, seed.ACCOUNT, [seed.REGION], services=[service], max_workers=1)
        assert not inv.coverage.failures, (service, inv.coverage.failures)
        assert not list(inv), (service, [(r.type, r.name) for r in inv])
        assert f.calls <= calls, (service, f.calls)

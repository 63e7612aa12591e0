"""Data-store and exposure settings end to end against moto over HTTP: a store with every setting
on and its twin with them off, collected by the real service modules and judged by the checks."""

from __future__ import annotations

import urllib.request

import boto3
import pytest

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.model import Status
from agent.engine.evaluate import evaluate
from tests.collectors.aws_breadth import seed

ACCOUNT, REGION = "123456789012", seed.REGION
SERVICES = ["redshift", "elasticache", "rds", "vpc", "ec2_launch_templates", "opensearch", "dms", "kafka", "memorydb",
            "autoscaling"]


@pytest.fixture(scope="module")
def statuses(moto_server: str) -> dict[tuple[str, str], Status]:
    urllib.request.urlopen(urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")).read()
    f = ClientFactory(endpoint_url=moto_server, default_region=REGION,
                      session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))
    seed.seed_depth_stores(f, "good", good=True)
    seed.seed_depth_stores(f, "bad", good=False)
    seed.seed_depth_compute(f, "good", good=True)
    seed.seed_depth_compute(f, "bad", good=False)
    ec2 = f.client("ec2", REGION)
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    for name, public in (("good-subnet", False), ("bad-subnet", True)):
        sn = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24" if public else "10.9.2.0/24",
                               TagSpecifications=[{"ResourceType": "subnet", "Tags": [{"Key": "Name", "Value": name}]}])
        ec2.modify_subnet_attribute(SubnetId=sn["Subnet"]["SubnetId"], MapPublicIpOnLaunch={"Value": public})
    for name, tokens in (("good-template", "required"), ("bad-template", "optional")):
        ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={
            "ImageId": "ami-12c6146b", "MetadataOptions": {"HttpTokens": tokens}})
    osr = f.client("opensearch", REGION)
    osr.create_domain(DomainName="good-domain", EncryptionAtRestOptions={"Enabled": True},
                      NodeToNodeEncryptionOptions={"Enabled": True},
                      DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"})
    osr.create_domain(DomainName="bad-domain")
    inv = collect_account(f, ACCOUNT, [REGION], services=SERVICES)
    assert not inv.coverage.failures, [(e.resource_type, e.error) for e in inv.coverage.failures]
    wanted = [c for c in registry.all_checks() if c.id in {e[0] for e in EXPECTED}]
    return {(x.check_id, x.resource.name): x.status for x in evaluate(inv, wanted).findings}


EXPECTED = [
    ("aws.redshift.cluster_not_publicly_accessible", "good-wh", "bad-wh"),
    ("aws.redshift.cluster_encrypted", "good-wh", "bad-wh"),
    ("aws.redshift.cluster_automatic_snapshots_7_days", "good-wh", "bad-wh"),
    ("aws.redshift.cluster_no_default_admin_user", "good-wh", "bad-wh"),
    ("aws.elasticache.replication_group_encrypted_at_rest", "good-rg", "bad-rg"),
    ("aws.elasticache.replication_group_encrypted_in_transit", "good-rg", "bad-rg"),
    ("aws.elasticache.replication_group_backups_enabled", "good-rg", "bad-rg"),
    ("aws.neptune.cluster_storage_encrypted", "good-neptune", "bad-neptune"),
    ("aws.neptune.cluster_audit_logs_exported", "good-neptune", "bad-neptune"),
    ("aws.vpc.subnet_no_public_ip_on_launch", "good-subnet", "bad-subnet"),
    ("aws.ec2.launch_template_imdsv2_required", "good-template", "bad-template"),
    ("aws.opensearch.domain_encrypted_at_rest", "good-domain", "bad-domain"),
    ("aws.elasticache.cache_cluster_auto_minor_version_upgrade", "good-mc", "bad-mc"),
    ("aws.dms.replication_instance_not_public", "good-dms", "bad-dms"),
    ("aws.dms.replication_instance_multi_az", "good-dms", "bad-dms"),
    ("aws.memorydb.cluster_tls_enabled", "good-mdb", "bad-mdb"),
    ("aws.memorydb.cluster_snapshots_enabled", "good-mdb", "bad-mdb"),
    # (moto's ListClustersV2 leaves EncryptionInfo and ClientAuthentication empty: MSK settings are in fixtures)
    ("aws.autoscaling.launch_configuration_imdsv2_required", "good-lc", "bad-lc"),
    ("aws.autoscaling.launch_configuration_no_public_ip", "good-lc", "bad-lc"),
    ("aws.autoscaling.group_multi_az", "good-asg", "bad-asg"),
    ("aws.opensearch.domain_node_to_node_encryption", "good-domain", "bad-domain"),
    ("aws.opensearch.domain_https_required", "good-domain", "bad-domain"),
]


@pytest.mark.parametrize(("check_id", "good", "bad"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_on_moto(statuses: dict[tuple[str, str], Status], check_id: str, good: str, bad: str) -> None:
    got = {n: s for (c, n), s in statuses.items() if c == check_id}
    assert got.get(good) is Status.PASS and got.get(bad) is Status.FAIL, got

"""The post-collection exposure pass: pure function over an inventory, every hop of the path."""

from __future__ import annotations

import json
from typing import Any

from agent.collectors.aws import exposure
from agent.core.inventory import Inventory
from agent.core.model import Resource

ACCT = "123456789012"


def R(rtype: str, rid: str, data: dict[str, Any]) -> Resource:
    return Resource("aws", ACCT, "us-east-1", rtype, rid, rid, {}, data)


def sg(gid: str, *perms: dict) -> Resource:
    return R("aws.ec2.security_group", gid, {"GroupId": gid, "IpPermissions": list(perms)})


def tcp(port: int, cidr: str = "0.0.0.0/0") -> dict:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}]}


ALL = {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
ROUTE_IGW = R("aws.ec2.route_table", "rtb-pub", {"RouteTableId": "rtb-pub", "VpcId": "vpc-1",
              "Associations": [{"SubnetId": "subnet-pub"}],
              "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}]})
ROUTE_MAIN = R("aws.ec2.route_table", "rtb-main", {"RouteTableId": "rtb-main", "VpcId": "vpc-1",
               "Associations": [{"Main": True}], "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}]})
NACL_OPEN = R("aws.ec2.network_acl", "acl-default", {"NetworkAclId": "acl-default", "VpcId": "vpc-1", "IsDefault": True,
              "Associations": [], "Entries": [{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": False, "CidrBlock": "0.0.0.0/0"}]})
NACL_NO_SSH = R("aws.ec2.network_acl", "acl-web", {"NetworkAclId": "acl-web", "VpcId": "vpc-1", "IsDefault": False,
                "Associations": [{"SubnetId": "subnet-web"}], "Entries": [
                    {"RuleNumber": 10, "Protocol": "6", "RuleAction": "deny", "Egress": False, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 22, "To": 22}},
                    {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": False, "CidrBlock": "0.0.0.0/0"}]})
ROUTE_WEB = R("aws.ec2.route_table", "rtb-web", {"RouteTableId": "rtb-web", "VpcId": "vpc-1", "Associations": [{"SubnetId": "subnet-web"}],
              "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}]})
ADMIN_ROLE = R("aws.iam.role", f"arn:aws:iam::{ACCT}:role/admin", {"RoleName": "admin", "_admin": True, "_privileged_actions": ["*"],
               "InstanceProfileList": [{"Arn": f"arn:aws:iam::{ACCT}:instance-profile/admin"}]})


def instance(iid: str, subnet: str, sgs: list[str], public: bool = True, profile: str | None = None) -> Resource:
    d: dict[str, Any] = {"InstanceId": iid, "SubnetId": subnet, "VpcId": "vpc-1", "SecurityGroups": [{"GroupId": g} for g in sgs]}
    if public:
        d["PublicIpAddress"] = "203.0.113.10"
    if profile:
        d["IamInstanceProfile"] = {"Arn": profile}
    return R("aws.ec2.instance", iid, d)


def run(*resources: Resource) -> Inventory:
    inv = Inventory(resources)
    exposure.annotate(inv)
    return inv


def test_public_instance_open_sg_igw_route_is_reachable_and_privileged() -> None:
    i = instance("i-1", "subnet-pub", ["sg-open"], profile=f"arn:aws:iam::{ACCT}:instance-profile/admin")
    run(i, sg("sg-open", tcp(22)), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN, ADMIN_ROLE)
    exp = i.data["_exposure"]
    assert exp["internet_reachable"] is True and exp["open_ports"] == [22]
    assert any("igw-1" in hop for hop in exp["path"])
    assert i.data["_privileged"]["admin"] is True


def test_all_ports_sg_is_open_on_22_and_3389() -> None:
    i = instance("i-2", "subnet-pub", ["sg-all"])
    run(i, sg("sg-all", ALL), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    assert {22, 3389, 443} <= set(i.data["_exposure"]["open_ports"])


def test_no_route_to_igw_blocks() -> None:
    i = instance("i-3", "subnet-private", ["sg-open"])  # falls back to the main table: no IGW route
    run(i, sg("sg-open", tcp(22)), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    assert i.data["_exposure"]["internet_reachable"] is False
    assert i.data["_exposure"]["level"] == "public-but-blocked"


def test_nacl_deny_blocks_only_that_port() -> None:
    i = instance("i-4", "subnet-web", ["sg-web"])
    run(i, sg("sg-web", tcp(22), tcp(443)), ROUTE_WEB, ROUTE_MAIN, NACL_NO_SSH, NACL_OPEN)
    assert i.data["_exposure"]["open_ports"] == [443]


def test_restricted_sg_and_private_instance() -> None:
    a = instance("i-5", "subnet-pub", ["sg-office"])
    b = instance("i-6", "subnet-pub", ["sg-open"], public=False)
    run(a, b, sg("sg-office", tcp(22, "198.51.100.0/24")), sg("sg-open", tcp(22)), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    assert a.data["_exposure"]["internet_reachable"] is False
    assert b.data["_exposure"]["level"] == "private"


def test_rds_flagged_public_with_closed_sg_is_public_but_blocked() -> None:
    db = R("aws.rds.db_instance", "db-1", {"PubliclyAccessible": True, "Endpoint": {"Port": 5432},
                                        "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-closed"}],
                                        "DBSubnetGroup": {"VpcId": "vpc-1", "Subnets": [{"SubnetIdentifier": "subnet-pub"}]}})
    open_db = R("aws.rds.db_instance", "db-2", {"PubliclyAccessible": True, "Endpoint": {"Port": 5432},
                                             "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-pg"}],
                                             "DBSubnetGroup": {"VpcId": "vpc-1", "Subnets": [{"SubnetIdentifier": "subnet-pub"}]}})
    run(db, open_db, sg("sg-closed"), sg("sg-pg", tcp(5432)), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    assert db.data["_exposure"]["level"] == "public-but-blocked"
    assert open_db.data["_exposure"] == {**open_db.data["_exposure"], "internet_reachable": True, "open_ports": [5432]}


def test_bucket_public_policy_honours_block_public_access() -> None:
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                                                  "Resource": "arn:aws:s3:::b/*"}]})
    b = R("aws.s3.bucket", "arn:aws:s3:::b", {"Policy": policy, "PublicAccessBlock": None})
    acl = R("aws.s3.bucket", "arn:aws:s3:::c", {"Acl": {"Grants": [{"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]}})
    run(b, acl)
    assert b.data["_exposure"]["internet_reachable"] and acl.data["_exposure"]["internet_reachable"]
    blocked = R("aws.s3.bucket", "arn:aws:s3:::b", {"Policy": policy})
    pab = R("aws.s3.account_public_access_block", "acct", {"PublicAccessBlockConfiguration": {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}})
    run(blocked, pab)
    assert blocked.data["_exposure"]["internet_reachable"] is False


def test_lambda_public_url_with_admin_role() -> None:
    fn = R("aws.lambda.function", "fn", {"Role": ADMIN_ROLE.id, "FunctionUrlConfigs": [{"AuthType": "NONE"}], "Policy": None})
    run(fn, ADMIN_ROLE)
    assert fn.data["_exposure"]["internet_reachable"] and fn.data["_privileged"]["admin"]


def test_accounts_are_kept_apart() -> None:
    other = Resource("aws", "999999999999", "us-east-1", "aws.ec2.security_group", "sg-open", "sg-open", {},
                     {"GroupId": "sg-open", "IpPermissions": [tcp(22)]})
    i = instance("i-7", "subnet-pub", ["sg-open"])
    run(i, other, ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    assert i.data["_exposure"]["internet_reachable"] is False

"""Routine activity raises nothing: read-only calls by people and workloads, deployments by CI
roles, controllers watching the cluster, kubelets asking for tokens, Azure and GCP reads.  The
pack must stay quiet here (false positives cost as much as misses)."""

from __future__ import annotations

from agent.events.normalise import normalise
from agent.threats.detect import evaluate
from agent.threats.pseudonym import Pseudonymiser
from tests.checks.make_threat_fixtures import azure, cloudtrail, entra, gcp, k8s

CT_READS = [("ec2", n) for n in ("DescribeInstances", "DescribeVolumes", "DescribeSecurityGroups", "DescribeVpcs",
                                  "DescribeSubnets", "DescribeImages", "DescribeSnapshots", "DescribeRegions")] + [
    ("s3", "ListBuckets"), ("s3", "GetBucketPolicy"), ("s3", "GetBucketAcl"), ("iam", "GetUser"), ("iam", "ListRoles"),
    ("iam", "GetRole"), ("lambda", "ListFunctions20150331"), ("rds", "DescribeDBInstances"), ("kms", "ListKeys"),
    ("cloudtrail", "DescribeTrails"), ("cloudtrail", "GetTrailStatus"), ("guardduty", "ListDetectors"),
    ("secretsmanager", "ListSecrets"), ("ssm", "DescribeParameters"), ("sts", "GetCallerIdentity")]


def benign() -> list[dict]:
    evs = []
    for i, (svc, name) in enumerate(CT_READS):
        # a person in the console, a CI role with the SDK, an instance with its agent
        evs.append(cloudtrail({"svc": svc, "name": name, "read_only": True, "at": i * 0.5,
                               "ua": "console.amazonaws.com", "set": {"sessionCredentialFromConsole": "true"}}, f"c{i}"))
        evs.append(cloudtrail({"svc": svc, "name": name, "read_only": True, "at": i * 0.5, "identity": "role",
                               "ua": "aws-sdk-go-v2/1.24.0 os/linux"}, f"r{i}"))
    evs += [
        cloudtrail({"svc": "signin", "name": "ConsoleLogin", "resp": {"ConsoleLogin": "Success"}, "ua": "Mozilla/5.0",
                    "set": {"additionalEventData": {"MFAUsed": "Yes"}}}, "login"),
        cloudtrail({"svc": "sts", "name": "AssumeRole", "identity": "role", "ua": "aws-sdk-java/2.25",
                    "params": {"roleArn": "arn:aws:iam::111122223333:role/deploy", "roleSessionName": "ci"}}, "assume"),
        cloudtrail({"svc": "secretsmanager", "name": "GetSecretValue", "identity": "role", "ua": "aws-sdk-java/2.25",
                    "params": {"secretId": "prod/db"}}, "app-secret"),
        cloudtrail({"svc": "ssm", "name": "GetParameter", "identity": "role", "ua": "aws-sdk-java/2.25",
                    "params": {"name": "/prod/db", "withDecryption": True}}, "app-param"),
        cloudtrail({"svc": "kms", "name": "Decrypt", "identity": "role", "ua": "aws-internal/3"}, "kms"),
        cloudtrail({"svc": "s3", "name": "PutObject", "identity": "role", "params": {"bucketName": "b", "key": "reports/x.csv"}}, "put"),
        cloudtrail({"svc": "ec2", "name": "RunInstances", "identity": "role",
                    "params": {"instanceType": "m5.large", "instancesSet": {"items": [{"imageId": "ami-1", "minCount": 2, "maxCount": 2}]}}}, "run"),
        cloudtrail({"svc": "ec2", "name": "AuthorizeSecurityGroupIngress", "identity": "role",
                    "params": {"groupId": "sg-1", "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 443, "toPort": 443,
                                                                              "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}]}}}, "https"),
        k8s({"resource": "pods", "verb": "list", "user": "controller"}, "k1"),
        k8s({"resource": "secrets", "verb": "watch", "user": "controller"}, "k2"),
        k8s({"resource": "serviceaccounts", "sub": "token", "verb": "create", "user": "node", "obj_name": "api"}, "k3"),
        k8s({"resource": "pods", "verb": "create", "user": "kube_system_sa", "obj_name": "api-1",
             "obj": {"kind": "Pod", "spec": {"containers": [{"name": "api", "image": "shop/api:1.4"}]}}}, "k4"),
        k8s({"resource": "configmaps", "verb": "get", "user": "sa"}, "k5"),
        k8s({"resource": "services", "verb": "create", "obj_name": "api",
             "obj": {"kind": "Service", "spec": {"type": "ClusterIP", "ports": [{"port": 80}]}}}, "k6"),
        k8s({"resource": "leases", "verb": "update", "user": "controller", "ns": "kube-system", "group": "coordination.k8s.io"}, "k7"),
        azure({"op": "MICROSOFT.COMPUTE/VIRTUALMACHINES/READ"}, "a1"),
        azure({"op": "MICROSOFT.RESOURCES/DEPLOYMENTS/WRITE"}, "a2"),
        azure({"op": "MICROSOFT.STORAGE/STORAGEACCOUNTS/BLOBSERVICES/CONTAINERS/READ"}, "a3"),
        entra({}, "e1"),
        entra({"code": 50126, "reason": "Invalid username or password"}, "e2"),
        entra({"cat": "AuditLogs", "activity": "Update user", "audit_category": "UserManagement", "optype": "Update"}, "e3"),
        gcp({"method": "v1.compute.instances.list", "service": "compute.googleapis.com", "data_access": True}, "g1"),
        gcp({"method": "storage.objects.get", "service": "storage.googleapis.com", "data_access": True}, "g2"),
        gcp({"method": "google.iam.admin.v1.ListServiceAccounts", "service": "iam.googleapis.com", "data_access": True}, "g3"),
    ]
    return evs


def test_routine_activity_raises_nothing() -> None:
    got = evaluate([normalise(r) for r in benign()], Pseudonymiser(b"k")).sightings
    assert not got, sorted({s.finding.check_id for s in got.values()})
